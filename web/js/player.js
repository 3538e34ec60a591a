// The player's phone: join, answer, see how it went. Driven by server messages.

import { h, fill, $, showScreen, load, save, Countdown, fmt, ordinal } from './dom.js';
import { Connection, errorText } from './socket.js';
import { showStatus, toast as showToast } from './status.js';
import { showQuestionParts } from './question.js';
import { badge, letter } from './choices.js';
import { randomName, graphemeCount, MAX_NAME_CHARS } from './names.js';
import { fitText, fits } from './fit.js';

const KEY = 'quiznight.player';

/** Who we are in which room: {token, code, name, playerId}; survives reloads. */
let me = load(KEY);
/** The last question seen (to show the right answer's text at the reveal). */
let question = load(`${KEY}.question`);
/** A join waiting for the socket to open. */
let pendingJoin = null;
/** True while this socket is attached to a room. */
let attached = false;
/** The choice we sent for the open question (kept across a reload with its question). */
let myChoice = null;
/** True while the host holds the clock: the answers wait. */
let paused = false;
let screen = 'loading';

// At 0 the answers stop taking taps: the server would refuse them anyway.
const timer = new Countdown($('q-timer'), (left) => {
  if (left <= 0) enableChoices(false);
});

const conn = new Connection({
  onOpen() {
    attached = false;
    if (pendingJoin) conn.send({ type: 'join', ...pendingJoin });
    else if (me && me.token) conn.send({ type: 'resume', token: me.token });
    else go('join');
  },
  onMessage: handle,
  onStatus(status) {
    showStatus($('status'), status, () => conn.connect());
  },
});

/**
 * The page speaks the pack's language (from `joined`/`resumed`), so a screen reader
 * reads the questions in the right voice; "en" outside a game or when the pack says none.
 */
function setLang() {
  document.documentElement.lang = me?.lang || 'en';
}

function go(name, fresh = false) {
  screen = name;
  if (name !== 'question') timer.stop();
  showScreen(name, fresh);
}

/** Says `text` to screen readers (the polite live region); a repeat is still read. */
let lastSaid = '';
function announce(text) {
  if (!text || text === lastSaid) return;
  lastSaid = text;
  $('announce').textContent = text;
}

const toast = (text) => showToast(text, 4000);

function handle(msg) {
  switch (msg.type) {
    case 'joined':
      me = { token: msg.token, name: msg.name, playerId: msg.playerId, code: pendingJoin?.code, lang: msg.language };
      save(KEY, me);
      setLang();
      pendingJoin = null;
      attached = true;
      $('lobby-name').textContent = msg.name;
      $('join').disabled = false;
      go('lobby');
      break;
    case 'resumed':
      attached = true;
      me = { ...me, name: msg.name ?? me?.name, code: msg.code, playerId: msg.playerId ?? me?.playerId, lang: msg.language ?? me?.lang };
      save(KEY, me);
      setLang();
      $('lobby-name').textContent = me.name || '';
      break;
    case 'lobby':
      onLobby(msg);
      break;
    case 'question':
      onQuestion(msg);
      break;
    case 'answered':
      if (question && msg.question === question.index) showLocked();
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
    case 'clock':
      if (question && msg.question === question.index) onClock(msg);
      break;
    case 'host':
      hostAway(!msg.connected);
      break;
    case 'kicked':
      forget();
      conn.stop();
      go('kicked');
      announce('You have been removed from the game.');
      break;
    case 'error':
      onError(msg);
      break;
    default:
      break; // Newer servers may send more; we ignore what we do not know.
  }
}

function onLobby(msg) {
  // In a big room `players` lists only the newest 50; `count` is everyone.
  const n = msg.count ?? msg.players.length;
  $('lobby-count').textContent = `${n} ${n === 1 ? 'player' : 'players'} in the room`;
  if (!msg.started) {
    $('lobby-name').textContent = me?.name || '';
    go('lobby');
    announce(`You're in as ${me?.name || 'a player'}. Waiting for the host to start.`);
  } else if (['loading', 'join', 'lobby'].includes(screen)) {
    // A late joiner: mid-game lobby messages only update the list.
    go('waiting');
    announce('The game is under way. You play from the next question.');
  }
}

function onQuestion(msg) {
  const fresh = !question || question.index !== msg.index || screen !== 'question';
  question = { index: msg.index, total: msg.total, text: msg.text, choices: msg.choices };
  save(`${KEY}.question`, question);
  if (fresh) {
    const saved = load(`${KEY}.choice`);
    myChoice = saved && saved.index === msg.index ? saved.choice : null;
  }
  note('q-note', '');
  document.body.dataset.question = String(msg.index);
  $('q-number').textContent = `${msg.index + 1} / ${msg.total}`;
  showQuestionParts(msg, [80, 150]);
  const box = $('q-choices');
  box.dataset.count = String(msg.choices.length);
  box.dataset.long = String(msg.choices.some((c) => c.length > 28));
  fill(box, msg.choices.map((text, i) =>
    h('button', {
      type: 'button',
      class: `choice c${i}`,
      testid: `choice-${i}`,
      onclick: () => answer(msg.index, i),
    }, badge(i), h('span', { class: 'choice-text', dir: 'auto', text }))));
  go('question', fresh);
  fitQuestion();
  if (fresh) announce(`Question ${msg.index + 1} of ${msg.total}: ${msg.text} ${msg.choices.length} answers.`);
  question.timeLimitMs = msg.timeLimitMs;
  onClock({ remainingMs: msg.remainingMs, paused: Boolean(msg.paused) });
}

/** The host paused, resumed or extended the clock. */
function onClock(msg) {
  if (paused !== msg.paused) announce(msg.paused ? 'The host paused the clock.' : 'The clock runs again.');
  paused = msg.paused;
  $('q-paused').hidden = !paused;
  const limit = Math.max(question?.timeLimitMs || 0, msg.remainingMs);
  if (paused) timer.hold(msg.remainingMs, limit);
  else timer.start(msg.remainingMs, limit);
  enableChoices(!paused && msg.remainingMs > 0);
  note('q-note', paused ? 'The host paused the clock. Answers wait until it runs again.' : '');
}

function enableChoices(on) {
  if (myChoice !== null) return;
  for (const b of $('q-choices').querySelectorAll('button')) b.disabled = !on;
}

/** A small line on the screen instead of a toast over the player's result. */
function note(id, text) {
  $(id).textContent = text;
  $(id).hidden = !text;
  if (id === 'q-note') fitQuestion();
}

/**
 * Shrinks the question's text until the timer, question and every answer fit the
 * screen (nobody should scroll for answer F); past the smallest step it may scroll.
 */
function fitQuestion() {
  const section = document.querySelector('[data-screen-name="question"]');
  if (screen !== 'question') return;
  section.classList.remove('overflows');
  fitText(section);
  section.classList.toggle('overflows', !fits(section));
}
window.addEventListener('resize', fitQuestion);
$('q-image').addEventListener('load', fitQuestion);

// "Waiting for the host" shows only when their screen stays away a few seconds (not for a reload).
let hostTimer = null;
function hostAway(away) {
  clearTimeout(hostTimer);
  if (!away) $('host-away').hidden = true;
  else hostTimer = setTimeout(() => { $('host-away').hidden = false; }, 3000);
}

function answer(index, choice) {
  if (myChoice !== null) return;
  if (!conn.send({ type: 'answer', question: index, choice })) {
    toast('Not connected — wait a moment and tap again.');
    return;
  }
  myChoice = choice;
  save(`${KEY}.choice`, { index, choice });
  for (const b of $('q-choices').querySelectorAll('button')) {
    b.disabled = true;
    b.classList.toggle('picked', b.dataset.testid === `choice-${choice}`);
  }
}

function showLocked() {
  const box = $('locked-choice');
  if (myChoice !== null && question) {
    fill(box, h('div', { class: `choice c${myChoice} static` }, badge(myChoice),
      h('span', { class: 'choice-text', dir: 'auto', text: question.choices[myChoice] })));
  } else {
    fill(box, h('div', { class: 'lock-icon', 'aria-hidden': 'true', text: '✓' }));
  }
  go('locked');
  announce('Answer locked in. Waiting for the others.');
}

function onReveal(msg) {
  const you = msg.you;
  const panel = $('reveal-panel');
  const right = msg.correctChoices || [msg.correct];
  let title;
  let icon;
  let kind;
  // A late joiner was not allowed this question: no "time's up" for them.
  const late = screen === 'waiting' || !question || question.index !== msg.index;
  if (late && !(you && you.choice !== null && you.choice !== undefined)) {
    kind = 'neutral';
    icon = '★';
    title = 'You play from the next question';
  } else if (!you) {
    kind = 'neutral';
    icon = '★';
    title = 'Watch the big screen';
  } else if (you.choice === null || you.choice === undefined) {
    kind = 'none';
    icon = '–';
    title = "Time's up!";
  } else if (you.correct) {
    kind = 'correct';
    icon = '✓';
    title = 'Correct!';
  } else {
    kind = 'wrong';
    icon = '✗';
    title = 'Wrong answer';
  }
  panel.className = `result ${kind}`;
  $('reveal-icon').textContent = icon;
  $('reveal-title').textContent = title;
  $('reveal-points').textContent = you && you.points > 0 ? `+ ${fmt(you.points)} points` : you && !late ? 'No points this time' : '';
  note('reveal-note', '');
  const answerLine = $('reveal-answer');
  if (question && question.index === msg.index) {
    const names = right.map((i) => `${letter(i)}: ${question.choices[i]}`).join(' · ');
    answerLine.textContent = `${right.length > 1 ? 'Right answers' : 'Right answer'} — ${names}`;
    if (you && !you.correct && you.choice !== null && you.choice !== undefined) {
      answerLine.append(h('br'), `You said ${letter(you.choice)}: ${question.choices[you.choice]}`);
    }
  } else {
    // A late joiner never saw the question: the reveal carries the right answers' texts.
    const texts = msg.correctTexts || [];
    const names = right.map((i, k) => (texts[k] ? `${letter(i)}: ${texts[k]}` : letter(i))).join(' · ');
    answerLine.textContent = `${right.length > 1 ? 'Right answers' : 'Right answer'} — ${names}`;
  }
  $('reveal-streak').textContent = you && you.streak >= 2 ? `★ ${you.streak} in a row!` : '';
  $('reveal-rank').textContent = you && !late ? `You are ${ordinal(you.rank)} · ${fmt(you.score)} points` : '';
  myChoice = null;
  save(`${KEY}.choice`, null);
  go('reveal');
  announce([title, $('reveal-points').textContent, $('reveal-rank').textContent].filter(Boolean).join('. '));
}

function rankingItems(list) {
  return list.map((p) => (p.gap ? h('li', { class: 'gap', 'aria-hidden': 'true', text: '⋯' }) : h('li', { class: p.id === me?.playerId ? 'me' : '' },
    h('span', { class: 'rank', text: p.rank }),
    h('span', { class: 'name', dir: 'auto', text: p.name }),
    h('span', { class: 'score', text: fmt(p.score) }))));
}

/**
 * The top of the ranking, and the player's own row after a gap when they are not in
 * it: everyone wants to see where they stand, not only the best five.
 */
function withMe(top, you) {
  if (!you || !me || top.some((p) => p.id === me.playerId)) return top;
  return [...top, { gap: true }, { id: me.playerId, name: me.name, rank: you.rank, score: you.score }];
}

function onLeaderboard(msg) {
  $('lb-progress').textContent = `After question ${msg.question} of ${msg.total}`;
  $('lb-you').textContent = msg.you ? `You are ${ordinal(msg.you.rank)}` : 'Leaderboard';
  $('lb-score').textContent = msg.you ? `${fmt(msg.you.score)} points` : '';
  fill($('lb-list'), rankingItems(withMe(msg.top, msg.you)));
  go('leaderboard');
  announce(`Leaderboard. ${msg.you ? `You are ${ordinal(msg.you.rank)} with ${fmt(msg.you.score)} points.` : ''}`);
}

function onFinished(msg) {
  // In a big room `players` holds only the best 50; `you` is always our own entry.
  const mine = msg.you || msg.players.find((p) => p.id === me?.playerId);
  const medal = $('final-medal');
  medal.textContent = mine ? String(mine.rank) : '★';
  medal.className = `medal place-${mine && mine.rank <= 3 ? mine.rank : 'other'}`;
  $('final-kicker').textContent = msg.endedEarly ? 'The host ended the game early' : 'Game over';
  $('host-away').hidden = true;
  clearTimeout(hostTimer);
  $('final-rank').textContent = mine ? `You finished ${ordinal(mine.rank)}` : 'Thanks for playing!';
  $('final-score').textContent = mine ? `${fmt(mine.score)} points · ${msg.count ?? msg.players.length} players` : '';
  fill($('final-list'), rankingItems(mine ? withMe(msg.podium, mine) : msg.podium));
  // Our own result page reads the game with our token, kept per game for later.
  const link = $('my-result');
  link.hidden = !(mine && me?.token && msg.gameId);
  if (!link.hidden) {
    const kept = load(`${KEY}.results`) || {};
    kept[msg.gameId] = me.token;
    save(`${KEY}.results`, Object.fromEntries(Object.entries(kept).slice(-20)));
    link.href = `/result?game=${encodeURIComponent(msg.gameId)}`;
  }
  go('finished');
  announce(`${$('final-kicker').textContent}. ${$('final-rank').textContent}.`);
}

function onError(msg) {
  if (msg.code === 'unknown_token') {
    forget();
    showJoin(errorText(msg));
    return;
  }
  if (pendingJoin || screen === 'join') {
    pendingJoin = null;
    // Joining a finished game is refused with wrong_phase; say it plainly.
    showJoin(msg.code === 'wrong_phase' ? 'That game has already finished. Ask the host for the new code.' : errorText(msg), msg.code);
    return;
  }
  if (msg.code === 'already_answered') {
    showLocked();
    return;
  }
  if (msg.code === 'too_late' || msg.code === 'wrong_phase') {
    myChoice = null;
    save(`${KEY}.choice`, null);
    // Small, on the screen, never over the player's result and rank.
    const text = msg.code === 'too_late' ? 'Your tap came too late: the time was up.' : errorText(msg);
    if (screen === 'question') {
      note('q-note', paused ? 'The host paused the clock. Answers wait until it runs again.' : text);
      enableChoices(!paused && timer.remaining() > 0);
    } else if (screen === 'reveal') note('reveal-note', text);
    return;
  }
  toast(errorText(msg));
}

function forget() {
  const code = me?.code;
  me = null;
  attached = false;
  setLang();
  save(KEY, null);
  save(`${KEY}.question`, null);
  save(`${KEY}.choice`, null);
  if (code) $('code').value = code;
}

function showJoin(error = '', code = '') {
  $('join-error').textContent = error;
  $('join').disabled = false;
  go('join');
  // Focus goes where the fix is: the code after a wrong code, else the name.
  if (error) $(['room_not_found', 'rate_limited'].includes(code) ? 'code' : 'name').focus();
}

// --- The join form ------------------------------------------------------------

$('random-name').addEventListener('click', () => {
  $('name').value = randomName();
  $('name').focus();
});

$('code').addEventListener('input', (e) => {
  // Phones sometimes insert spaces; keep digits only.
  e.target.value = e.target.value.replace(/\D/g, '').slice(0, 6);
});
// An old error goes as soon as the player changes what it was about.
for (const id of ['code', 'name']) $(id).addEventListener('input', () => { $('join-error').textContent = ''; });

$('join-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const code = $('code').value.trim();
  const name = $('name').value.trim();
  if (!/^\d{6}$/.test(code)) {
    $('join-error').textContent = 'The room code is the 6 digits on the big screen.';
    $('code').focus();
    return;
  }
  if (!name) {
    $('join-error').textContent = 'Type a name, or tap Random for one.';
    $('name').focus();
    return;
  }
  const length = graphemeCount(name);
  if (length > MAX_NAME_CHARS) {
    $('join-error').textContent = `Names can be at most ${MAX_NAME_CHARS} characters (this one has ${length}).`;
    $('name').focus();
    return;
  }
  $('join-error').textContent = '';
  $('join').disabled = true;
  pendingJoin = { code, name };
  if (attached || !conn.send({ type: 'join', code, name })) {
    // A socket already in a room (or a closed one) cannot join: start a fresh one.
    conn.restart();
  }
});

for (const id of ['play-again', 'rejoin']) {
  $(id).addEventListener('click', () => {
    forget();
    conn.restart();
    showJoin();
  });
}

const params = new URLSearchParams(location.search);
const urlCode = (params.get('code') || '').replace(/\D/g, '').slice(0, 6);
if (urlCode) $('code').value = urlCode;
if (me && urlCode && me.code && me.code !== urlCode) {
  // A new QR code beats an old game's token.
  forget();
  $('code').value = urlCode;
}
if (me?.name) $('name').value = me.name;
setLang();
conn.connect();
