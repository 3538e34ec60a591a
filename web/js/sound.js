// The big screen's sounds, synthesized with WebAudio: no audio files, nothing to license.
// Lobby music, ticks for the last seconds, a reveal chime, a drumroll and a fanfare.
// Mute is remembered (localStorage); phones never load this module.

import { load, save } from './dom.js';

const MUTE_KEY = 'quiznight.mute';
let muted = Boolean(load(MUTE_KEY));
let ctx = null;
let master = null;
let lobbyTimer = null;
/** Names of the sounds asked for, newest last (the browser tests read it). */
export const played = [];
window.__sounds = played;

/** The audio graph, made on first use (browsers allow it after the host's first click). */
function audio() {
  if (!ctx) {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return null;
    ctx = new Ctx();
    master = ctx.createGain();
    master.gain.value = muted ? 0 : 0.5;
    master.connect(ctx.destination);
  }
  if (ctx.state === 'suspended') ctx.resume().catch(() => {});
  return ctx;
}

/** One note: `freq` Hz from `at` seconds for `len` seconds, with a quick fade in and out. */
function note(freq, at, len, { type = 'sine', gain = 0.3 } = {}) {
  const c = audio();
  if (!c) return;
  const t = c.currentTime + at;
  const osc = c.createOscillator();
  const env = c.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  env.gain.setValueAtTime(0.0001, t);
  env.gain.exponentialRampToValueAtTime(gain, t + 0.01);
  env.gain.exponentialRampToValueAtTime(0.0001, t + len);
  osc.connect(env).connect(master);
  osc.start(t);
  osc.stop(t + len + 0.05);
}

/** A short burst of noise (a drum hit), `len` seconds at `at`. */
function hit(at, len, gain) {
  const c = audio();
  if (!c) return;
  const frames = Math.floor(c.sampleRate * len);
  const buf = c.createBuffer(1, frames, c.sampleRate);
  const data = buf.getChannelData(0);
  for (let i = 0; i < frames; i += 1) data[i] = (Math.random() * 2 - 1) * (1 - i / frames);
  const src = c.createBufferSource();
  const env = c.createGain();
  env.gain.value = gain;
  src.buffer = buf;
  src.connect(env).connect(master);
  src.start(c.currentTime + at);
}

function play(name, fn) {
  played.push(name);
  if (played.length > 50) played.shift();
  if (!muted) fn();
}

export const isMuted = () => muted;

/** Mutes or unmutes everything (remembered for the next night). */
export function setMuted(value) {
  muted = value;
  save(MUTE_KEY, muted);
  if (master) master.gain.value = muted ? 0 : 0.5;
}

/** Soft, looping lobby music: a slow arpeggio in C major, until stopLobby(). */
export function startLobby() {
  if (lobbyTimer) return;
  played.push('lobby');
  const chords = [[262, 330, 392], [220, 262, 330], [175, 220, 262], [196, 247, 294]];
  let bar = 0;
  const playBar = () => {
    if (muted) return;
    const chord = chords[bar % chords.length];
    chord.forEach((f, i) => note(f, i * 0.4, 0.9, { type: 'triangle', gain: 0.08 }));
    note(chord[0] / 2, 0, 1.6, { type: 'sine', gain: 0.1 });
    bar += 1;
  };
  playBar();
  lobbyTimer = setInterval(playBar, 1600);
}

export function stopLobby() {
  clearInterval(lobbyTimer);
  lobbyTimer = null;
}

/** One tick of the last seconds; the final second is higher. */
export const tick = (secondsLeft) => play('tick', () =>
  note(secondsLeft <= 1 ? 1320 : 880, 0, 0.08, { type: 'square', gain: 0.12 }));

/** The question closes: a rising three-note chime. */
export const reveal = () => play('reveal', () => {
  [523, 659, 784].forEach((f, i) => note(f, i * 0.09, 0.5, { type: 'triangle', gain: 0.25 }));
});

/** A drumroll of `secs` seconds, louder towards its end. */
export const drumroll = (secs) => play('drumroll', () => {
  const hits = Math.floor(secs / 0.05);
  for (let i = 0; i < hits; i += 1) hit(i * 0.05, 0.04, 0.08 + 0.25 * (i / hits));
});

/** A podium place is shown: a chord, bigger for first place. */
export const fanfare = (place) => play(`fanfare-${place}`, () => {
  const root = place === 1 ? 523 : place === 2 ? 440 : 392;
  [1, 1.25, 1.5].forEach((r, i) => note(root * r, i * 0.05, place === 1 ? 1.6 : 0.8, { type: 'sawtooth', gain: 0.09 }));
  if (place === 1) hit(0, 0.4, 0.35);
});
