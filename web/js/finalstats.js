// The host's question stats after the podium: % right per question and the hardest
// ones, from the stored game (GET /api/games/{id}, host cookie), with the same numbers
// as /results (stats.js). One screen, fitted to the viewport like the rest of the show.

import { h, fill, $ } from './dom.js';
import { questionStats, hardest, answerText } from './stats.js';
import { fitText, fitList } from './fit.js';

/** Reads the finished game (the server lets its queued results land first). */
export async function fetchGame(id) {
  const res = await fetch(`/api/games/${encodeURIComponent(id)}`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(res.status === 404 ? 'the game was not saved' : `the server said ${res.status}`);
  return res.json();
}

function shareBar(s, extra) {
  return h('span', { class: 'fs-bar', 'aria-hidden': 'true' },
    h('span', { class: `fs-fill${extra ? ` ${extra}` : ''}`, style: `width:${s.share}%` }));
}

function counts(s) {
  const missed = s.players - s.answered;
  return `${s.right} of ${s.players} right${missed ? ` · ${missed} no answer` : ''}`;
}

/** Fills the stats screen from a game detail; false when there is nothing to show. */
export function showStats(g) {
  const stats = questionStats(g);
  if (!stats.length || !g.playerCount) return false;
  const right = stats.reduce((a, s) => a + s.right, 0);
  const overall = Math.round((100 * right) / (stats.length * g.playerCount));
  $('fs-summary').textContent = `${stats.length} question${stats.length === 1 ? '' : 's'} · ${g.playerCount} player${g.playerCount === 1 ? '' : 's'} · ${overall}% right overall`;
  const worst = hardest(stats, 3);
  fill($('fs-hardest'), worst.map((s) => h('li', { class: 'fs-card' },
    h('p', { class: 'fs-q' }, h('span', { class: 'fs-num', text: `Q${s.index + 1}` }),
      h('span', { dir: 'auto', text: s.question.text })),
    h('p', { class: 'fs-answer', dir: 'auto', text: `Answer: ${answerText(s.question)}` }),
    h('p', { class: 'fs-share' }, h('span', { class: 'fs-figure', text: `${s.share}%` }), shareBar(s, 'hard'),
      h('span', { class: 'fs-counts', text: counts(s) })))));
  const hard = new Set(worst.map((s) => s.index));
  const list = $('fs-all');
  list.dataset.cols = String(stats.length > 24 ? 3 : stats.length > 8 ? 2 : 1);
  fill(list, stats.map((s) => h('li', { title: s.question.text },
    h('span', { class: 'fs-num', text: `Q${s.index + 1}` }), shareBar(s, hard.has(s.index) ? 'hard' : ''),
    h('span', { class: 'fs-figure', text: `${s.share}%` }),
    h('span', { class: 'visually-hidden', text: `: ${counts(s)}` }))));
  return true;
}

// The "+N more" row when a long game's questions do not all fit.
const more = h('li', { class: 'more-item' }, h('span', { class: 'fs-more', text: '' }));

/** Shrinks the stats until they fit; a game too long for that ends its list in "+N more". */
export function fitStats() {
  const list = $('fs-all');
  for (const li of list.children) li.hidden = false;
  more.remove();
  fitText(document.querySelector('[data-screen-name="stats"]'), $('fs-hardest-box'), list);
  fitList(list, more);
}
