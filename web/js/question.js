// The parts of a question both screens (and the editor's preview) show the same way:
// round, multiplier, text, image.
import { $ } from './dom.js';
import { sizeText } from './choices.js';

/** Fills #q-round, #q-points, #q-text (sized between `textSizes`) and #q-image. */
export function showQuestionParts(msg, textSizes) {
  fillQuestionParts({ round: $('q-round'), points: $('q-points'), text: $('q-text'), image: $('q-image') }, msg, textSizes);
}

/** The same for any set of elements {round, points, text, image}: the editor's preview has two. */
export function fillQuestionParts(parts, msg, textSizes) {
  const { round, points, text, image: img } = parts;
  round.hidden = !msg.round;
  round.textContent = msg.round || '';
  points.hidden = !(msg.points > 1);
  points.textContent = msg.points === 2 ? 'Double points' : `${msg.points}× points`;
  text.textContent = msg.text;
  sizeText(text, msg.text, textSizes);
  if (msg.image) {
    img.src = msg.image;
    img.alt = msg.imageAlt || '';
    img.hidden = false;
  } else {
    img.hidden = true;
    img.removeAttribute('src');
  }
}
