// The big screen: set up a game, show the lobby, the questions, the results.
// A state machine driven by server messages; the host's keys only send start/next.

import { h, fill, $, showScreen, load, save, Countdown, fmt } from './dom.js';
import { Connection, errorText } from './socket.js';
import { showStatus, toast as showToast } from './status.js';
import { showQuestionParts } from './question.js';
import { badge, sizeText } from './choices.js';
import { fitText, fitList } from './fit.js';
import { bindHostKeys } from './hostkeys.js';
import * as sounds from './sound.js';
import { showKey, clearKey, showWaiting } from './presenter.js';
import { fetchGame, showStats, fitStats } from './finalstats.js';

const KEY = 'quiznight.host';
// /host?presenter=CODE: the presenter view of room CODE (the controls, the answer, who
// has not answered), in a second window or on a phone that has the host cookie.
const PRESENTER = /^\d{6}$/.test(new URLSearchParams(location.search).get('presenter') || '')
  ? new URLSearchParams(location.search).get('presenter') : null;
// The presenter is silent (the projector plays the night's sound) and keeps nothing:
// this browser's projector window keeps its room in localStorage.
const sound = PRESENTER ? new Proxy({}, { get: () => () => false }) : sounds;
const keep = (key, value) => { if (!PRESENTER) save(key, value); };
document.body.classList.toggle('presenter', Boolean(PRESENTER));
const RING = 2 * Math.PI * 45;

/** The room we host: {token, code, joinUrl, packTitle}; survives reloads. */
let host = PRESENTER ? { code: PRESENTER } : load(KEY);
/** The last question shown (a reveal after a reload still needs its text). */
let question = PRESENTER ? null : load(`${KEY}.question`);
// A presenter is connected (the projector then shows only the show).
let presented = false;
// A lobby arrived on this page already: later mid-game ones can name late joiners.
let seenLobby = false;
let pendingCreate = null;
let packs = [];
let players = [];
// Players in the room, from the server's `count` (the host's list is complete anyway).
let playerCount = 0;
// Players who may answer the open question (from `progress`): the reveal counts them all.
let questionPlayers = 0;
let paused = false;
// The host locked the room (from the server's `lobby.locked`).
let locked = false;
let online = false;
let screen = 'loading';
// The finished game's question stats are loaded (the stats screen can be shown), and
// the podium has named its winner (Space does not skip the suspense).
let statsReady = false;
let podiumDone = false;

const ring = $('ring');
ring.style.strokeDasharray = String(RING);
// Sensible length for a night: a pack's first dozen questions, not all 200.
const DEFAULT_QUESTIONS = 12;
const SETUP_KEY = `${KEY}.setup`;
let lastTick = 0;
const timer = new Countdown($('q-timer'), (left, limit) => {
  ring.style.strokeDashoffset = String(RING * (1 - (limit ? left / limit : 0)));
  // Ticks for the last five seconds, once each.
  const secs = Math.ceil(left / 1000);
  if (screen === 'question' && !paused && secs >= 1 && secs <= 5 && secs !== lastTick) sound.tick(secs);
  lastTick = secs;
});

const conn = new Connection({
  onOpen() {
    if (PRESENTER) conn.send({ type: 'present', code: PRESENTER });
    else if (pendingCreate) conn.send(pendingCreate);
    else if (host && host.token) conn.send({ type: 'resume', token: host.token });
    // A reconnect while setting up keeps what the host already chose; /host?pack=ID
    // (the Play link of /host/packs) picks that pack.
    else if (screen !== 'setup') showSetup(new URLSearchParams(location.search).get('pack'));
  },
  onMessage: handle,
  onStatus(status) {
    showStatus($('status'), status, () => conn.connect());
    // No start or next while the connection is down: they would go nowhere.
    online = status === 'online';
    $('start').disabled = !online || playerCount === 0;
    $('next').disabled = !online;
    showKeyHint();
  },
});

/** The game's screens speak the pack's language (the controls stay English). */
function setLang() {
  $('app').lang = host?.lang || 'en';
}
setLang();

function go(name) {
  screen = name;
  if (name !== 'question') timer.stop();
  stopAdvance();
  $('presenter-panel').hidden = !(PRESENTER && name === 'question');
  if (name !== 'question') clearKey();
  showScreen(name);
  const inGame = !['loading', 'setup'].includes(name);
  $('controls').hidden = !inGame;
  $('start').hidden = name !== 'lobby';
  $('next').hidden = !['question', 'reveal', 'leaderboard'].includes(name);
  $('end').hidden = !['lobby', 'question', 'reveal', 'leaderboard'].includes(name);
  $('new-game').hidden = !['finished', 'stats'].includes(name) || Boolean(PRESENTER);
  showStatsButton();
  $('pause').hidden = name !== 'question';
  $('add-time').hidden = name !== 'question';
  // The projector's bar has room for these in the lobby only (L locks in every phase);
  // the presenter, whose bar wraps, shows the lock button throughout.
  $('lock').hidden = !(name === 'lobby' || (PRESENTER && ['question', 'reveal', 'leaderboard'].includes(name)));
  $('presenter-link').hidden = Boolean(PRESENTER) || !host?.code || name !== 'lobby';
  if (host?.code) $('presenter-link').href = `/host?presenter=${encodeURIComponent(host.code)}`;
  for (const id of ['mute', 'fullscreen']) $(id).hidden = Boolean(PRESENTER);
  askedToClose(false);
  showLock();
  document.body.classList.toggle('in-game', inGame);
  if (name === 'lobby') sound.startLobby();
  else sound.stopLobby();
  // A half-made confirmation does not carry over to the next screen.
  resetEnd();
  showKeyHint();
  fitScreen();
}

/** After the podium, Space shows the question stats, and again goes back to the podium. */
function showStatsButton() {
  $('stats').hidden = !statsReady || !podiumDone || !['finished', 'stats'].includes(screen);
  $('stats').textContent = screen === 'stats' ? 'Back to the podium' : 'Question stats';
}

/** The primary button on screen (what Space does), or null where there is none. */
function primary() {
  return ['start', 'next', 'stats'].map($).find((b) => !b.hidden && !b.disabled) || null;
}

/** Says what Space does right now, or nothing where it does nothing. */
function showKeyHint() {
  const b = primary();
  fill($('keyhint'), b ? [h('kbd', { text: 'Space' }), ` ${b.textContent}`] : null);
}

/** Shrinks the current screen's text until it fits the viewport (see fit.js). */
function fitScreen() {
  const section = document.querySelector(`[data-screen-name="${screen}"]`);
  if (screen === 'lobby') fitChips();
  else if (['question', 'reveal', 'leaderboard'].includes(screen)) fitText(section);
  else if (screen === 'stats') fitStats();
}
window.addEventListener('resize', fitScreen);
$('q-image').addEventListener('load', fitScreen);

// The host screen is read from afar: messages stay up a little longer there.
const toast = (text) => showToast(text, 5000);

function handle(msg) {
  switch (msg.type) {
    case 'created':
      host = { token: msg.hostToken, code: msg.code, joinUrl: msg.joinUrl, packTitle: msg.pack.title,
        lang: packs.find((p) => p.id === msg.pack.id)?.language || 'en' };
      keep(KEY, host);
      setLang();
      pendingCreate = null;
      $('create').disabled = false;
      $('players').replaceChildren(); // player ids start again in a new room
      break;
    case 'resumed':
      host = { ...host, code: msg.code };
      keep(KEY, host);
      break;
    case 'lobby':
      if (msg.started && seenLobby) announceLateJoiners(msg.players);
      seenLobby = true;
      players = msg.players;
      playerCount = msg.count ?? msg.players.length;
      locked = Boolean(msg.locked);
      showLock();
      if (!msg.started) showLobby();
      break;
    case 'question':
      onQuestion(msg);
      break;
    case 'progress':
      questionPlayers = msg.players;
      $('q-answered').textContent = `${msg.answered} / ${msg.players} answered${msg.dropped ? ` · ${msg.dropped} phone${msg.dropped === 1 ? '' : 's'} away` : ''}`;
      if (PRESENTER) {
        showWaiting(msg, (p, button) => confirmThen(button, () => conn.send({ type: 'kick', playerId: p.id })));
        fitScreen(); // the panel took some of the question's height
      }
      break;
    case 'key':
      if (PRESENTER) {
        showKey(msg);
        fitScreen();
      }
      break;
    case 'advance':
      showAdvance(msg.inMs);
      break;
    case 'presenter':
      presented = msg.connected;
      document.body.classList.toggle('presented', presented);
      fitScreen();
      break;
    case 'clock':
      if (screen === 'question' && question?.index === msg.question) showClock(msg.remainingMs, msg.paused);
      break;
    case 'reveal':
      onReveal(msg);
      break;
    case 'leaderboard':
      onLeaderboard(msg);
      break;
    case 'finished':
      onFinished(msg);
      break;
    case 'storage':
      showStorage(msg);
      break;
    case 'error':
      onError(msg);
      break;
    default:
      break;
  }
}

// The server cannot write to its disk: say so until it can (it keeps and retries).
function showStorage(msg) {
  let banner = $('storage-warning');
  if (!banner) {
    banner = h('div', { id: 'storage-warning', class: 'storage-warning', role: 'alert' });
    document.body.prepend(banner);
  }
  banner.hidden = msg.ok;
  banner.textContent = msg.ok ? '' : `The server cannot save to its disk: ${msg.reason || 'unknown error'}. The game goes on; nothing is lost while it retries, but ask whoever runs the server to fix the disk.`;
}

// --- Setup ----------------------------------------------------------------------

async function showSetup(selectId) {
  go('setup');
  try {
    const res = await fetch('/api/packs');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    packs = await res.json();
  } catch (e) {
    $('setup-error').textContent = `Could not load the question packs (${e.message}). Is the server running?`;
    return;
  }
  const select = $('pack');
  const keep = selectId || select.value || load(SETUP_KEY)?.pack;
  fill(select, packs.map((p) => h('option', {
    value: p.id,
    text: `${p.title} — ${p.questions} question${p.questions === 1 ? '' : 's'}`,
  })));
  if (packs.some((p) => p.id === keep)) select.value = keep;
  $('create').disabled = packs.length === 0;
  $('setup-error').textContent = packs.length ? '' : 'No question packs found. Put .toml packs in the questions folder, or upload one.';
  onPackChange();
}

function onPackChange() {
  const pack = packs.find((p) => p.id === $('pack').value);
  const info = $('pack-info');
  if (!pack) {
    fill(info);
    return;
  }
  fill(info,
    h('p', { class: 'pack-title', text: pack.title }),
    pack.description ? h('p', { class: 'muted', text: pack.description }) : null,
    h('p', { class: 'muted', text: `${pack.questions} questions${pack.rounds?.length ? ` in ${pack.rounds.length} rounds` : ''}` }));
  const count = $('count');
  count.max = String(pack.questions);
  count.value = String(Math.min(pack.questions, DEFAULT_QUESTIONS));
  const rounds = pack.rounds || [];
  $('rounds-box').hidden = rounds.length < 2;
  fill($('rounds'), rounds.map((name, i) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: String(i), checked: true }), h('span', { dir: 'auto', text: name }))));
  restoreSetup(pack.id);
}

/** The last game's settings come back for the same pack ("New game" keeps them). */
function restoreSetup(packId) {
  const last = load(SETUP_KEY);
  if (!last || last.pack !== packId) return;
  const s = last.settings || {};
  if (s.questionCount) $('count').value = String(Math.min(s.questionCount, Number($('count').max) || s.questionCount));
  $('seconds').value = s.timeLimitSecs ? String(s.timeLimitSecs) : '';
  if (s.scoring) $('scoring').value = s.scoring;
  $('shuffle').checked = Boolean(s.shuffle);
  $('shuffle-choices').checked = Boolean(s.shuffleChoices);
  $('auto-advance').checked = Boolean(s.autoAdvance);
  if (Array.isArray(s.rounds)) {
    for (const b of $('rounds').querySelectorAll('input')) b.checked = s.rounds.includes(Number(b.value));
  }
}

for (const [id, on] of [['rounds-all', true], ['rounds-none', false]]) {
  $(id).addEventListener('click', () => {
    for (const b of $('rounds').querySelectorAll('input')) b.checked = on;
  });
}

function settings() {
  const s = {
    scoring: $('scoring').value,
    shuffle: $('shuffle').checked,
    shuffleChoices: $('shuffle-choices').checked,
    autoAdvance: $('auto-advance').checked,
  };
  const count = parseInt($('count').value, 10);
  if (count > 0) s.questionCount = count;
  const secs = parseInt($('seconds').value, 10);
  if (secs > 0) s.timeLimitSecs = secs;
  const boxes = [...$('rounds').querySelectorAll('input')];
  if (boxes.length > 1 && boxes.some((b) => !b.checked)) {
    s.rounds = boxes.filter((b) => b.checked).map((b) => Number(b.value));
  }
  return s;
}

$('pack').addEventListener('change', onPackChange);

$('setup-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const pack = $('pack').value;
  if (!pack) {
    $('setup-error').textContent = 'Pick a question pack first.';
    return;
  }
  if ($('rounds').querySelectorAll('input').length > 1 && !$('rounds').querySelector('input:checked')) {
    $('setup-error').textContent = 'Tick at least one round.';
    return;
  }
  $('setup-error').textContent = '';
  $('create').disabled = true;
  pendingCreate = { type: 'create', pack, settings: settings() };
  save(SETUP_KEY, { pack, settings: pendingCreate.settings });
  if (!conn.send(pendingCreate)) conn.restart();
});

$('upload').addEventListener('click', async () => {
  const out = $('upload-result');
  const file = $('upload-file').files[0];
  if (!file) {
    fill(out, h('p', { class: 'error', text: 'Choose a .toml or .json pack file first.' }));
    return;
  }
  fill(out, h('p', { class: 'muted', text: 'Uploading…' }));
  let res;
  let body = null;
  try {
    // As a file, not text/plain: the server refuses form types (a foreign page can post those).
    res = await fetch(`/api/packs?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: await file.arrayBuffer(),
    });
    body = await res.json().catch(() => null);
  } catch (e) {
    fill(out, h('p', { class: 'error', text: `Upload failed: ${e.message}` }));
    return;
  }
  const line = (p) => h('li', { text: `${p.line ? `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ` : ''}${p.message ?? p}` });
  const warnings = body?.warnings?.length
    ? [h('p', { text: 'Warnings:' }), h('ul', { class: 'problems' }, body.warnings.map(line))] : [];
  if (res.status === 201 || res.ok) {
    fill(out, h('p', { class: 'ok', text: `Added “${body?.title ?? file.name}” (${body?.questions ?? '?'} questions).` }), warnings);
    showSetup(body?.id);
  } else if (res.status === 400 && body) {
    fill(out, h('p', { class: 'error', text: 'The pack has problems:' }),
      h('ul', { class: 'problems' }, (body.errors || []).map(line)), warnings);
  } else if (res.status === 404 || res.status === 405) {
    fill(out, h('p', { class: 'error', text: 'This server does not take uploads. Copy the file into its questions folder and restart it.' }));
  } else {
    fill(out, h('p', { class: 'error', text: `Upload refused (HTTP ${res.status}).` }));
  }
});

// --- Lobby ----------------------------------------------------------------------

function joinUrl() {
  const url = host?.joinUrl || `/?code=${host?.code ?? ''}`;
  // A relative join URL (no public URL known) is made absolute from where we are.
  return new URL(url, location.href).href;
}

function showLobby() {
  const url = joinUrl();
  $('room-code').textContent = host?.code || '';
  $('join-url').textContent = url.replace(/^https?:\/\//, '').replace(/\/?\?code=\d+$/, '');
  const qr = $('qr');
  const src = `/qr.svg?text=${encodeURIComponent(url)}`;
  if (qr.getAttribute('src') !== src) qr.src = src;
  // A join link to this machine's loopback address only works on this machine.
  const joinHost = new URL(url).hostname;
  $('local-hint').hidden = !(joinHost === 'localhost' || joinHost.startsWith('127.') || joinHost === '[::1]');
  // The presenter is not told the pack's title: its lobby heading is the room.
  $('pack-title').textContent = host?.packTitle || (PRESENTER ? `Room ${host.code}` : '');
  const n = playerCount;
  $('player-count').textContent = n === 0 ? 'No players yet' : `${n} ${n === 1 ? 'player' : 'players'}`;
  updateChips(players);
  $('lobby-hint').hidden = n > 0 && n > 12;
  $('start').disabled = n === 0 || !online;
  $('start').textContent = n === 0 ? 'Waiting for players…' : 'Start the quiz';
  if (screen !== 'lobby') go('lobby');
  else showKeyHint();
  fitChips();
}

/**
 * Adds chips for new players and removes those who left, leaving the rest in place
 * (re-creating them would replay every chip's pop-in animation on each join).
 */
function updateChips(list) {
  const box = $('players');
  const ids = new Set(list.map((p) => String(p.id)));
  for (const li of [...box.children]) {
    if (!ids.has(li.dataset.id)) li.remove();
  }
  const shown = new Set([...box.children].map((li) => li.dataset.id));
  for (const p of list) {
    if (shown.has(String(p.id))) continue;
    // Newest first: a player who just joined finds their name at the top.
    box.prepend(h('li', { 'data-id': p.id },
      h('button', {
        type: 'button',
        class: 'chip',
        'aria-label': `Remove ${p.name}`,
        title: 'Click twice to remove',
        onclick: (e) => confirmThen(e.currentTarget, () => conn.send({ type: 'kick', playerId: p.id })),
      }, h('span', { class: 'name', dir: 'auto', text: p.name }), h('span', { class: 'x', 'aria-hidden': 'true', text: '×' }))));
  }
  const n = list.length;
  box.dataset.density = n > 60 ? 'tight' : n > 20 ? 'dense' : 'normal';
  fitChips();
}

// The "+N more" chip for the names that do not fit (the count also shows everyone).
const moreChip = h('li', { class: 'more-item' }, h('span', { class: 'chip more', text: '' }));

function fitChips() {
  if (screen === 'lobby') fitList($('players'), moreChip);
}

/** Two clicks to do something destructive, without a blocking dialog. */
function confirmThen(button, action) {
  if (button.classList.contains('confirm')) {
    button.classList.remove('confirm');
    action();
    return;
  }
  button.classList.add('confirm');
  setTimeout(() => button.classList.remove('confirm'), 3000);
}

// --- The game ---------------------------------------------------------------------

function header(msg, prefix) {
  $(`${prefix}-number`).textContent = `Question ${msg.index + 1} of ${msg.total}`;
}

function onQuestion(msg) {
  question = { index: msg.index, total: msg.total, text: msg.text, choices: msg.choices, timeLimitMs: msg.timeLimitMs };
  keep(`${KEY}.question`, question);
  // Until the first `progress` and `key` of this question arrive.
  clearKey();
  fill($('p-waiting'));
  $('p-waiting-count').textContent = '';
  document.body.dataset.question = String(msg.index);
  header(msg, 'q');
  showQuestionParts(msg, [70, 130]);
  $('q-answered').textContent = `0 / ${playerCount} answered`;
  const box = $('q-choices');
  box.dataset.count = String(msg.choices.length);
  box.dataset.long = String(msg.choices.some((c) => c.length > 28));
  fill(box, msg.choices.map((text, i) => h('div', { class: `choice c${i}` },
    badge(i), h('span', { class: 'choice-text', dir: 'auto', text }))));
  $('next').textContent = 'Show the answer';
  questionPlayers = playerCount;
  go('question');
  showClock(msg.remainingMs, Boolean(msg.paused));
}

/** Runs or holds the question's clock; the ring shows the share of the (extended) time left. */
function showClock(remainingMs, isPaused) {
  question.limitMs = Math.max(question.limitMs || 0, question.timeLimitMs || 0, remainingMs);
  paused = isPaused;
  $('q-paused').hidden = !paused;
  $('pause').textContent = paused ? 'Resume' : 'Pause';
  $('pause').setAttribute('aria-pressed', String(paused));
  if (paused) timer.hold(remainingMs, question.limitMs);
  else timer.start(remainingMs, question.limitMs);
}

// Closing a question early with more than half its time left takes a second press.
let closeTimer = null;
function askedToClose(ask) {
  clearTimeout(closeTimer);
  const el = $('close-early');
  el.hidden = !ask;
  $('keyhint').hidden = ask;
  if (ask) {
    el.textContent = `Close with ${Math.ceil(timer.remaining() / 1000)} s left? Space again`;
    closeTimer = setTimeout(() => askedToClose(false), 5000);
  }
}

function next() {
  if (screen === 'question' && $('close-early').hidden && !paused
      && timer.remaining() > (question?.limitMs || 0) / 2) {
    askedToClose(true);
    return;
  }
  askedToClose(false);
  if (!conn.send({ type: 'next' })) toast('Not connected yet.');
}

function onReveal(msg) {
  const q = question && question.index === msg.index ? question : null;
  const right = new Set(msg.correctChoices || [msg.correct]);
  $('r-number').textContent = q ? `Question ${msg.index + 1} of ${q.total}` : `Question ${msg.index + 1}`;
  $('r-text').textContent = q ? q.text : '';
  sizeText($('r-text'), q ? q.text : '', [60, 120]);
  const total = msg.counts.reduce((a, b) => a + b, 0);
  const rightCount = msg.counts.reduce((a, n, i) => a + (right.has(i) ? n : 0), 0);
  // Everyone who could answer counts, not only those who did: the server's `players`
  // includes dropped phones (older servers: the last `progress`, connected ones only).
  const everyone = Math.max(total, msg.players || questionPlayers || playerCount);
  const silent = everyone - total;
  $('r-summary').textContent = total ? `${rightCount} of ${everyone} got it right` : 'Nobody answered';
  const max = Math.max(1, silent, ...msg.counts);
  const chart = $('r-chart');
  chart.dataset.count = String(msg.counts.length);
  chart.setAttribute('aria-label', msg.counts.map((n, i) =>
    `${q ? q.choices[i] : `choice ${i + 1}`}: ${n}${right.has(i) ? ' (right)' : ''}`).join(', '));
  // One row per choice (answers can be long): the choice, then a bar and its count.
  fill(chart, msg.counts.map((n, i) => h('div', { class: `bar-row c${i}${right.has(i) ? ' right' : ' wrong'}` },
    h('div', { class: 'choice static' }, badge(i),
      h('span', { class: 'choice-text', dir: 'auto', text: q ? q.choices[i] : '' }),
      right.has(i) ? h('span', { class: 'tick', 'aria-label': 'right answer', text: '✓' }) : null),
    h('div', { class: 'bar-track' },
      h('div', { class: 'bar', style: `width:${(n / max) * 100}%` }),
      h('span', { class: 'bar-count', text: n })))));
  if (silent > 0) {
    chart.appendChild(h('div', { class: 'bar-row none' },
      h('div', { class: 'choice static' }, h('span', { class: 'choice-text', text: 'No answer' })),
      h('div', { class: 'bar-track' },
        h('div', { class: 'bar', style: `width:${(silent / max) * 100}%` }),
        h('span', { class: 'bar-count', text: silent }))));
  }
  chart.setAttribute('aria-label', `${chart.getAttribute('aria-label')}${silent ? `, no answer: ${silent}` : ''}`);
  const ex = $('r-explanation');
  ex.hidden = !msg.explanation;
  ex.dataset.size = msg.counts.length > 4 || (msg.explanation || '').length > 140 ? 'long' : 'normal';
  ex.textContent = msg.explanation || '';
  $('next').textContent = 'Leaderboard';
  go('reveal');
  sound.reveal();
}

function onLeaderboard(msg) {
  const last = msg.question >= msg.total;
  $('lb-progress').textContent = last ? `All ${msg.total} questions played` : `After question ${msg.question} of ${msg.total}`;
  fill($('lb-list'), msg.top.map((p) => {
    let change = null;
    if (p.previousRank) {
      const d = p.previousRank - p.rank;
      if (d > 0) change = h('span', { class: 'change up', 'aria-label': `up ${d}`, text: `▲ ${d}` });
      else if (d < 0) change = h('span', { class: 'change down', 'aria-label': `down ${-d}`, text: `▼ ${-d}` });
      else change = h('span', { class: 'change same', 'aria-label': 'no change', text: '–' });
    }
    return h('li', {},
      h('span', { class: 'rank', text: p.rank }),
      h('span', { class: 'name', dir: 'auto', text: p.name }),
      change,
      h('span', { class: 'score', text: fmt(p.score) }));
  }));
  if (!msg.top.length) $('lb-list').appendChild(h('li', { class: 'empty', text: 'No players' }));
  $('next').textContent = last ? 'Final results' : 'Next question';
  go('leaderboard');
}

let podiumTimers = [];
function onFinished(msg) {
  // Best first in the page (how a screen reader reads it); the CSS stands them second,
  // first, third, and the names come in third, second, then first.
  fill($('podium'), msg.podium.map((p, i) => h('div', { class: `step place-${Math.min(p.rank, 3)} waiting`, 'data-place': i + 1 },
    h('span', { class: 'name', dir: 'auto', text: p.name }),
    h('span', { class: 'score', text: `${fmt(p.score)} pts` }),
    h('div', { class: 'block' }, h('span', { class: 'place', text: p.rank })))));
  if (!msg.podium.length) $('podium').appendChild(h('p', { class: 'muted', text: 'Nobody played this time.' }));
  fill($('final-rows'), msg.players.map((p) => h('tr', {},
    h('td', { text: p.rank }), h('td', { dir: 'auto', text: p.name }), h('td', { text: fmt(p.score) }))));
  stagePodium(msg.podium.length);
  // The store saves every finished game; its CSV is ready as soon as this arrives.
  $('results-csv').href = `/api/games/${encodeURIComponent(msg.gameId)}/results.csv`;
  statsReady = false;
  podiumDone = false;
  go('finished');
  // Only a game someone answered in is kept (and has stats).
  if (msg.saved) loadStats(msg.gameId);
}

/** Reads the stored game for the stats screen; the podium stays up meanwhile. */
async function loadStats(gameId) {
  try {
    const game = await fetchGame(gameId);
    if (game.id !== gameId || !['finished', 'stats'].includes(screen)) return;
    statsReady = showStats(game);
  } catch (e) {
    toast(`Cannot show the question stats: ${e.message}.`);
    return;
  }
  // Shows the button (and what Space does) now that there is something to show.
  showStatsButton();
  showKeyHint();
}

/** Shows the podium's places one by one (3rd, 2nd, a drumroll, 1st), then the table. */
function stagePodium(places) {
  podiumTimers.forEach(clearTimeout);
  const final = document.querySelector('.host-final');
  final.classList.add('staging');
  const show = (place) => {
    const step = $('podium').querySelector(`[data-place="${place}"]`);
    if (step) step.classList.remove('waiting');
    sound.fanfare(place);
  };
  const steps = [];
  if (places >= 3) steps.push([1200, () => show(3)]);
  if (places >= 2) steps.push([2800, () => show(2)]);
  steps.push([places >= 2 ? 3600 : 400, () => sound.drumroll(2.4)]);
  steps.push([places >= 2 ? 6200 : 2800, () => {
    show(1);
    final.classList.remove('staging');
    podiumDone = true;
    showStatsButton();
    showKeyHint();
  }]);
  podiumTimers = steps.map(([ms, fn]) => setTimeout(fn, ms));
}

function onError(msg) {
  if (PRESENTER && ['room_not_found', 'unauthorized', 'rate_limited'].includes(msg.code)) {
    // Nothing to present: say why where the page would show the room.
    conn.stop();
    document.querySelector('[data-screen-name="loading"] .muted').textContent = msg.code === 'room_not_found'
      ? `There is no room ${PRESENTER} any more. Open the presenter link from the big screen again.`
      : msg.code === 'unauthorized'
        ? 'The presenter view needs the host key: open the host link the server printed on this device first, then this link again.'
        : errorText(msg);
    go('loading');
    return;
  }
  if (msg.code === 'unknown_token') {
    forget();
    showSetup();
    toast('That game is over. Set up a new one.');
    return;
  }
  if (pendingCreate || screen === 'setup') {
    pendingCreate = null;
    $('create').disabled = false;
    $('setup-error').textContent = msg.code === 'bad_message' ? msg.message : errorText(msg);
    if (screen !== 'setup') showSetup();
    return;
  }
  toast(msg.code === 'player_not_found' ? errorText(msg) : `${errorText(msg)} (${msg.message})`);
}

function forget() {
  $('players').replaceChildren();
  host = null;
  question = null;
  players = [];
  playerCount = 0;
  statsReady = false;
  locked = false;
  keep(KEY, null);
  keep(`${KEY}.question`, null);
}

/** A player who joins mid-game arrives with a word on the big screen, not silently. */
function announceLateJoiners(list) {
  const known = new Set(players.map((p) => p.id));
  const added = list.filter((p) => !known.has(p.id));
  if (!added.length) return;
  const names = added.slice(0, 3).map((p) => p.name).join(', ');
  const more = added.length > 3 ? ` and ${added.length - 3} more` : '';
  toast(`${names}${more} joined: ${added.length === 1 ? 'plays' : 'play'} from the next question`);
}

// Auto-advance: a countdown pill on the reveal and the leaderboard until the game moves on.
let advanceTimer = null;
function showAdvance(inMs) {
  stopAdvance();
  if (!['reveal', 'leaderboard'].includes(screen)) return;
  const pill = $('advance');
  const where = screen === 'reveal' ? document.querySelector('.host-reveal .q-head') : $('lb-progress');
  where.appendChild(pill);
  const until = Date.now() + inMs;
  const what = screen === 'reveal' ? 'Leaderboard' : 'Next';
  const tick = () => {
    const secs = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    pill.textContent = `${what} in ${secs} s`;
    if (secs > 0) advanceTimer = setTimeout(tick, 250);
  };
  pill.hidden = false;
  tick();
}
function stopAdvance() {
  clearTimeout(advanceTimer);
  $('advance').hidden = true;
}

// --- Controls -------------------------------------------------------------------

$('start').addEventListener('click', () => conn.send({ type: 'start' }) || toast('Not connected yet.'));
$('next').addEventListener('click', next);
$('stats').addEventListener('click', () => go(screen === 'stats' ? 'finished' : 'stats'));
$('pause').addEventListener('click', togglePause);
$('add-time').addEventListener('click', addTime);
$('fullscreen').addEventListener('click', toggleFullscreen);
$('mute').addEventListener('click', toggleMute);

/** The lock button, the room tag and the lobby say whether new players get in. */
function showLock() {
  $('lock').textContent = locked ? 'Unlock' : 'Lock';
  $('lock').setAttribute('aria-pressed', String(locked));
  $('lock').title = locked ? 'Let new players in again (L)' : 'Let no new players in (L)';
  $('locked-note').hidden = !locked;
  document.body.classList.toggle('locked', locked);
  $('room-tag').textContent = host?.code ? `Room ${host.code}${locked ? ' · locked' : ''}` : '';
}

function toggleLock() {
  if (!['lobby', 'question', 'reveal', 'leaderboard'].includes(screen)) return;
  if (!conn.send({ type: locked ? 'unlock' : 'lock' })) toast('Not connected yet.');
}
$('lock').addEventListener('click', toggleLock);

function toggleMute() {
  sound.setMuted(!sound.isMuted());
  showMute();
}
function showMute() {
  $('mute').textContent = sound.isMuted() ? 'Sound off' : 'Sound on';
  $('mute').setAttribute('aria-pressed', String(sound.isMuted()));
}
showMute();

function togglePause() {
  if (screen !== 'question') return;
  askedToClose(false);
  if (!conn.send({ type: paused ? 'unpause' : 'pause' })) toast('Not connected yet.');
}

function addTime() {
  if (screen !== 'question') return;
  if (!conn.send({ type: 'addTime', seconds: 15 })) toast('Not connected yet.');
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
  else document.documentElement.requestFullscreen?.().catch(() => toast('This browser would not go fullscreen.'));
}
document.addEventListener('fullscreenchange', () => {
  $('fullscreen').textContent = document.fullscreenElement ? 'Exit fullscreen' : 'Fullscreen';
});
let endTimer = null;
function resetEnd() {
  clearTimeout(endTimer);
  $('end').classList.remove('confirm');
  $('end').textContent = 'End game';
}
$('end').addEventListener('click', () => {
  const b = $('end');
  if (b.classList.contains('confirm')) {
    resetEnd();
    conn.send({ type: 'end' });
    return;
  }
  b.classList.add('confirm');
  b.textContent = 'Click again to end the game';
  endTimer = setTimeout(resetEnd, 4000);
});
$('new-game').addEventListener('click', () => {
  forget();
  conn.restart();
});

// In a game, Space and Enter only ever press the primary button (see hostkeys.js).
bindHostKeys(() => !['loading', 'setup'].includes(screen), {
  ' ': () => primary()?.click(),
  p: togglePause,
  '+': addTime,
  '=': addTime, // the + key without Shift on many layouts
  f: toggleFullscreen,
  m: toggleMute,
  l: toggleLock,
});

conn.connect();
