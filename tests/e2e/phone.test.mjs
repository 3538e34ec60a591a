// Phones: at 320x568 and 740x360 (landscape) the timer, the question and every answer
// fit one screen without scrolling (six 80-character answers, a picture, four short
// answers); the leaderboard always shows the player's own row; the page speaks the
// pack's language. Screenshots in tests/e2e/artifacts/phone-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage, shot } from './browser.mjs';

const SIZES = [{ width: 320, height: 568 }, { width: 740, height: 360 }];
const long = (letter) => `${letter}: an answer written out at length to fill eighty characters of text on screen`.slice(0, 80);

const PACK = `
title = "Phone test"
language = "fr"
time_limit = 200

[[questions]]
text = "Which of these six long answers is the right one, when every answer is eighty characters long?"
choices = [${['A', 'B', 'C', 'D', 'E', 'F'].map((l) => JSON.stringify(long(l))).join(', ')}]
answer = 5

[[questions]]
text = "Which city skyline is shown in this wide picture?"
choices = ["Paris", "Rome", "Madrid", "Berlin"]
answer = 0
image = "images/wide.svg"
image_alt = "A made-up skyline at sunset"

[[questions]]
text = "Two plus two?"
choices = ["Three", "Four", "Five", "Six"]
answer = 1
`;

const WIDE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 16 9">
<rect width="16" height="9" fill="#f4a261"/><rect y="5" width="16" height="4" fill="#264653"/></svg>`;

let server;
let chrome;
let packs;

before(async () => {
  packs = mkdtempSync(path.join(tmpdir(), 'quiznight-phone-'));
  mkdirSync(path.join(packs, 'images'));
  writeFileSync(path.join(packs, 'phone.toml'), PACK);
  writeFileSync(path.join(packs, 'images/wide.svg'), WIDE_SVG);
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

/** What of the question screen is not fully in the viewport, or a page that scrolls. */
async function outOfView(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    const bad = [];
    const doc = document.documentElement;
    if (doc.scrollHeight > innerHeight) bad.push(`page is ${doc.scrollHeight} px tall`);
    if (doc.scrollWidth > innerWidth) bad.push(`page is ${doc.scrollWidth} px wide`);
    const section = document.querySelector('[data-screen-name="question"]');
    if (section.scrollHeight > section.clientHeight + 1) bad.push(`question screen scrolls (${section.scrollHeight} > ${section.clientHeight})`);
    const els = ['#q-timer', '#q-text', '#q-number', ...[...document.querySelectorAll('#q-choices .choice')].map((_, i) => `[data-testid=choice-${i}]`)];
    if (!document.getElementById('q-image').hidden) els.push('#q-image');
    for (const sel of els) {
      const el = document.querySelector(sel);
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) bad.push(`${sel}: not shown`);
      if (r.top < -0.5 || r.left < -0.5 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) {
        bad.push(`${sel}: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}`);
      }
      // Text cut off inside its tile would be as bad as off screen.
      if (el.scrollHeight > el.clientHeight + 1) bad.push(`${sel}: its text overflows`);
    }
    const fit = Number(getComputedStyle(section).getPropertyValue('--fit') || 1);
    const text = parseFloat(getComputedStyle(document.querySelector('#q-choices .choice')).fontSize);
    return { bad, fit, text };
  });
}

for (const size of SIZES) {
  const tag = `${size.width}x${size.height}`;
  test(`phones at ${tag}: every answer and the timer on one screen, the own row on the leaderboard`, { timeout: 120000 }, async () => {
    const host = await openPage(chrome.browser, `${server.url}/host`);
    const hp = host.page;
    await screen(hp, 'setup');
    await hp.waitForSelector('[data-testid=pack] option[value=phone]', { state: 'attached' });
    await hp.selectOption('[data-testid=pack]', 'phone');
    await hp.click('[data-testid=create]');
    await screen(hp, 'lobby');
    const code = (await hp.textContent('[data-testid=room-code]')).trim();

    const phone = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
    const pp = phone.page;
    await pp.setViewportSize(size);
    await screen(pp, 'join');
    assert.equal(await pp.getAttribute('html', 'lang'), 'en', 'English before a game');
    await pp.fill('[data-testid=name]', 'Zoe');
    await pp.click('[data-testid=join]');
    await screen(pp, 'lobby');
    assert.equal(await pp.getAttribute('html', 'lang'), 'fr', "the pack's language");
    // Six faster players fill the top five, so Zoe is sixth.
    const others = [];
    for (let i = 0; i < 6; i += 1) {
      const o = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
      await screen(o.page, 'join');
      await o.page.fill('[data-testid=name]', `Fast ${i}`);
      await o.page.click('[data-testid=join]');
      await screen(o.page, 'lobby');
      others.push(o);
    }
    await hp.waitForSelector('#player-count:has-text("7 players")');
    await hp.click('[data-testid=start]');

    // Six 80-character answers.
    await screen(pp, 'question', 0);
    const six = await outOfView(pp);
    assert.deepEqual(six.bad, [], `six long answers at ${tag} (fit ${six.fit})`);
    assert.ok(six.text >= 11, `answer text stays readable: ${six.text} px`);
    await shot(pp, `phone-${tag}-01-six-answers`);
    for (const o of others) await o.page.click('[data-testid=choice-5]');
    await pp.click('[data-testid=choice-0]');
    await screen(pp, 'reveal');
    await hp.click('[data-testid=next]');
    await screen(pp, 'leaderboard');
    const rows = await pp.locator('#lb-list li').evaluateAll((l) => l.map((li) => `${li.className}:${li.textContent}`));
    assert.equal(rows.length, 7, rows.join(' | '));
    assert.equal(rows[5], 'gap:⋯');
    assert.match(rows[6], /^me:7Zoe0$/);
    const own = await pp.evaluate(() => document.querySelector('#lb-list li.me').getBoundingClientRect().bottom);
    assert.ok(own <= size.height, `own row in view: bottom ${own}`);
    await shot(pp, `phone-${tag}-02-leaderboard-own-row`);

    // A picture and four answers.
    await hp.click('[data-testid=next]');
    await screen(pp, 'question', 1);
    await pp.waitForFunction(() => document.getElementById('q-image').complete);
    assert.equal(await pp.getAttribute('#q-image', 'alt'), 'A made-up skyline at sunset');
    const pic = await outOfView(pp);
    assert.deepEqual(pic.bad, [], `picture question at ${tag}`);
    await shot(pp, `phone-${tag}-03-picture`);
    // Paused: the note takes a line, and everything still fits.
    await hp.keyboard.press('p');
    await pp.waitForSelector('#q-note:visible');
    const held = await outOfView(pp);
    assert.deepEqual(held.bad, [], `paused picture question at ${tag}`);
    await shot(pp, `phone-${tag}-04-paused`);
    await hp.keyboard.press('p');
    await pp.waitForSelector('#q-paused', { state: 'hidden' });
    await hp.click('[data-testid=next]');
    await hp.click('[data-testid=next]');
    await screen(pp, 'reveal');
    await hp.click('[data-testid=next]');
    await screen(pp, 'leaderboard');
    await hp.click('[data-testid=next]');

    // Four short answers keep their big tiles (no shrinking needed).
    await screen(pp, 'question', 2);
    const four = await outOfView(pp);
    assert.deepEqual(four.bad, [], `four short answers at ${tag}`);
    assert.equal(four.fit, 1, 'short answers need no shrinking');
    await shot(pp, `phone-${tag}-05-four-answers`);

    await hp.click('#end');
    await hp.click('#end');
    await screen(pp, 'finished');
    const final = await pp.locator('#final-list li').evaluateAll((l) => l.map((li) => li.className));
    assert.deepEqual(final.slice(-2), ['gap', 'me'], 'the own row under the podium');
    await shot(pp, `phone-${tag}-06-final`);
    const errors = [host, phone, ...others].flatMap((p) => p.errors);
    assert.deepEqual(errors, []);
    for (const p of [host, phone, ...others]) await p.context.close();
  });
}
