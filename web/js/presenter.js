// The presenter's panel: the open question's right answer and who has not answered
// yet. Shown only on the presenter view (/host?presenter=CODE), never on the projector:
// the audience reads the projector.

import { h, fill, $ } from './dom.js';
import { badge } from './choices.js';

/** The right answer(s) of the open question, from the server's `key`. */
export function showKey(msg) {
  const right = msg.correctChoices || [msg.correct];
  fill($('p-answer'), h('span', { class: 'p-label', text: 'Answer' }),
    right.map((c, i) => h('span', { class: `p-right c${c}` }, badge(c),
      h('span', { class: 'choice-text', dir: 'auto', text: msg.correctTexts?.[i] ?? '' }))));
}

/** No question open: no answer to show. */
export function clearKey() {
  fill($('p-answer'));
}

/**
 * Who has not answered (from `progress`): a bounded list ending in "+N more", dropped
 * phones marked; `kick(p, button)` runs on a name's click (host.js asks twice).
 */
export function showWaiting(msg, kick) {
  const waiting = msg.waiting || [];
  const count = msg.waitingCount ?? waiting.length;
  const dropped = msg.dropped || 0;
  $('p-waiting-count').textContent = count === 0 ? 'Everyone has answered'
    : `Not answered yet: ${count}${dropped ? ` · ${dropped} phone${dropped === 1 ? '' : 's'} away` : ''}`;
  const items = waiting.map((p) => h('li', { 'data-id': p.id, class: p.connected ? '' : 'dropped' },
    h('button', {
      type: 'button',
      class: 'chip',
      title: 'Click twice to remove',
      'aria-label': `${p.name}${p.connected ? '' : ' (phone away)'}: remove`,
      onclick: (e) => kick(p, e.currentTarget),
    }, h('span', { class: 'name', dir: 'auto', text: p.name }),
    p.connected ? null : h('span', { class: 'away', text: 'phone away' }))));
  if (count > waiting.length) items.push(h('li', { class: 'more-item' }, h('span', { class: 'chip more', text: `+${count - waiting.length} more` })));
  fill($('p-waiting'), items);
}
