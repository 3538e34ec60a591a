// Shrinks a big-screen view's text until it fits its box: nobody scrolls a projector.

const STEPS = [1, 0.92, 0.84, 0.76, 0.68, 0.6, 0.52, 0.45];

/** True when `box`'s content fits inside it (a pixel of rounding allowed). */
export const fits = (box) => box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;

/**
 * Sets the CSS variable --fit on `box` to the largest step at which its content fits
 * (the stylesheet multiplies font sizes by it), and so does every box of `inner` (parts
 * that clip their own overflow); returns the step used.
 */
export function fitText(box, ...inner) {
  if (!box || box.hidden || box.clientHeight === 0) return 1;
  for (const step of STEPS) {
    box.style.setProperty('--fit', String(step));
    if (fits(box) && inner.every(fits)) return step;
  }
  return STEPS[STEPS.length - 1];
}

/**
 * Shows as many of `list`'s items as fit, newest first, and ends with a "+N more"
 * item for the rest; `more` is that item (kept out of the count of real items).
 */
export function fitList(list, more) {
  const items = [...list.children].filter((li) => li !== more);
  for (const li of items) li.hidden = false;
  more.remove();
  if (fits(list)) return 0;
  list.appendChild(more);
  // Hide from the end (the oldest) until the list and its "+N more" fit; bounded by the items.
  let hidden = 0;
  for (let i = items.length - 1; i >= 0 && !fits(list); i -= 1) {
    items[i].hidden = true;
    hidden += 1;
    more.firstChild.textContent = `+${hidden} more`;
  }
  return hidden;
}
