// The end of the night and the host's helpers: after the podium the host's final screen
// shows each question's % right and the hardest three, fully in view at 1366x768 and
// 1920x1080; the reveal's "N of M" counts a dropped phone (with a "no answer" bar);
// auto-advance shows its countdown; the presenter view works on a 360x740 phone.
// Screenshots in tests/e2e/artifacts/bigscreen-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage, shot } from './browser.mjs';

const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];

// Four questions; choice 0 is always right. Long texts, as a real pack has them.
const PACK = `
title = "Stats test"
language = "en"
time_limit = 120
${['Paris', 'Rome', 'Madrid', 'Berlin'].map((city, i) => `
[[questions]]
text = "Question ${i + 1}: which of these cities has been the capital of its country for the longest time, ${city} or another one?"
choices = ["${city}", "Not ${city}", "Neither of them", "Both of them"]
answer = 0
`).join('')}`;

// A long night: 40 questions, for the stats screen's fitting.
const LONG_PACK = `title = "Long night"\ntime_limit = 120\n${Array.from({ length: 40 }, (_, i) => `
[[questions]]
text = "Long night question ${i + 1}: is this one of the questions that Ann gets right?"
choices = ["Yes", "No"]
answer = 0
`).join('')}`;

let server;
let chrome;
let packs;

before(async () => {
  packs = mkdtempSync(path.join(tmpdir(), 'quiznight-bigscreen-'));
  writeFileSync(path.join(packs, 'stats.toml'), PACK);
  writeFileSync(path.join(packs, 'long.toml'), LONG_PACK);
  server = await startServer({ packsDir: packs, args: ['--joins-per-ip-per-sec', '1000'] });
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await server?.stop();
  if (packs) rmSync(packs, { recursive: true, force: true });
});

async function screen(page, name, index) {
  const q = index === undefined ? '' : `[data-question="${index}"]`;
  await page.waitForSelector(`body[data-screen="${name}"]${q}`, { state: 'attached' });
}

async function openRoom(size, { autoAdvance = false, pack = 'stats', count = null } = {}) {
  const host = await openPage(chrome.browser, `${server.url}/host`);
  await host.page.setViewportSize(size);
  await screen(host.page, 'setup');
  await host.page.waitForSelector(`[data-testid=pack] option[value=${pack}]`, { state: 'attached' });
  await host.page.selectOption('[data-testid=pack]', pack);
  if (count) await host.page.fill('#count', String(count));
  await host.page.setChecked('#auto-advance', autoAdvance);
  await host.page.click('[data-testid=create]');
  await screen(host.page, 'lobby');
  const code = (await host.page.textContent('[data-testid=room-code]')).trim();
  return { host, code };
}

/** Players over raw WebSockets from `page`: window.__p[name] is each one's socket. */
async function joinRaw(page, code, names) {
  await page.evaluate(([room, list]) => new Promise((resolve, reject) => {
    window.__p = window.__p || {};
    let joined = 0;
    const timer = setTimeout(() => reject(new Error(`only ${joined} joined`)), 15000);
    for (const name of list) {
      const ws = new WebSocket(`ws://${location.host}/ws`);
      window.__p[name] = ws;
      ws.onopen = () => ws.send(JSON.stringify({ type: 'join', code: room, name }));
      ws.onmessage = (m) => {
        const msg = JSON.parse(m.data);
        if (msg.type === 'joined' && ++joined === list.length) {
          clearTimeout(timer);
          resolve();
        } else if (msg.type === 'error') reject(new Error(msg.message));
      };
    }
  }), [code, names]);
}

/** Each named player answers `question` with the given choice. */
async function answer(crowd, question, picks) {
  await crowd.evaluate(([q, list]) => {
    for (const [name, choice] of Object.entries(list)) {
      window.__p[name].send(JSON.stringify({ type: 'answer', question: q, choice }));
    }
  }, [question, picks]);
}

/** Every box of `selector` lies inside the viewport and above the control bar. */
async function inView(page, selector) {
  return page.evaluate((sel) => {
    const bar = document.querySelector('[data-testid=control-bar]').getBoundingClientRect();
    const bottom = bar.height > 0 ? bar.top : window.innerHeight;
    const bad = [];
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.top < -0.5 || r.left < -0.5 || r.right > window.innerWidth + 0.5 || r.bottom > bottom + 0.5) {
        bad.push(`${el.className || el.tagName} ${JSON.stringify([r.left, r.top, r.right, r.bottom])} (bottom ${bottom})`);
      }
    }
    const scroller = document.scrollingElement;
    if (scroller.scrollHeight > window.innerHeight + 1) bad.push(`page scrolls: ${scroller.scrollHeight}`);
    return bad;
  }, selector);
}

for (const size of SIZES) {
  const tag = `${size.width}x${size.height}`;
  test(`after the podium the host sees each question's % right, all in view at ${tag}`, { timeout: 120000 }, async () => {
    const { host, code } = await openRoom(size);
    const hp = host.page;
    const crowd = await openPage(chrome.browser, `${server.url}/`, { phone: true });
    const cp = crowd.page;
    await joinRaw(cp, code, ['Ann', 'Bob', 'Cy', 'Dan']);
    await hp.waitForSelector('#player-count:has-text("4 players")');
    await hp.keyboard.press('Space');

    // Q1: all four right (it closes by itself).
    await screen(hp, 'question', 0);
    await answer(cp, 0, { Ann: 0, Bob: 0, Cy: 0, Dan: 0 });
    await screen(hp, 'reveal');
    await hp.waitForSelector('#r-summary:has-text("4 of 4 got it right")');
    await hp.keyboard.press('Space');
    await screen(hp, 'leaderboard');
    await hp.keyboard.press('Space');

    // Q2: Dan's phone drops, Ann is right, Bob wrong, Cy silent; the host closes it.
    await screen(hp, 'question', 1);
    await cp.evaluate(() => window.__p.Dan.close());
    await answer(cp, 1, { Ann: 0, Bob: 1 });
    await hp.waitForSelector('#q-answered:has-text("2 / 3 answered · 1 phone away")');
    await hp.keyboard.press('Space');
    await hp.waitForSelector('[data-testid=close-early]:visible');
    await hp.keyboard.press('Space');
    await screen(hp, 'reveal');
    // Dan could answer: 4 in all, and the two who did not answer have their bar.
    await hp.waitForSelector('#r-summary:has-text("1 of 4 got it right")');
    assert.equal((await hp.textContent('#r-chart .bar-row.none')).replace(/\s+/g, ' ').trim(), 'No answer2');
    assert.deepEqual(await inView(hp, '#r-chart .bar-row'), []);
    await shot(hp, `bigscreen-${tag}-01-reveal-dropped`);
    await hp.keyboard.press('Space');
    await screen(hp, 'leaderboard');
    await hp.keyboard.press('Space');

    // Q3: all three wrong; Q4: Ann and Bob right, Cy wrong.
    await screen(hp, 'question', 2);
    await answer(cp, 2, { Ann: 1, Bob: 2, Cy: 3 });
    await screen(hp, 'reveal');
    await hp.keyboard.press('Space');
    await screen(hp, 'leaderboard');
    await hp.keyboard.press('Space');
    await screen(hp, 'question', 3);
    await answer(cp, 3, { Ann: 0, Bob: 0, Cy: 1 });
    await screen(hp, 'reveal');
    await hp.keyboard.press('Space');
    await screen(hp, 'leaderboard');
    await hp.keyboard.press('Space');

    // The podium first; once the stats are loaded, Space shows them.
    await screen(hp, 'finished');
    await hp.waitForSelector('[data-testid=stats-toggle]:visible');
    assert.match(await hp.textContent('#keyhint'), /Space\s*Question stats/);
    await shot(hp, `bigscreen-${tag}-02-podium`);
    await hp.keyboard.press('Space');
    await screen(hp, 'stats');
    const stats = hp.locator('[data-testid=final-stats]');
    await stats.waitFor();

    // Q1 100%, Q2 25%, Q3 0%, Q4 50%: no answer counts as not right.
    const figures = await hp.locator('[data-testid=final-questions] li .fs-figure').allTextContents();
    assert.deepEqual(figures, ['100%', '25%', '0%', '50%']);
    const hardest = await hp.locator('[data-testid=final-hardest] li').allTextContents();
    assert.equal(hardest.length, 3);
    assert.match(hardest[0], /^Q3.*Madrid.*Answer: A: Madrid.*0%.*0 of 4 right · 1 no answer/);
    assert.match(hardest[1], /^Q2.*Answer: A: Rome.*25%.*1 of 4 right · 2 no answer/);
    assert.match(hardest[2], /^Q4.*Answer: A: Berlin.*50%.*2 of 4 right · 1 no answer/);
    assert.match(await hp.textContent('#fs-summary'), /4 questions · 4 players · 44% right overall/);

    // Fully in view, above the control bar, nothing clipped inside the columns.
    assert.deepEqual(await inView(hp, '[data-testid=final-stats], [data-testid=final-stats] h1, [data-testid=final-stats] h2, [data-testid=final-stats] li, [data-testid=final-stats] p'), []);
    const clipped = await hp.evaluate(() => ['fs-hardest-box', 'fs-all']
      .map((id) => document.getElementById(id))
      .filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.id));
    assert.deepEqual(clipped, []);
    assert.equal(await hp.locator('[data-testid=final-questions] li:not([hidden])').count(), 4, 'no "+N more" for four questions');
    await shot(hp, `bigscreen-${tag}-03-final-stats`);

    // Space again: back to the podium.
    assert.match(await hp.textContent('#keyhint'), /Back to the podium/);
    await hp.keyboard.press('Space');
    await screen(hp, 'finished');
    assert.deepEqual([...host.errors, ...crowd.errors], []);
    await crowd.context.close();
    await host.context.close();
  });
}

test('the stats of a 40-question night still fit 1366x768', { timeout: 120000 }, async () => {
  const size = { width: 1366, height: 768 };
  const { host, code } = await openRoom(size, { pack: 'long', count: 40 });
  const hp = host.page;
  const crowd = await openPage(chrome.browser, `${server.url}/`, { phone: true });
  await joinRaw(crowd.page, code, ['Ann', 'Bob']);
  await hp.waitForSelector('#player-count:has-text("2 players")');
  await hp.keyboard.press('Space');
  for (let i = 0; i < 40; i += 1) {
    await screen(hp, 'question', i);
    // Ann is right on every third question, Bob never.
    await answer(crowd.page, i, { Ann: i % 3 === 0 ? 0 : 1, Bob: 1 });
    await screen(hp, 'reveal');
    await hp.keyboard.press('Space');
    await screen(hp, 'leaderboard');
    await hp.keyboard.press('Space');
  }
  await screen(hp, 'finished');
  await hp.waitForSelector('[data-testid=stats-toggle]:visible');
  await hp.keyboard.press('Space');
  await screen(hp, 'stats');
  await hp.waitForSelector('[data-testid=final-hardest] li');
  assert.deepEqual(await inView(hp, '[data-testid=final-stats], [data-testid=final-stats] h1, [data-testid=final-stats] h2, [data-testid=final-stats] li, [data-testid=final-stats] p'), []);
  const shown = await hp.locator('[data-testid=final-questions] li:not([hidden]):not(.more-item) .fs-figure').allTextContents();
  const more = await hp.locator('[data-testid=final-questions] .more-item').count();
  // Every question in view, or the first ones and a "+N more" for the rest.
  assert.ok(shown.length === 40 || (more === 1 && shown.length > 10), `${shown.length} shown, ${more} more`);
  assert.deepEqual(shown.slice(0, 4), ['50%', '0%', '0%', '50%']);
  await shot(hp, 'bigscreen-1366x768-04-long-night-stats');
  assert.deepEqual([...host.errors, ...crowd.errors], []);
  await crowd.context.close();
  await host.context.close();
});

test('auto-advance shows its countdown on the reveal and on the leaderboard', { timeout: 60000 }, async () => {
  const { host, code } = await openRoom({ width: 1366, height: 768 }, { autoAdvance: true });
  const hp = host.page;
  const crowd = await openPage(chrome.browser, `${server.url}/`, { phone: true });
  await joinRaw(crowd.page, code, ['Ann']);
  await hp.waitForSelector('#player-count:has-text("1 player")');
  await hp.keyboard.press('Space');
  await screen(hp, 'question', 0);
  await answer(crowd.page, 0, { Ann: 0 });
  await screen(hp, 'reveal');
  const pill = hp.locator('[data-testid=advance]');
  await pill.waitFor({ state: 'visible' });
  assert.match(await pill.textContent(), /^Leaderboard in [1-6] s$/);
  assert.deepEqual(await inView(hp, '[data-testid=advance]'), []);
  await shot(hp, 'bigscreen-1366x768-05-advance-reveal');
  // Nobody presses anything: the leaderboard comes, with its own countdown.
  await screen(hp, 'leaderboard');
  await hp.waitForSelector('[data-testid=advance]:visible:text-matches("^Next in [1-6] s$")');
  assert.deepEqual([...host.errors, ...crowd.errors], []);
  await crowd.context.close();
  await host.context.close();
});

test('the presenter view works on a 360x740 phone', { timeout: 60000 }, async () => {
  const { host: projector, code } = await openRoom({ width: 1366, height: 768 });
  const crowd = await openPage(chrome.browser, `${server.url}/`, { phone: true });
  // A long name: wider than a phone's chip area, it ends in an ellipsis.
  await joinRaw(crowd.page, code, ['Ann', 'Bob', 'Cyrielle Longname-Smithson'.slice(0, 24)]);
  // A second page of the projector's browser (it has the host cookie), phone-sized.
  const sp = await projector.context.newPage();
  const errors = [];
  sp.on('pageerror', (e) => errors.push(`presenter: ${e.message}`));
  await sp.setViewportSize({ width: 360, height: 740 });
  await sp.goto(`${server.url}/host?presenter=${code}`);
  await screen(sp, 'lobby');
  await sp.waitForSelector('#player-count:has-text("3 players")');
  const layout = (id) => sp.evaluate((button) => {
    const r = document.getElementById(button).getBoundingClientRect();
    return {
      scrollWidth: document.scrollingElement.scrollWidth,
      button: r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
    };
  }, id);
  assert.deepEqual(await layout('start'), { scrollWidth: 360, button: true });
  // The names, not the join panel (the projector shows that): all three fit.
  assert.deepEqual(await sp.locator('[data-testid=lobby-players] li').evaluateAll((l) => l.map((li) => li.hidden || li.classList.contains('more-item'))), [false, false, false]);
  await shot(sp, 'bigscreen-presenter-360x740-01-lobby');

  await sp.click('[data-testid=start]');
  await screen(sp, 'question', 0);
  await sp.waitForSelector('[data-testid=presenter-answer]:has-text("Paris")');
  await answer(crowd.page, 0, { Ann: 1 });
  await sp.waitForSelector('#p-waiting-count:has-text("Not answered yet: 2")');
  assert.deepEqual(await layout('next'), { scrollWidth: 360, button: true });
  // The answer and the waiting names are on screen, not cut off.
  for (const sel of ['[data-testid=presenter-answer]', '[data-testid=not-answered] li']) {
    const boxes = await sp.locator(sel).evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.left >= 0 && r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5;
    }));
    assert.ok(boxes.length > 0 && boxes.every(Boolean), `${sel} in view: ${boxes}`);
  }
  await shot(sp, 'bigscreen-presenter-360x740-02-question');

  // The next button works from the phone (asked once more: most of the time is left).
  await sp.click('[data-testid=next]');
  await sp.waitForSelector('[data-testid=close-early]:visible');
  await sp.click('[data-testid=next]');
  await screen(sp, 'reveal');
  assert.deepEqual(await layout('next'), { scrollWidth: 360, button: true });
  await shot(sp, 'bigscreen-presenter-360x740-03-reveal');
  assert.deepEqual([...projector.errors, ...crowd.errors, ...errors], []);
  await crowd.context.close();
  await projector.context.close();
});
