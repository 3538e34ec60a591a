// /host/edit: write or change a pack. Every check is the server's (POST /api/editor/validate,
// the code behind `quiznight check`); drafts live in localStorage as you type; Save writes
// the pack atomically and refuses to overwrite an edit made elsewhere (409).
// User text only via textContent / input values.

import { h, fill, $, load, save } from './dom.js';
import { IMPORT_KEY } from './drafts.js';
import { badge } from './choices.js';
import { fillQuestionParts } from './question.js';
import { api } from './api.js';

const MAX_CHOICES = 6;
const MIN_CHOICES = 2;
const DIFFICULTIES = ['', 'easy', 'medium', 'hard'];

/** The pack being edited: id and version (null until first saved), and the sections. */
const state = {
  id: null,
  version: null,
  bundled: false,
  /** {title, description, language, time_limit, author, sections: [{name|null, questions}]} */
  pack: null,
  problems: { errors: [], warnings: [] },
  /** The question the preview shows: the card last focused (section and index). */
  selected: { si: 0, qi: 0 },
};

const draftKey = () => `quiznight.draft.${state.id || 'new'}`;

// --- The model -------------------------------------------------------------------

function blankQuestion() {
  return { text: '', choices: ['', '', '', ''], correct: [0] };
}

/** A question from the file model: answer/answers become a list of correct indices. */
function fromQuestion(q) {
  const { answer, answers, ...rest } = q;
  const correct = answers && answers.length ? [...answers] : answer !== undefined && answer !== null ? [answer] : [];
  return { ...rest, choices: [...(q.choices || [])], correct };
}

function toQuestion(q) {
  const { correct, ...rest } = q;
  const out = { ...rest };
  for (const key of ['time_limit', 'points', 'difficulty', 'explanation', 'image', 'image_alt']) {
    if (out[key] === '' || out[key] === null || out[key] === undefined) delete out[key];
  }
  if (correct.length === 1) out.answer = correct[0];
  else if (correct.length > 1) out.answers = [...correct].sort((a, b) => a - b);
  return out;
}

function fromPack(p) {
  const sections = [];
  if ((p.questions || []).length || !(p.rounds || []).length) {
    sections.push({ name: null, questions: (p.questions || []).map(fromQuestion) });
  }
  for (const r of p.rounds || []) sections.push({ name: r.name, questions: r.questions.map(fromQuestion) });
  const { questions, rounds, ...meta } = p;
  return { ...meta, sections };
}

/** The pack as the file model the server checks and saves. */
function toPack(model) {
  const { sections, ...meta } = model;
  const out = { ...meta };
  for (const key of ['description', 'language', 'time_limit', 'author']) {
    if (out[key] === '' || out[key] === null || out[key] === undefined) delete out[key];
  }
  const top = sections.filter((s) => s.name === null).flatMap((s) => s.questions);
  if (top.length) out.questions = top.map(toQuestion);
  const rounds = sections.filter((s) => s.name !== null);
  if (rounds.length) out.rounds = rounds.map((s) => ({ name: s.name, questions: s.questions.map(toQuestion) }));
  return out;
}

/** The file path of each question card ("rounds.0.questions.2"), as toPack numbers them. */
function pathsOf(model) {
  let top = 0;
  let round = 0;
  return model.sections.map((s) => {
    if (s.name === null) return { base: 'questions', questions: s.questions.map(() => `questions.${top++}`) };
    const r = round++;
    return { base: `rounds.${r}`, questions: s.questions.map((_, i) => `rounds.${r}.questions.${i}`) };
  });
}

// --- Talking to the server -----------------------------------------------------------

const json = (body) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

let checkTimer = null;
let checkSeq = 0;

/** Asks the server to check the draft, a moment after the last keystroke. */
function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 350);
}

async function check() {
  const seq = ++checkSeq;
  document.body.dataset.checked = 'pending';
  const { ok, body } = await api('/api/editor/validate', { method: 'POST', ...json({ pack: toPack(state.pack) }) });
  if (seq !== checkSeq) return; // an older answer: a newer check is on its way
  if (!ok) {
    showProblems({ errors: [{ message: body?.error || 'The server could not check the pack.', path: [], place: '' }], warnings: [] });
  } else {
    showProblems(body);
  }
  document.body.dataset.checked = 'done';
}

// --- Drafts ------------------------------------------------------------------------

let draftTimer = null;

function changed() {
  $('save-state').textContent = 'Unsaved changes (kept in this browser)';
  clearTimeout(draftTimer);
  draftTimer = setTimeout(() => save(draftKey(), { pack: state.pack, version: state.version, at: Date.now() }), 200);
  scheduleCheck();
  showPreview();
}

function notice(text, ...buttons) {
  const el = $('notice');
  el.hidden = !text;
  fill(el, text ? h('p', { text }) : null, buttons);
}

// --- Rendering ---------------------------------------------------------------------

/** Text and number inputs of the pack itself. */
function bindMeta() {
  const bind = (id, key, number = false) => {
    const el = $(id);
    el.value = state.pack[key] ?? '';
    el.oninput = () => {
      const v = el.value;
      state.pack[key] = number ? (v === '' ? null : Number(v)) : v;
      changed();
    };
  };
  bind('pack-title', 'title');
  bind('pack-description', 'description');
  bind('pack-language', 'language');
  bind('pack-time', 'time_limit', true);
}

/** Re-draws the rounds and questions; `focus` is a selector to focus afterwards. */
function render(focus) {
  const paths = pathsOf(state.pack);
  fill($('sections'), state.pack.sections.map((s, si) => section(s, si, paths[si])));
  showProblems(state.problems);
  showPreview();
  if (focus) document.querySelector(focus)?.focus();
}

function section(s, si, paths) {
  const named = s.name !== null;
  const head = named
    ? h('div', { class: 'row section-head' },
      h('label', { for: `round-${si}`, text: 'Round' }),
      h('input', { id: `round-${si}`, class: 'big-input', value: s.name, 'data-path': `${paths.base}.name`, maxlength: '200',
        oninput: (e) => { s.name = e.target.value; changed(); } }),
      h('button', { type: 'button', class: 'ghost', text: 'Move round up', disabled: si === 0,
        onclick: () => moveSection(si, -1) }),
      h('button', { type: 'button', class: 'ghost', text: 'Move round down', disabled: si === state.pack.sections.length - 1,
        onclick: () => moveSection(si, 1) }),
      h('button', { type: 'button', class: 'ghost danger', text: 'Delete round',
        onclick: () => deleteSection(si) }))
    : h('h2', { text: state.pack.sections.some((x) => x.name !== null) ? 'Questions before the rounds' : 'Questions' });
  return h('section', { class: 'card stack round', 'data-section': String(si) },
    head,
    h('ul', { class: 'problems field-problems', 'data-problems': paths.base }),
    h('ol', { class: 'questions' }, s.questions.map((q, qi) => card(q, si, qi, paths.questions[qi]))),
    h('button', { type: 'button', class: 'secondary', testid: 'add-question', text: 'Add a question',
      onclick: () => {
        s.questions.push(blankQuestion());
        changed();
        render(`[data-section="${si}"] li.question:last-child [data-testid=question-text]`);
      } }));
}

function card(q, si, qi, path) {
  const s = state.pack.sections[si];
  const sel = (what) => `[data-section="${si}"] li.question[data-index="${qi}"] ${what}`;
  const move = (delta, what) => {
    const to = qi + delta;
    if (to < 0 || to >= s.questions.length) return;
    [s.questions[qi], s.questions[to]] = [s.questions[to], s.questions[qi]];
    changed();
    render(`[data-section="${si}"] li.question[data-index="${to}"] ${what}`);
  };
  const choices = q.choices.map((c, ci) => h('div', { class: 'choice-row row' },
    h('input', { type: 'checkbox', id: `c-${si}-${qi}-${ci}`, testid: `correct-${ci}`, checked: q.correct.includes(ci),
      'aria-label': `Choice ${ci + 1} is right`,
      onchange: (e) => {
        q.correct = e.target.checked ? [...q.correct, ci] : q.correct.filter((x) => x !== ci);
        changed();
      } }),
    h('input', { class: 'choice-input', testid: `choice-${ci}`, value: c, maxlength: '300', 'data-path': `${path}.choices.${ci}`,
      'aria-label': `Choice ${ci + 1}`, placeholder: `Choice ${ci + 1}`,
      oninput: (e) => { q.choices[ci] = e.target.value; changed(); } }),
    h('button', { type: 'button', class: 'icon-button', text: '✕', 'aria-label': `Remove choice ${ci + 1}`,
      disabled: q.choices.length <= MIN_CHOICES,
      onclick: () => {
        q.choices.splice(ci, 1);
        q.correct = q.correct.filter((x) => x !== ci).map((x) => (x > ci ? x - 1 : x));
        changed();
        render(sel('[data-testid=choice-0]'));
      } })));
  const number = (label, key, min, max, hint) => h('label', { class: 'stack small-field' }, label,
    h('input', { type: 'number', min: String(min), max: String(max), value: q[key] ?? '', placeholder: hint, 'data-path': `${path}.${key}`,
      oninput: (e) => { q[key] = e.target.value === '' ? null : Number(e.target.value); changed(); } }));
  const li = h('li', { class: 'question', 'data-index': String(qi), draggable: 'true', 'data-path': path, tabindex: '-1',
    'aria-label': `Question ${qi + 1}` },
    h('div', { class: 'row q-tools' },
      h('span', { class: 'drag-handle', 'aria-hidden': 'true', text: '⠿' }),
      h('strong', { text: `Question ${qi + 1}` }),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'ghost', text: 'Up', 'aria-label': `Move question ${qi + 1} up`, disabled: qi === 0,
        'data-move': 'up', onclick: () => move(-1, '[data-move=up]') }),
      h('button', { type: 'button', class: 'ghost', text: 'Down', 'aria-label': `Move question ${qi + 1} down`,
        disabled: qi === s.questions.length - 1, 'data-move': 'down', onclick: () => move(1, '[data-move=down]') }),
      h('button', { type: 'button', class: 'ghost', text: 'Duplicate', testid: 'duplicate-question', onclick: () => {
        s.questions.splice(qi + 1, 0, structuredClone(q));
        changed();
        render(`[data-section="${si}"] li.question[data-index="${qi + 1}"] [data-testid=question-text]`);
      } }),
      h('button', { type: 'button', class: 'ghost danger', text: 'Delete', testid: 'delete-question', onclick: () => {
        s.questions.splice(qi, 1);
        changed();
        render(`[data-section="${si}"] [data-testid=add-question]`);
      } })),
    h('label', { for: `q-${si}-${qi}`, text: 'Question' }),
    h('textarea', { id: `q-${si}-${qi}`, testid: 'question-text', rows: '2', maxlength: '500', 'data-path': `${path}.text`,
      oninput: (e) => { q.text = e.target.value; changed(); } }, q.text),
    h('p', { class: 'muted small', text: 'Tick the right choice (tick several for a question with more than one right answer).' }),
    h('div', { class: 'choices-edit' }, choices),
    h('button', { type: 'button', class: 'ghost', text: 'Add a choice', disabled: q.choices.length >= MAX_CHOICES,
      onclick: () => { q.choices.push(''); changed(); render(sel(`[data-testid=choice-${q.choices.length - 1}]`)); } }),
    h('details', { class: 'more', open: Boolean(q.time_limit || q.points || q.difficulty || q.explanation || q.image) || null },
      h('summary', { text: 'Time, points, difficulty, explanation, picture' }),
      h('div', { class: 'row' },
        number('Seconds', 'time_limit', 5, 240, 'pack default'),
        number('Points ×', 'points', 1, 10, '1'),
        h('label', { class: 'stack small-field' }, 'Difficulty',
          h('select', { 'data-path': `${path}.difficulty`, onchange: (e) => { q.difficulty = e.target.value; changed(); } },
            DIFFICULTIES.map((d) => h('option', { value: d, text: d || '—', selected: (q.difficulty || '') === d }))))),
      h('label', { class: 'stack' }, 'Explanation (shown at the reveal)',
        h('textarea', { rows: '2', maxlength: '1000', 'data-path': `${path}.explanation`,
          oninput: (e) => { q.explanation = e.target.value; changed(); } }, q.explanation || '')),
      picture(q, path, sel)),
    h('ul', { class: 'problems field-problems', 'data-problems': path }));
  li.addEventListener('focusin', () => {
    if (state.selected.si === si && state.selected.qi === qi) return;
    state.selected = { si, qi };
    showPreview();
  });
  // Keyboard reordering: Alt+Up / Alt+Down anywhere in the card.
  li.addEventListener('keydown', (e) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    move(e.key === 'ArrowUp' ? -1 : 1, '[data-testid=question-text]');
  });
  li.addEventListener('dragstart', (e) => {
    if (e.target !== li) return;
    e.dataTransfer.setData('text/plain', `${si}:${qi}`);
    e.dataTransfer.effectAllowed = 'move';
  });
  li.addEventListener('dragover', (e) => e.preventDefault());
  li.addEventListener('drop', (e) => {
    e.preventDefault();
    const [fromS, fromQ] = (e.dataTransfer.getData('text/plain') || '').split(':').map(Number);
    if (!Number.isInteger(fromS) || !state.pack.sections[fromS]) return;
    const [moved] = state.pack.sections[fromS].questions.splice(fromQ, 1);
    if (!moved) return;
    s.questions.splice(qi, 0, moved);
    changed();
    render();
  });
  return li;
}

/** A question's picture: upload one into the pack's media folder, its alt text, remove it. */
function picture(q, path, sel) {
  const id = state.id;
  const box = h('div', { class: 'stack picture' });
  if (q.image) {
    box.append(
      id ? h('img', { class: 'picture-preview', src: `/api/editor/packs/${encodeURIComponent(id)}/media?path=${encodeURIComponent(q.image)}`,
        alt: q.image_alt || '' }) : null,
      h('p', { class: 'muted small', text: `Picture: ${q.image}` }),
      h('label', { class: 'stack' }, 'What the picture shows (read to players who cannot see it)',
        h('input', { testid: 'image-alt', value: q.image_alt || '', maxlength: '300', 'data-path': `${path}.image_alt`,
          oninput: (e) => { q.image_alt = e.target.value; changed(); } })),
      h('button', { type: 'button', class: 'ghost danger', text: 'Remove the picture', onclick: () => {
        delete q.image;
        delete q.image_alt;
        changed();
        render(sel('[data-testid=question-text]'));
      } }));
  }
  if (!id || state.bundled) {
    box.append(h('p', { class: 'muted small', text: state.bundled ? 'Duplicate the pack to add pictures.' : 'Save the pack once to add pictures.' }));
    return box;
  }
  const status = h('span', { class: 'small', role: 'status' });
  const input = h('input', { type: 'file', testid: 'image-file', accept: '.png,.jpg,.jpeg,.gif,.webp', class: 'visually-hidden',
    onchange: async (e) => {
      const file = e.target.files[0];
      if (!file) return;
      status.className = 'small';
      status.textContent = 'Uploading…';
      const { ok, status: code, body } = await api(
        `/api/editor/packs/${encodeURIComponent(id)}/media?name=${encodeURIComponent(file.name)}`,
        { method: 'POST', body: await file.arrayBuffer() });
      if (!ok) {
        status.className = 'small error';
        status.textContent = body?.error || `Upload failed (HTTP ${code}).`;
        return;
      }
      q.image = body.image;
      changed();
      render(sel('[data-testid=image-alt]'));
    } });
  box.append(h('label', { class: 'secondary file-button' }, q.image ? 'Replace the picture…' : 'Add a picture…', input), status);
  return box;
}

function moveSection(si, delta) {
  const list = state.pack.sections;
  const to = si + delta;
  [list[si], list[to]] = [list[to], list[si]];
  changed();
  render(`#round-${to}`);
}

function deleteSection(si) {
  const s = state.pack.sections[si];
  if (s.questions.length) {
    notice(`Round “${s.name}” still has ${s.questions.length} questions. Delete them (or move them) first.`);
    return;
  }
  state.pack.sections.splice(si, 1);
  changed();
  render();
}

$('add-round').addEventListener('click', () => {
  const n = state.pack.sections.filter((s) => s.name !== null).length + 1;
  state.pack.sections.push({ name: `Round ${n}`, questions: [blankQuestion()] });
  changed();
  render(`#round-${state.pack.sections.length - 1}`);
});

/** Lists the server's problems and puts each beside its field. */
function showProblems(problems) {
  state.problems = problems;
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const ul of document.querySelectorAll('.field-problems')) ul.replaceChildren();
  const { errors = [], warnings = [] } = problems;
  const item = (p, kind) => {
    const path = (p.path || []).join('.');
    // The deepest element we have for this path: the field, else its question, else the pack.
    let field = null;
    let holder = null;
    const parts = path.split('.');
    for (let n = parts.length; n > 0 && !holder; n--) {
      const prefix = parts.slice(0, n).join('.');
      field = field || document.querySelector(`[data-path="${CSS.escape(prefix)}"]:not(li)`)
        || (n === 1 ? document.querySelector(`[data-field="${CSS.escape(prefix)}"]`) : null);
      holder = document.querySelector(`[data-problems="${CSS.escape(prefix)}"]`);
    }
    if (kind === 'error' && field) field.setAttribute('aria-invalid', 'true');
    (holder || $('pack-problems')).append(h('li', { class: kind, text: p.message }));
    return h('li', { class: kind },
      h('button', { type: 'button', class: 'link', text: p.place || 'The pack',
        onclick: () => (field || holder?.closest('li, .card'))?.focus() }),
      ': ', p.message);
  };
  const rows = [...errors.map((p) => item(p, 'error')), ...warnings.map((p) => item(p, 'warning'))];
  const summary = errors.length
    ? `${errors.length} problem${errors.length === 1 ? '' : 's'} to fix before saving`
    : warnings.length ? `Ready to save, with ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : 'No problems: ready to save.';
  fill($('validation'), h('p', { class: errors.length ? 'error' : 'ok', text: summary }), rows.length ? h('ul', {}, rows) : null);
  document.body.dataset.errors = String(errors.length);
}

function showReport(file, report) {
  const el = $('report');
  el.hidden = false;
  fill(el,
    h('p', {}, h('strong', { text: `${file} (${report.format}): ` }), report.summary),
    report.skipped.length ? h('details', { open: true },
      h('summary', { text: `${report.skipped.length} skipped, and why` }),
      h('ul', {}, report.skipped.map((s) => h('li', { text: `${s.at}: ${s.reason}` })))) : null,
    report.warnings.length ? h('ul', {}, report.warnings.map((w) => h('li', { class: 'warning', text: w }))) : null,
    h('p', { class: 'muted', text: 'Nothing is saved yet: edit below, then Save.' }));
}

// --- Preview -----------------------------------------------------------------------

/** The URL of a question's picture as the editor reads it (the pack's media folder). */
const mediaUrl = (image) => (state.id && image
  ? `/api/editor/packs/${encodeURIComponent(state.id)}/media?path=${encodeURIComponent(image)}` : null);

/** Shows the selected question in the phone and projector frames, with the screens' own parts. */
function showPreview() {
  const sections = state.pack.sections;
  let { si, qi } = state.selected;
  if (!sections[si]?.questions[qi]) {
    si = sections.findIndex((s) => s.questions.length);
    qi = 0;
  }
  const q = sections[si]?.questions[qi];
  const aside = document.querySelector('.preview');
  aside.hidden = !q;
  if (!q) return;
  const all = sections.flatMap((s) => s.questions);
  const index = all.indexOf(q);
  $('preview-which').textContent = `(question ${qi + 1}${sections[si].name !== null ? ` of ${sections[si].name}` : ''})`;
  const msg = {
    round: sections[si].name, points: q.points || 1, text: q.text,
    image: mediaUrl(q.image), imageAlt: q.image_alt,
  };
  const seconds = q.time_limit || state.pack.time_limit || 20;
  // The same text sizes as player.js and host.js use.
  for (const [id, sizes, number] of [
    ['preview-phone', [80, 150], `${index + 1} / ${all.length}`],
    ['preview-projector', [70, 130], `Question ${index + 1} of ${all.length}`]]) {
    const root = $(id);
    const part = (name) => root.querySelector(`[data-part=${name}]`);
    fillQuestionParts({ round: part('round'), points: part('points'), text: part('text'), image: part('image') }, msg, sizes);
    part('number').textContent = number;
    part('timer').textContent = String(seconds);
    const box = part('choices');
    box.dataset.count = String(q.choices.length);
    box.dataset.long = String(q.choices.some((c) => c.length > 28));
    fill(box, q.choices.map((text, i) => h('div', { class: `choice c${i}` },
      badge(i), h('span', { class: 'choice-text', dir: 'auto', text }))));
  }
}

// --- Saving ------------------------------------------------------------------------

async function savePack(overwrite) {
  if (state.bundled) return;
  clearTimeout(checkTimer);
  // A draft write still pending would bring the saved edit back as a draft.
  clearTimeout(draftTimer);
  $('save-pack').disabled = true;
  $('save-state').textContent = 'Saving…';
  const body = { pack: toPack(state.pack), version: overwrite || state.version };
  const { ok, status, body: answer } = state.id
    ? await api(`/api/editor/packs/${encodeURIComponent(state.id)}`, { method: 'PUT', ...json(body) })
    : await api('/api/editor/packs', { method: 'POST', ...json(body) });
  $('save-pack').disabled = false;
  if (ok) {
    save(draftKey(), null);
    const first = !state.id;
    state.id = answer.id;
    state.version = answer.version;
    history.replaceState(null, '', `/host/edit?pack=${encodeURIComponent(answer.id)}`);
    $('save-state').textContent = 'Saved';
    document.body.dataset.saved = answer.id;
    notice('');
    $('report').hidden = true;
    showProblems({ errors: [], warnings: answer.warnings });
    showPlay();
    // A pack saved for the first time can now take pictures: show their buttons.
    if (first) render();
    return;
  }
  $('save-state').textContent = 'Not saved';
  if (status === 409) {
    notice(answer.error,
      h('button', { type: 'button', class: 'secondary', text: 'Reload the other version (drops your changes)', onclick: () => {
        save(draftKey(), null);
        location.reload();
      } }),
      h('button', { type: 'button', class: 'primary', testid: 'overwrite', text: 'Save mine over it',
        onclick: () => savePack(answer.version) }));
    return;
  }
  if (answer?.errors?.length) {
    showProblems(answer);
    notice('The pack has problems: fix those listed under Check, then save again.');
    return;
  }
  notice(answer?.error || `The server could not save the pack (HTTP ${status}). Your changes are kept in this browser.`);
}

function showPlay() {
  let link = document.querySelector('[data-testid=play-pack]');
  if (!link) {
    link = h('a', { class: 'secondary', testid: 'play-pack', text: 'Play it' });
    $('save-pack').after(link);
  }
  link.href = `/host?pack=${encodeURIComponent(state.id)}`;
}

$('save-pack').addEventListener('click', () => savePack());
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 's') {
    e.preventDefault();
    savePack();
  }
});

// --- Start -------------------------------------------------------------------------

async function start() {
  const params = new URLSearchParams(location.search);
  const id = params.get('pack');
  if (id) {
    const { ok, body } = await api(`/api/editor/packs/${encodeURIComponent(id)}`);
    if (!ok) {
      notice(body?.error || 'Could not open the pack.');
      document.body.dataset.state = 'error';
      return;
    }
    state.id = body.id;
    state.version = body.version;
    state.bundled = body.bundled;
    state.pack = fromPack(body.pack);
    const draft = load(draftKey());
    if (draft?.pack && JSON.stringify(toPack(draft.pack)) !== JSON.stringify(toPack(state.pack))) {
      // The draft keeps the version it started from, so a save still detects a newer file.
      state.pack = draft.pack;
      state.version = draft.version;
      notice(`Restored your unsaved changes from ${new Date(draft.at).toLocaleString()}.`,
        h('button', { type: 'button', class: 'secondary', text: 'Discard them', onclick: () => {
          save(draftKey(), null);
          location.reload();
        } }));
    }
    showPlay();
  } else if (params.get('import')) {
    const imported = load(IMPORT_KEY);
    save(IMPORT_KEY, null);
    state.pack = imported ? fromPack(imported.report.pack) : fromPack({ title: '', questions: [] });
    if (imported) showReport(imported.file, imported.report);
    save(draftKey(), { pack: state.pack, version: null, at: Date.now() });
  } else {
    const draft = load(draftKey());
    state.pack = draft?.pack || { title: '', sections: [{ name: null, questions: [blankQuestion()] }] };
    if (draft?.pack) {
      notice('Restored the new pack you were writing.', h('button', { type: 'button', class: 'secondary', text: 'Start afresh', onclick: () => {
        save(draftKey(), null);
        location.reload();
      } }));
    }
  }
  if (state.bundled) {
    $('form').disabled = true;
    $('save-pack').hidden = true;
    notice('This pack comes with quiznight and is read-only. Duplicate it to make your own version.',
      h('button', { type: 'button', class: 'primary', testid: 'duplicate', text: 'Duplicate and edit', onclick: async () => {
        const { ok, body } = await api(`/api/editor/packs/${encodeURIComponent(state.id)}/duplicate`, { method: 'POST' });
        if (ok) location.href = `/host/edit?pack=${encodeURIComponent(body.id)}`;
        else notice(body?.error || 'Could not duplicate the pack.');
      } }));
  }
  bindMeta();
  render();
  document.body.dataset.state = 'ready';
  check();
}

start();
