// Tiny DOM helpers. User text always goes in as text nodes, never as HTML.

/**
 * Creates an element. `attrs` keys: `class`, `testid` (data-testid), `text`,
 * `on<event>` handlers, booleans (set when true) and anything else as an attribute.
 * Children may be nodes, strings (become text nodes), arrays, null or false.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'testid') el.dataset.testid = value;
    else if (key === 'text') el.textContent = String(value);
    // Through CSSOM, which the Content-Security-Policy allows (a style attribute it does not).
    else if (key === 'style') el.style.cssText = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Shorthand for document.getElementById. */
export const $ = (id) => document.getElementById(id);

/**
 * Shows the `<section data-screen=NAME>` and hides the others; tags <body> with
 * data-screen so tests and CSS know where we are. When the screen changes (or `fresh`
 * says its content is new, as for the next question), focus moves to its first
 * heading: the hidden section took the old focus with it, and a screen reader then
 * reads where we are instead of nothing.
 */
export function showScreen(name, fresh = false) {
  const changed = document.body.dataset.screen !== name;
  let shown = null;
  for (const s of document.querySelectorAll('[data-screen-name]')) {
    s.hidden = s.dataset.screenName !== name;
    if (!s.hidden) shown = s;
  }
  document.body.dataset.screen = name;
  if (!(changed || fresh) || !shown) return;
  const heading = shown.querySelector('h1, h2');
  // Only when focus is not already on something the user chose on this screen.
  if (heading && !shown.contains(document.activeElement)) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

/** Reads JSON from localStorage, or null. */
export function load(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null');
  } catch {
    return null;
  }
}

/** Writes JSON to localStorage (null removes the key). */
export function save(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full quota: we just lose resume-after-reload.
  }
}

/** A countdown shown in `el` until `remainingMs` runs out (server-timed). */
export class Countdown {
  constructor(el, onTick) {
    this.el = el;
    this.onTick = onTick;
    this.timer = null;
  }
  start(remainingMs, limitMs) {
    this.stop();
    const end = performance.now() + remainingMs;
    this.end = end;
    const tick = () => {
      const left = Math.max(0, end - performance.now());
      this.el.textContent = String(Math.ceil(left / 1000));
      this.el.classList.toggle('urgent', left <= 5000);
      if (this.onTick) this.onTick(left, limitMs);
      if (left <= 0) this.stop();
    };
    tick();
    this.timer = setInterval(tick, 200);
  }
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
  /** Shows `remainingMs` standing still (a paused clock). */
  hold(remainingMs, limitMs) {
    this.stop();
    this.end = performance.now() + remainingMs;
    this.el.textContent = String(Math.ceil(remainingMs / 1000));
    this.el.classList.toggle('urgent', remainingMs <= 5000);
    if (this.onTick) this.onTick(remainingMs, limitMs);
  }
  /** Milliseconds left (0 when stopped at the end). */
  remaining() {
    return this.end ? Math.max(0, this.end - performance.now()) : 0;
  }
}

/** Formats a score with thousands separators. */
export const fmt = (n) => Number(n || 0).toLocaleString('en-US');

/** "1st", "2nd", "3rd", "4th" ... */
export function ordinal(n) {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || s[0]);
}
