// The parts of a question both screens show the same way: round, multiplier, text, image.
import { $ } from './dom.js';
import { sizeText } from './choices.js';

/** Fills #q-round, #q-points, #q-text (sized between `textSizes`) and #q-image. */
export function showQuestionParts(msg, textSizes) {
  const round = $('q-round');
  round.hidden = !msg.round;
  round.textContent = msg.round || '';
  const points = $('q-points');
  points.hidden = !(msg.points > 1);
  points.textContent = msg.points === 2 ? 'Double points' : `${msg.points}× points`;
  $('q-text').textContent = msg.text;
  sizeText($('q-text'), msg.text, textSizes);
  const img = $('q-image');
  if (msg.image) {
    img.src = msg.image;
    img.alt = msg.imageAlt || '';
    img.hidden = false;
  } else {
    img.hidden = true;
    img.removeAttribute('src');
  }
}
