// The host's keyboard during a game. Space and Enter only ever mean "next" (the primary
// action), whatever has focus: a button clicked a moment ago (End game, a player's chip)
// must never fire from the advance key, so the browser's own Space/Enter on it is stopped.

/**
 * Listens for keys while `active()` is true. `keys` maps a key (' ' for Space and Enter,
 * lower-case letters, '+') to a function; a key without a function does nothing.
 */
export function bindHostKeys(active, keys) {
  document.addEventListener('keydown', (e) => {
    if (!active() || e.ctrlKey || e.metaKey || e.altKey) return;
    // Typing in a field (none on the game screens, but be safe) keeps its keys.
    if (e.target.closest?.('input, select, textarea, [contenteditable]')) return;
    const key = e.key === 'Enter' || e.key === ' ' ? ' ' : e.key.toLowerCase();
    const action = keys[key];
    if (key === ' ') e.preventDefault(); // never the focused button's click
    if (!action) return;
    e.preventDefault();
    if (!e.repeat) action();
  }, true);
  // The browser clicks a focused button on Space's keyup too: stop that as well.
  document.addEventListener('keyup', (e) => {
    if (active() && (e.key === ' ' || e.key === 'Enter') && !e.target.closest?.('input, select, textarea')) e.preventDefault();
  }, true);
}
