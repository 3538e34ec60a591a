// /host/generate: documents in, candidates to review, the kept ones saved as a pack.
// Talks to /api/generate (src/server/generate_api.rs) and saves through the editor's
// POST /api/editor/packs. User text only via textContent.

import { h, fill, $ } from './dom.js';
import { api } from './api.js';

const POLL_MS = 300;
const MAX_POLLS = 2000; // 10 minutes: the server works on; this page gives up waiting.

/** The candidates, best first: { round, question, verdict: '' | 'keep' | 'drop' }. */
let candidates = [];


/** A file's bytes as base64 (without the data: prefix). */
function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',', 2)[1] || '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function showProgress(value, stage) {
  $('progress-box').hidden = false;
  $('progress').value = value;
  $('stage').textContent = stage;
}

$('start-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const files = [...$('generate-files').files];
  const message = $('message');
  message.textContent = '';
  if (!files.length) {
    message.textContent = 'Choose one or more documents first.';
    return;
  }
  $('generate-start').disabled = true;
  document.body.dataset.state = 'working';
  try {
    showProgress(0, 'sending the documents');
    const body = {
      files: await Promise.all(files.map(async (f) => ({ name: f.name, data: await base64(f) }))),
      topic: $('topic').value.trim() || null,
      count: Number($('count').value) || null,
    };
    const started = await api('/api/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!started.ok) throw new Error(started.body?.error || `HTTP ${started.status}`);
    const job = started.body.job;
    for (let i = 0; i < MAX_POLLS; i++) {
      const { ok, status, body: s } = await api(`/api/generate/${encodeURIComponent(job)}`);
      if (!ok) throw new Error(s?.error || `HTTP ${status}`);
      showProgress(s.progress, s.stage);
      if (s.state === 'failed') throw new Error(s.error || 'the generator failed');
      if (s.state === 'done') {
        review(s);
        return;
      }
      await sleep(POLL_MS);
    }
    throw new Error('still working after 10 minutes: try fewer or smaller documents');
  } catch (err) {
    message.textContent = `Could not write questions: ${err.message}`;
    document.body.dataset.state = 'start';
  } finally {
    $('generate-start').disabled = false;
  }
});

function review(status) {
  candidates = status.candidates.map((c) => ({ ...c, verdict: '' }));
  $('pack-title').value = status.title || 'Generated questions';
  $('keep-best').value = String(Math.min(10, candidates.length));
  $('review').hidden = false;
  for (const w of status.warnings || []) $('message').textContent += `${w}\n`;
  document.body.dataset.state = 'review';
  render();
  $('candidates').querySelector('li')?.focus();
}

function rightChoices(q) {
  return q.answers ?? (q.answer === undefined || q.answer === null ? [] : [q.answer]);
}

function render(focusIndex) {
  fill($('candidates'), candidates.map(item));
  const kept = candidates.filter((c) => c.verdict === 'keep').length;
  const dropped = candidates.filter((c) => c.verdict === 'drop').length;
  $('tally').textContent = `${candidates.length} candidates: ${kept} kept, ${dropped} dropped`;
  if (focusIndex !== undefined) $('candidates').children[focusIndex]?.focus();
}

function item(c, i) {
  const q = c.question;
  const right = rightChoices(q);
  const li = h('li', {
    class: 'question candidate', tabindex: '0', testid: 'candidate', 'data-index': String(i),
    'data-verdict': c.verdict, 'aria-label': `Candidate ${i + 1}${c.verdict ? `, ${c.verdict === 'keep' ? 'kept' : 'dropped'}` : ''}`,
    onkeydown: (e) => onKey(e, i),
  });
  const body = c.editing ? editor(c, i) : [
    h('p', { class: 'cand-text', text: q.text }),
    h('ul', { class: 'cand-choices' },
      q.choices.map((choice, k) => h('li', { class: right.includes(k) ? 'right' : null, text: right.includes(k) ? `${choice} ✓` : choice }))),
  ];
  const source = q.source
    ? h('blockquote', { class: 'muted small' }, h('span', { text: `${q.source.document}: ` }), h('q', { text: q.source.sentence }))
    : null;
  const tools = h('div', { class: 'row q-tools' },
    h('span', { class: 'pill subtle', text: c.round }),
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', class: c.verdict === 'keep' ? 'primary' : 'secondary', testid: 'keep', 'aria-pressed': String(c.verdict === 'keep'), text: 'Keep (K)', onclick: () => decide(i, 'keep') }),
    h('button', { type: 'button', class: 'secondary', testid: 'edit', text: c.editing ? 'Done (E)' : 'Edit (E)', onclick: () => toggleEdit(i) }),
    h('button', { type: 'button', class: c.verdict === 'drop' ? 'primary danger' : 'ghost', testid: 'drop', 'aria-pressed': String(c.verdict === 'drop'), text: 'Drop (D)', onclick: () => decide(i, 'drop') }));
  li.append(tools, ...body, ...(source ? [source] : []));
  return li;
}

/** Inline fields for a candidate's text and choices; the right answer stays as it is. */
function editor(c) {
  const q = c.question;
  return [
    h('label', { class: 'small', text: 'Question' }),
    h('textarea', { class: 'big-input', rows: '2', testid: 'edit-text', oninput: (e) => { q.text = e.target.value; } }, q.text),
    h('div', { class: 'choices-edit' }, q.choices.map((choice, k) =>
      h('input', {
        class: 'big-input', value: choice, 'aria-label': `Choice ${k}${rightChoices(q).includes(k) ? ' (right)' : ''}`,
        testid: `edit-choice-${k}`, oninput: (e) => { q.choices[k] = e.target.value; },
      }))),
  ];
}

function decide(i, verdict) {
  candidates[i].verdict = candidates[i].verdict === verdict ? '' : verdict;
  candidates[i].editing = false;
  render(Math.min(i + 1, candidates.length - 1));
}

function toggleEdit(i) {
  candidates[i].editing = !candidates[i].editing;
  if (candidates[i].editing) candidates[i].verdict = 'keep';
  render(i);
  if (candidates[i].editing) $('candidates').children[i].querySelector('textarea')?.focus();
}

function onKey(e, i) {
  const typing = e.target.matches('input, textarea');
  if (typing) {
    if (e.key === 'Escape') toggleEdit(i);
    return;
  }
  if (e.target !== e.currentTarget && e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const key = e.key.toLowerCase();
  if (key === 'k') decide(i, 'keep');
  else if (key === 'd') decide(i, 'drop');
  else if (key === 'e') toggleEdit(i);
  else if (e.key === 'ArrowDown') $('candidates').children[i + 1]?.focus();
  else if (e.key === 'ArrowUp') $('candidates').children[i - 1]?.focus();
  else return;
  e.preventDefault();
}

$('keep-above').addEventListener('click', () => {
  const n = Math.max(0, Number($('keep-best').value) || 0);
  candidates.forEach((c, i) => { c.verdict = i < n ? 'keep' : 'drop'; c.editing = false; });
  render();
});

/** The kept questions as a pack, in rounds by the generator's round names. */
function packOfKept() {
  const rounds = [];
  for (const c of candidates.filter((x) => x.verdict === 'keep')) {
    let round = rounds.find((r) => r.name === c.round);
    if (!round) rounds.push(round = { name: c.round, questions: [] });
    round.questions.push(c.question);
  }
  return { title: $('pack-title').value.trim(), language: 'en', time_limit: 20, rounds };
}

$('save-generated').addEventListener('click', async () => {
  const saved = $('saved');
  saved.className = '';
  const pack = packOfKept();
  if (!pack.rounds.length) {
    saved.className = 'error';
    saved.textContent = 'Keep at least one question first (K).';
    return;
  }
  const { ok, status, body } = await api('/api/editor/packs', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ pack }),
  });
  if (!ok) {
    saved.className = 'error';
    const problems = (body?.errors || []).map((p) => `${p.place ? `${p.place}: ` : ''}${p.message}`);
    saved.textContent = [body?.error || `Not saved (HTTP ${status}).`, ...problems].join('\n');
    return;
  }
  const id = encodeURIComponent(body.id);
  const count = pack.rounds.reduce((n, r) => n + r.questions.length, 0);
  fill(saved,
    h('span', { text: `Saved “${pack.title}” (${count} questions). ` }),
    h('a', { class: 'primary', href: `/host?pack=${id}`, testid: 'play-generated', text: 'Play it' }), ' ',
    h('a', { class: 'secondary', href: `/host/edit?pack=${id}`, text: 'Edit it' }));
  document.body.dataset.state = 'saved';
});
