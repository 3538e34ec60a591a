// How answer choices look: colour AND shape AND letter, so nobody depends on colour.

const SVG = 'http://www.w3.org/2000/svg';

/** Per choice index: name, letter and shape; colours live in the CSS (.c0 ... .c5). */
export const CHOICES = [
  { letter: 'A', shape: 'triangle', name: 'red triangle' },
  { letter: 'B', shape: 'diamond', name: 'blue diamond' },
  { letter: 'C', shape: 'circle', name: 'yellow circle' },
  { letter: 'D', shape: 'square', name: 'green square' },
  { letter: 'E', shape: 'star', name: 'purple star' },
  { letter: 'F', shape: 'hexagon', name: 'orange hexagon' },
];

const SHAPES = {
  triangle: ['polygon', { points: '12,2 23,21 1,21' }],
  diamond: ['polygon', { points: '12,1 23,12 12,23 1,12' }],
  circle: ['circle', { cx: 12, cy: 12, r: 10.5 }],
  square: ['rect', { x: 2.5, y: 2.5, width: 19, height: 19 }],
  star: ['polygon', { points: '12,1 15,9 23.5,9 16.5,14 19,22.5 12,17.5 5,22.5 7.5,14 0.5,9 9,9' }],
  hexagon: ['polygon', { points: '6,2 18,2 23.5,12 18,22 6,22 0.5,12' }],
};

/** An SVG icon of choice `i`'s shape (decorative; the letter carries the meaning). */
export function shapeIcon(i) {
  const [tag, attrs] = SHAPES[CHOICES[i % CHOICES.length].shape];
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'shape');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const shape = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, String(v));
  shape.setAttribute('fill', 'currentColor');
  svg.appendChild(shape);
  return svg;
}

/** The letter for choice `i`. */
export const letter = (i) => CHOICES[i % CHOICES.length].letter;

/** A badge: shape + letter, for use inside buttons, bars and lists. */
export function badge(i) {
  const span = document.createElement('span');
  span.className = 'badge';
  span.appendChild(shapeIcon(i));
  const l = document.createElement('span');
  l.className = 'letter';
  l.textContent = letter(i);
  span.appendChild(l);
  return span;
}

/** Tags `el` with data-size="long"/"very-long" past the given lengths, so CSS can shrink long text. */
export function sizeText(el, text, [long, veryLong]) {
  const n = [...text].length;
  el.dataset.size = n > veryLong ? 'very-long' : n > long ? 'long' : 'normal';
}
