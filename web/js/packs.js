// /host/packs: every pack, with open, duplicate, delete, download and play.
// Talks to /api/editor (src/server/packs_api.rs); user text only via textContent.

import { h, fill, $, save } from './dom.js';
import { IMPORT_KEY } from './drafts.js';
import { api } from './api.js';

const message = $('message');


function when(seconds) {
  if (!seconds) return '—';
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

async function refresh() {
  const { ok, status, body } = await api('/api/editor/packs');
  if (!ok) {
    message.textContent = `Could not load the packs (${body?.error || `HTTP ${status}`}).`;
    return;
  }
  fill($('packs'), body.map(row));
  if (!body.length) fill($('packs'), h('tr', {}, h('td', { colspan: '5', class: 'muted', text: 'No packs yet: write one or import a file.' })));
}

function row(p) {
  const id = encodeURIComponent(p.id);
  const actions = h('td', { class: 'actions' },
    h('a', { class: 'secondary', href: `/host/edit?pack=${id}`, testid: 'open', text: p.bundled ? 'View' : 'Edit' }),
    h('button', { type: 'button', class: 'secondary', testid: 'duplicate', text: 'Duplicate', onclick: () => duplicate(p) }),
    h('a', { class: 'ghost', href: `/api/editor/packs/${id}/download?format=toml`, download: `${p.id}.toml`, text: 'TOML' }),
    h('a', { class: 'ghost', href: `/api/editor/packs/${id}/download?format=json`, download: `${p.id}.json`, text: 'JSON' }),
    h('a', { class: 'primary', href: `/host?pack=${id}`, testid: 'play', text: 'Play' }),
    p.bundled ? null : h('button', { type: 'button', class: 'ghost danger', testid: 'delete', text: 'Delete', onclick: (e) => askDelete(p, e.target) }));
  return h('tr', { testid: 'pack-row', 'data-pack': p.id },
    h('td', {},
      h('span', { class: 'pack-name', text: p.title }),
      p.bundled ? h('span', { class: 'pill subtle', text: 'bundled, read-only' }) : null,
      h('span', { class: 'muted small block', text: `${p.id}.${p.format}` })),
    h('td', { text: String(p.questions) }),
    h('td', { text: p.rounds.length ? p.rounds.join(', ') : '—' }),
    h('td', { text: when(p.updated) }),
    actions);
}

async function duplicate(p) {
  const { ok, body } = await api(`/api/editor/packs/${encodeURIComponent(p.id)}/duplicate`, { method: 'POST' });
  if (!ok) {
    message.textContent = body?.error || 'Could not duplicate the pack.';
    return;
  }
  location.href = `/host/edit?pack=${encodeURIComponent(body.id)}`;
}

/** Deleting asks in words, in the row itself, and names the pack. */
function askDelete(p, button) {
  const cell = button.closest('td');
  const confirm = h('div', { class: 'confirm-delete', role: 'alertdialog', 'aria-label': 'Confirm delete' },
    h('p', { text: `Delete “${p.title}” (${p.questions} questions)? It leaves the list; its file is kept in the packs folder under .deleted.` }),
    h('button', { type: 'button', class: 'primary danger', testid: 'confirm-delete', text: `Yes, delete “${p.title}”`, onclick: () => remove(p) }),
    h('button', { type: 'button', class: 'secondary', text: 'Keep it', onclick: () => { confirm.remove(); button.focus(); } }));
  cell.append(confirm);
  confirm.querySelector('button').focus();
}

async function remove(p) {
  const { ok, body } = await api(`/api/editor/packs/${encodeURIComponent(p.id)}`, { method: 'DELETE' });
  message.textContent = ok ? '' : body?.error || 'Could not delete the pack.';
  refresh();
}

$('import-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  message.textContent = '';
  const { ok, body } = await api(`/api/editor/import?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    body: await file.arrayBuffer(),
  });
  e.target.value = '';
  if (!ok) {
    const details = (body?.errors || []).map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.message}`);
    message.textContent = [body?.error || 'Could not import the file.', ...details].join('\n');
    return;
  }
  // The editor opens the import as a new, unsaved pack with the report above it.
  save(IMPORT_KEY, { file: file.name, report: body });
  location.href = '/host/edit?import=1';
});

refresh();
