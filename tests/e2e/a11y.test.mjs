// axe-core on every screen: the host's setup, lobby, questions (text, picture, six
// answers), reveal, leaderboard, podium and question stats; the phone's join, lobby,
// question, paused, answered, reveal, leaderboard and final screens; /results, a game's page and its
// print view; /host/packs, the editor and /host/generate. Any violation fails the test
// with its rule, impact and the elements it found. Also: focus moves to the new screen's
// heading, the phone announces state changes, and the podium reads 1st, 2nd, 3rd.
// Screenshots in tests/e2e/artifacts/a11y-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startServer } from './server.mjs';
import { launch, openPage, shot } from './browser.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const long = (letter) => `${letter}: an answer written out at length to fill eighty characters of text on screen`.slice(0, 80);

const PACK = `
title = "Access test"
language = "en"
time_limit = 120

[[rounds]]
name = "Mixed"

[[rounds.questions]]
text = "Which planet is known as the red planet?"
choices = ["Venus", "Mars", "Jupiter", "Saturn"]
answer = 1
explanation = "Iron oxide on its surface makes Mars look red."

[[rounds.questions]]
text = "Which shape is drawn in this picture?"
choices = ["A square", "A circle"]
answer = 1
image = "images/circle.svg"
image_alt = "A green circle on an orange background"

[[rounds.questions]]
text = "Which of these six long answers is the right one?"
choices = [${['A', 'B', 'C', 'D', 'E', 'F'].map((l) => JSON.stringify(long(l))).join(', ')}]
answer = 5
explanation = "F is right, the sixth answer in orange."
`;

const CIRCLE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 16 9">
<rect width="16" height="9" fill="#f4a261"/><circle cx="8" cy="4.5" r="3" fill="#2a9d8f"/></svg>`;

let server;
let chrome;
let packs;

before(async () => {
  packs = mkdtempSync(path.join(tmpdir(), 'quiznight-a11y-'));
  mkdirSync(path.join(packs, 'images'));
  writeFileSync(path.join(packs, 'access.toml'), PACK);
  writeFileSync(path.join(packs, 'images/circle.svg'), CIRCLE_SVG);
  server = await startServer({ packsDir: packs, args: ['--joins-per-ip-per-sec', '1000'] });
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await server?.stop();
  if (packs) rmSync(packs, { recursive: true, force: true });
});

/**
 * Opens `url` for an axe check: the server's CSP (`default-src 'self'`) would block the
 * injected script, so only these contexts bypass it; reduced motion, so colours are
 * checked at rest rather than half-way through an animation.
 */
async function open(url, opts = {}) {
  const p = await openPage(chrome.browser, url, { ...opts, context: { bypassCSP: true, reducedMotion: 'reduce' } });
  return p;
}

/** What axe found, per screen, as text; each test asserts it is empty at its end. */
let found = [];

/** Runs axe on the page as it is and notes every violation (with the screen's name). */
async function axe(page, label) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes
      .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n')}`);
  });
  await shot(page, `a11y-${label}`);
  found.push(...violations.map((v) => `${label}: ${v}`));
}

/** Fails with the list of everything axe found in this test. */
function noViolations() {
  const all = found;
  found = [];
  assert.deepEqual(all, [], `axe found:\n${all.join('\n')}`);
}

async function screen(page, name, index) {
  const q = index === undefined ? '' : `[data-question="${index}"]`;
  await page.waitForSelector(`body[data-screen="${name}"]${q}`, { state: 'attached' });
}

/** The id (or tag) of the element that has focus. */
const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

test('axe finds nothing on any host or phone screen of a whole game', { timeout: 180000 }, async () => {
  const host = await open(`${server.url}/host`);
  const hp = host.page;
  await hp.setViewportSize({ width: 1366, height: 768 });
  await screen(hp, 'setup');
  await hp.waitForSelector('[data-testid=pack] option[value=access]', { state: 'attached' });
  await hp.selectOption('[data-testid=pack]', 'access');
  await hp.click('.upload summary');
  await axe(hp, 'host-setup');
  await hp.click('[data-testid=create]');
  await screen(hp, 'lobby');
  const code = (await hp.textContent('[data-testid=room-code]')).trim();

  const ann = await open(`${server.url}/?code=${code}`, { phone: true });
  const ap = ann.page;
  await screen(ap, 'join');
  await axe(ap, 'phone-join');
  // A refused join shows its error, which must read as well.
  await ap.click('[data-testid=join]');
  await ap.waitForSelector('#join-error:has-text("Type a name")');
  await axe(ap, 'phone-join-error');
  await ap.fill('[data-testid=name]', 'Ann');
  await ap.click('[data-testid=join]');
  await screen(ap, 'lobby');
  assert.equal(await focused(ap), 'lobby-name', 'focus on the lobby heading');
  assert.match(await ap.textContent('#announce'), /You're in/);
  await axe(ap, 'phone-lobby');

  const bob = await open(`${server.url}/?code=${code}`, { phone: true });
  await screen(bob.page, 'join');
  await bob.page.fill('[data-testid=name]', 'Bob');
  await bob.page.click('[data-testid=join]');
  // A third player is removed: their phone says so.
  const kim = await open(`${server.url}/?code=${code}`, { phone: true });
  await screen(kim.page, 'join');
  await kim.page.fill('[data-testid=name]', 'Kim');
  await kim.page.click('[data-testid=join]');
  await hp.waitForSelector('#player-count:has-text("3 players")');
  await axe(hp, 'host-lobby');
  const chip = hp.locator('#players .chip:has-text("Kim")');
  await chip.click();
  await axe(hp, 'host-lobby-kick-asks');
  await chip.click();
  await screen(kim.page, 'kicked');
  await axe(kim.page, 'phone-kicked');
  await hp.waitForSelector('#player-count:has-text("2 players")');

  // Question 1: text only.
  await hp.click('[data-testid=start]');
  await screen(hp, 'question', 0);
  await screen(ap, 'question', 0);
  assert.equal(await focused(hp), 'q-text', 'focus on the question on the big screen');
  assert.equal(await focused(ap), 'q-text', 'focus on the question on the phone');
  assert.match(await ap.textContent('#announce'), /Question 1 of 3/);
  await axe(hp, 'host-question-text');
  await axe(ap, 'phone-question');
  // A late joiner waits for the next question.
  const late = await open(`${server.url}/?code=${code}`, { phone: true });
  await screen(late.page, 'join');
  await late.page.fill('[data-testid=name]', 'Latecomer');
  await late.page.click('[data-testid=join]');
  await screen(late.page, 'waiting');
  await axe(late.page, 'phone-waiting');
  await hp.click('[data-testid=pause]');
  await ap.waitForSelector('#q-paused:visible');
  await ap.waitForFunction(() => /paused/i.test(document.getElementById('announce').textContent));
  await axe(ap, 'phone-paused');
  await axe(hp, 'host-paused');
  await hp.click('[data-testid=pause]');
  await ap.waitForFunction(() => !document.querySelector('[data-testid=choice-1]').disabled);
  await ap.click('[data-testid=choice-1]');
  await screen(ap, 'locked');
  assert.match(await ap.textContent('#announce'), /locked in/i);
  await axe(ap, 'phone-answered');
  await bob.page.click('[data-testid=choice-0]');
  await screen(hp, 'reveal');
  await screen(ap, 'reveal');
  assert.match(await ap.textContent('#announce'), /Correct/);
  await axe(hp, 'host-reveal');
  await axe(ap, 'phone-reveal-right');
  await axe(bob.page, 'phone-reveal-wrong');
  await screen(late.page, 'reveal');
  await axe(late.page, 'phone-reveal-late');
  await hp.click('[data-testid=next]');
  await screen(hp, 'leaderboard');
  await screen(ap, 'leaderboard');
  await axe(hp, 'host-leaderboard');
  await axe(ap, 'phone-leaderboard');

  // Question 2: a picture, with the pack's alt text.
  await hp.click('[data-testid=next]');
  await screen(hp, 'question', 1);
  await screen(ap, 'question', 1);
  await hp.waitForFunction(() => document.getElementById('q-image').complete);
  assert.equal(await hp.getAttribute('#q-image', 'alt'), 'A green circle on an orange background');
  assert.equal(await ap.getAttribute('#q-image', 'alt'), 'A green circle on an orange background');
  await axe(hp, 'host-question-picture');
  await axe(ap, 'phone-question-picture');
  await hp.click('[data-testid=next]');
  await hp.click('[data-testid=next]').catch(() => {});
  await screen(hp, 'reveal');
  await hp.click('[data-testid=next]');
  await screen(hp, 'leaderboard');

  // Question 3: six long answers, F (the orange one) right.
  await hp.click('[data-testid=next]');
  await screen(hp, 'question', 2);
  await screen(ap, 'question', 2);
  await axe(hp, 'host-question-six');
  await axe(ap, 'phone-question-six');
  await ap.click('[data-testid=choice-5]');
  await bob.page.click('[data-testid=choice-2]');
  // The late joiner lets the time run: close it early from the big screen.
  await hp.click('[data-testid=next]');
  await hp.click('[data-testid=next]');
  await screen(hp, 'reveal');
  await screen(late.page, 'reveal');
  await axe(late.page, 'phone-reveal-no-answer');
  await screen(ap, 'reveal');
  await axe(hp, 'host-reveal-six');
  await hp.click('[data-testid=next]');
  await screen(hp, 'leaderboard');
  await hp.click('[data-testid=next]');
  await screen(hp, 'finished');
  await screen(ap, 'finished');
  // The podium shows 2-1-3 but reads 1st, 2nd, 3rd.
  await hp.waitForFunction(() => document.querySelectorAll('[data-testid=podium] .step.waiting').length === 0, null, { timeout: 20000 });
  const order = await hp.locator('[data-testid=podium] .step').evaluateAll((l) => l.map((s) => s.dataset.place));
  assert.deepEqual(order.slice(0, 2), ['1', '2'], 'the podium reads best first');
  await axe(hp, 'host-podium');
  // After the podium, Space shows the question stats.
  await hp.waitForSelector('[data-testid=stats-toggle]:visible');
  await hp.keyboard.press('Space');
  await screen(hp, 'stats');
  await hp.waitForSelector('[data-testid=final-hardest] li');
  await axe(hp, 'host-final-stats');
  await axe(ap, 'phone-final');
  await axe(bob.page, 'phone-final-second');
  const errors = [host, ann, bob, kim, late].flatMap((p) => p.errors);

  // The past games, one game, its print view, and a player's own result.
  const list = await open(`${server.url}/results`);
  await list.page.waitForSelector('a:has-text("Details")');
  await axe(list.page, 'results-list');
  await list.page.click('a:has-text("Details")');
  await list.page.waitForSelector('[data-testid=question-stats]');
  await axe(list.page, 'results-game');
  await list.page.emulateMedia({ media: 'print' });
  await axe(list.page, 'results-print');
  await ap.click('[data-testid=my-result]');
  await ap.waitForSelector('[data-testid=question-stats]');
  await axe(ap, 'result-player');
  for (const p of [host, ann, bob, kim, late, list]) await p.context.close();
  noViolations();
  assert.deepEqual(errors, []);
});

test('axe finds nothing on the packs, editor and generate pages', { timeout: 90000 }, async () => {
  const packsPage = await open(`${server.url}/host/packs`);
  await packsPage.page.waitForSelector('[data-testid=pack-row]');
  await axe(packsPage.page, 'host-packs');
  const editor = await open(`${server.url}/host/edit?pack=access`);
  await editor.page.waitForSelector('body[data-state=ready]');
  await axe(editor.page, 'host-editor');
  const gen = await open(`${server.url}/host/generate`);
  await gen.page.waitForLoadState('networkidle');
  await axe(gen.page, 'host-generate');
  const errors = [packsPage, editor, gen].flatMap((p) => p.errors);
  for (const p of [packsPage, editor, gen]) await p.context.close();
  noViolations();
  assert.deepEqual(errors, []);
});
