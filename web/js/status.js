// The banner at the top of a page that says when the connection is not right.

/** Shows `status` ('online' / 'offline' / 'replaced') in `el`; `reconnect` is called by its button. */
export function showStatus(el, status, reconnect) {
  el.replaceChildren();
  el.hidden = status === 'online';
  if (status === 'offline') {
    el.textContent = 'Connection lost — reconnecting…';
  } else if (status === 'replaced') {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'ghost';
    button.textContent = 'Use this window';
    button.addEventListener('click', reconnect);
    el.append('This game is open in another tab or window. ', button);
  }
}

let toastTimer = null;

/** Shows `text` in the page's #toast for `ms` milliseconds (a newer toast replaces it). */
export function toast(text, ms) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, ms);
}
