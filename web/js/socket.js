// The one WebSocket a page keeps open to /ws, reconnecting by itself when it drops.

/** Human messages for every protocol error code (the server's text is added when useful). */
export const ERRORS = {
  bad_message: 'Something went wrong talking to the server. Please reload the page.',
  room_not_found: 'There is no game with that code. Check the code on the big screen.',
  pack_not_found: 'That question pack is no longer available. Pick another one.',
  player_not_found: 'That player has already left.',
  name_taken: 'Someone in this game already has that name. Pick another one.',
  name_invalid: 'That name will not work: use 1 to 24 letters, numbers or symbols.',
  room_full: 'This game is full. Ask the host to make room.',
  not_host: 'Only the host can do that.',
  not_player: 'Join the game first.',
  wrong_phase: 'Too late: that is not possible right now.',
  too_late: 'Too late! That question has closed.',
  already_answered: 'You already answered this question.',
  bad_choice: 'That answer is not one of the choices.',
  unknown_token: 'That game has ended or you left it. Join a new one.',
  rate_limited: 'Too many wrong codes. Wait a minute and try again.',
  room_locked: 'This room is locked by the host. Ask them to unlock it to let you in.',
};

/** The text to show for an `error` message. */
export function errorText(msg) {
  // For a refused name the server says exactly what is wrong with it.
  if (msg.code === 'name_invalid' && msg.message) {
    return `That name will not work: ${msg.message}.`;
  }
  return ERRORS[msg.code] || msg.message || 'Something went wrong.';
}

/**
 * A self-healing connection. `onOpen` runs on every (re)connect (resume there),
 * `onMessage` gets each parsed server message, `onStatus` gets 'online'/'offline'.
 */
export class Connection {
  constructor({ onOpen, onMessage, onStatus }) {
    this.onOpen = onOpen;
    this.onMessage = onMessage;
    this.onStatus = onStatus || (() => {});
    this.ws = null;
    this.stopped = false;
    this.attempt = 0;
    this.retryTimer = null;
    /** When the server closed us normally (code 1000), to spot two tabs taking turns. */
    this.normalCloses = [];
  }

  /** Opens the socket (again). */
  connect() {
    clearTimeout(this.retryTimer);
    this.stopped = false;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}/ws`);
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.attempt = 0;
      this.onStatus('online');
      this.onOpen();
    });
    ws.addEventListener('message', (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg && typeof msg.type === 'string') this.onMessage(msg);
    });
    ws.addEventListener('close', (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (ev.code === 1000) {
        // The server let go of us: another tab resumed the same token, or we were slow.
        // Resume, but if it keeps happening two tabs are fighting: let the person choose.
        const now = Date.now();
        this.normalCloses = this.normalCloses.filter((t) => now - t < 60000);
        this.normalCloses.push(now);
        if (this.normalCloses.length >= 3) {
          this.normalCloses = [];
          this.stopped = true;
          this.onStatus('replaced');
          return;
        }
      }
      this.onStatus('offline');
      // Back off a little so a restarting server is not hammered: 0.5 s, 1 s, 2 s ... 5 s.
      const delay = Math.min(5000, 500 * 2 ** this.attempt);
      this.attempt += 1;
      this.retryTimer = setTimeout(() => this.connect(), delay);
    });
  }

  /** Sends a message; false when the socket is not open (the caller tells the user). */
  send(msg) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** Closes for good (no reconnect) — e.g. after being kicked. */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.ws) this.ws.close();
    this.ws = null;
  }

  /** Drops the current socket and opens a fresh one (to join a different room). */
  restart() {
    this.stop();
    this.connect();
  }
}
