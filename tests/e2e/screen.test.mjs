// The big screen fits the projector: with 100 players the room code, URL and QR stay in
// view; a 16:9 picture with four answers, six 80-character answers and their reveals
// with explanations all sit above the control bar; Space after a first click on
// "End game" or on a player's chip neither ends the game nor kicks anyone.
// At 1366x768 and 1920x1080; screenshots in tests/e2e/artifacts/screen-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage, shot } from './browser.mjs';

const PLAYERS = 100;
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];
const long = (letter) => `${letter}: an answer written out at length to fill eighty characters of text on screen`.slice(0, 80);

const PACK = `
title = "Screen test"
language = "en"
time_limit = 200

[[rounds]]
name = "Pictures"

[[rounds.questions]]
text = "Which city skyline is shown in this wide picture taken at sunset last summer?"
choices = ["Paris", "Rome", "Madrid", "Berlin"]
answer = 0
image = "images/wide.svg"
explanation = "The picture shows a made-up skyline in a sixteen by nine frame; the test only needs its size, not its content, and this sentence only needs length."

[[rounds.questions]]
text = "Which of these six long answers is the right one, when every answer is eighty characters long?"
choices = [${['A', 'B', 'C', 'D', 'E', 'F'].map((l) => JSON.stringify(long(l))).join(', ')}]
answer = 4
explanation = "E is right. This explanation is long on purpose: two full sentences that a quiz master would read aloud to the room while everyone looks at the big screen, well over two hundred characters in all."
`;

// 21 questions in three rounds: more than a night's default length.
const ROUNDS_PACK = `title = "Three rounds"\n${['One', 'Two', 'Three'].map((round) => `
[[rounds]]
name = "Round ${round}"
${Array.from({ length: 7 }, (_, i) => `
[[rounds.questions]]
text = "Question ${i} of round ${round}?"
choices = ["Yes", "No"]
answer = 0
`).join('')}`).join('')}`;

const WIDE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 16 9">
<rect width="16" height="9" fill="#f4a261"/><rect y="5" width="16" height="4" fill="#264653"/>
<rect x="2" y="2" width="2" height="4" fill="#2a9d8f"/><rect x="7" y="1" width="1.5" height="5" fill="#e76f51"/></svg>`;

let server;
let chrome;
let packs;

before(async () => {
  packs = mkdtempSync(path.join(tmpdir(), 'quiznight-screen-'));
  mkdirSync(path.join(packs, 'images'));
  writeFileSync(path.join(packs, 'screen.toml'), PACK);
  writeFileSync(path.join(packs, 'images/wide.svg'), WIDE_SVG);
  writeFileSync(path.join(packs, 'rounds.toml'), ROUNDS_PACK);
  // 100 players join from one address within a second or two.
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

/**
 * Every element matching one of `selectors` that is not fully inside the viewport and
 * above the control bar, as "selector: why"; also a page taller than the viewport.
 */
async function outOfView(page, selectors) {
  return page.evaluate((list) => {
    const bad = [];
    const bar = document.querySelector('[data-testid=control-bar]').getBoundingClientRect();
    const bottom = Math.min(window.innerHeight, bar.top);
    const page = document.documentElement;
    if (page.scrollHeight > window.innerHeight) bad.push(`page is ${page.scrollHeight} px tall`);
    if (page.scrollWidth > window.innerWidth) bad.push(`page is ${page.scrollWidth} px wide`);
    for (const sel of list) {
      const els = [...document.querySelectorAll(sel)];
      if (!els.length) bad.push(`${sel}: missing`);
      for (const [i, el] of els.entries()) {
        const r = el.getBoundingClientRect();
        const why = [];
        if (r.width < 1 || r.height < 1) why.push('not shown');
        if (r.top < -0.5 || r.left < -0.5) why.push(`starts at ${r.left},${r.top}`);
        if (r.right > window.innerWidth + 0.5) why.push(`right edge ${r.right}`);
        if (r.bottom > bottom + 0.5) why.push(`bottom ${Math.round(r.bottom)} > ${Math.round(bottom)}`);
        if (why.length) bad.push(`${sel}[${i}]: ${why.join(', ')}`);
      }
    }
    return bad;
  }, selectors);
}

/** Joins `n` players to room `code` over raw WebSockets from `page` (they stay while it lives). */
async function fillRoom(page, code, n) {
  await page.evaluate(([room, count]) => new Promise((resolve, reject) => {
    const first = ['Ada', 'Bartholomew', 'Cy', 'Dolores Umbridge', 'Eve', 'Fitzgerald', 'Gu', 'Hannelore'];
    let joined = 0;
    const timer = setTimeout(() => reject(new Error(`only ${joined} joined`)), 30000);
    window.__players = [];
    for (let i = 0; i < count; i += 1) {
      const ws = new WebSocket(`ws://${location.host}/ws`);
      window.__players.push(ws);
      ws.onopen = () => ws.send(JSON.stringify({ type: 'join', code: room, name: `${first[i % first.length]} ${i}` }));
      ws.onmessage = (m) => {
        const msg = JSON.parse(m.data);
        if (msg.type === 'joined') {
          joined += 1;
          if (joined === count) {
            clearTimeout(timer);
            resolve();
          }
        } else if (msg.type === 'error') reject(new Error(msg.message));
      };
    }
  }), [code, n]);
}

for (const size of SIZES) {
  const tag = `${size.width}x${size.height}`;
  test(`the big screen fits ${tag} with ${PLAYERS} players, a picture and six long answers`, { timeout: 120000 }, async () => {
    const host = await openPage(chrome.browser, `${server.url}/host`);
    const hp = host.page;
    await hp.setViewportSize(size);
    await screen(hp, 'setup');
    await hp.waitForSelector('[data-testid=pack] option[value=screen]', { state: 'attached' });
    await hp.selectOption('[data-testid=pack]', 'screen');
    await hp.click('[data-testid=create]');
    await screen(hp, 'lobby');
    const code = (await hp.textContent('[data-testid=room-code]')).trim();
    const crowd = await openPage(chrome.browser, `${server.url}/`, { phone: true });
    await fillRoom(crowd.page, code, PLAYERS);
    // Bounded wait; on a busy machine a big room's lobby may take a moment.
    await hp.waitForFunction((n) => document.getElementById('player-count').textContent === `${n} players`, PLAYERS, { timeout: 30000 })
      .catch(async (e) => {
        await shot(hp, `screen-${tag}-01-lobby-failed`);
        throw new Error(`host shows "${await hp.textContent('#player-count')}" (${hp.url()}): ${e.message}\n${server.log()}`);
      });
    await hp.waitForFunction(() => document.querySelector('[data-testid=qr]').naturalWidth > 0);
    assert.deepEqual(await outOfView(hp, ['[data-testid=room-code]', '#join-url', '[data-testid=qr]',
      '[data-testid=lobby-players]', '#player-count', '#players li:not([hidden])']), [], `lobby at ${tag}`);
    const more = await hp.textContent('#players .more');
    assert.match(more, /^\+\d+ more$/, 'the names that do not fit are counted');
    await shot(hp, `screen-${tag}-01-lobby`);

    // A first click on a chip asks in words; Space then starts the quiz and kicks nobody.
    const chip = hp.locator('#players .chip:not(.more)').first();
    await chip.click();
    assert.ok(await chip.evaluate((b) => b.classList.contains('confirm')));
    assert.match(await chip.evaluate((b) => getComputedStyle(b.querySelector('.name'), '::before').content), /Remove/);
    await shot(hp, `screen-${tag}-02-kick-asks`);
    await hp.keyboard.press('Space');
    await screen(hp, 'question', 0);
    await hp.waitForSelector(`#q-answered:has-text("0 / ${PLAYERS} answered")`);

    // The picture question: the image takes what the text and the four answers leave.
    await hp.waitForFunction(() => {
      const img = document.getElementById('q-image');
      return img.complete && img.naturalWidth > 0;
    });
    await hp.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.deepEqual(await outOfView(hp, ['#q-text', '#q-image', '#q-timer', '.host-choices .choice']), [], `picture question at ${tag}`);
    await shot(hp, `screen-${tag}-03-picture-question`);

    // P holds the clock, + adds 15 s (exactly, while held), P runs it again.
    await hp.keyboard.press('p');
    await hp.waitForSelector('#q-paused:visible');
    const held = Number(await hp.textContent('#q-timer'));
    await hp.keyboard.press('+');
    await hp.waitForFunction((n) => Number(document.getElementById('q-timer').textContent) === n, held + 15);
    await shot(hp, `screen-${tag}-03b-paused`);
    await hp.keyboard.press('p');
    await hp.waitForSelector('#q-paused', { state: 'hidden' });

    // A first click on End game asks in words; Space then does "next", never the end,
    // and with most of the time left it asks once more before closing the question.
    await hp.click('#end');
    assert.match(await hp.textContent('#end'), /again.*end the game/i);
    await hp.keyboard.press('Space');
    await hp.waitForSelector('[data-testid=close-early]:visible');
    assert.match(await hp.textContent('[data-testid=close-early]'), /Close with \d+ s left\? Space again/);
    assert.equal(await hp.evaluate(() => document.body.dataset.screen), 'question');
    assert.deepEqual(await outOfView(hp, []), [], `page while asking at ${tag}`);
    const wide = await hp.evaluate(() => [...document.querySelectorAll('[data-testid=control-bar] > :not([hidden])')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5).map((el) => el.id));
    assert.deepEqual(wide, [], `controls stay on screen at ${tag}`);
    await shot(hp, `screen-${tag}-03c-close-early-asks`);
    await hp.keyboard.press('Space');
    await screen(hp, 'reveal');
    const sounds = await hp.evaluate(() => window.__sounds);
    for (const name of ['lobby', 'reveal']) assert.ok(sounds.includes(name), `${name} sound in ${sounds}`);
    // Everyone in the room counts: 100 gave no answer.
    assert.equal(await hp.textContent('.bar-row.none .bar-count'), String(PLAYERS));
    assert.deepEqual(await outOfView(hp, ['#r-text', '.bar-row', '#r-explanation']), [], `picture reveal at ${tag}`);
    await shot(hp, `screen-${tag}-04-picture-reveal`);

    await hp.keyboard.press('Space');
    await screen(hp, 'leaderboard');
    await hp.keyboard.press('Space');
    await screen(hp, 'question', 1);
    assert.equal(await hp.locator('.host-choices .choice').count(), 6);
    assert.deepEqual(await outOfView(hp, ['#q-text', '#q-timer', '.host-choices .choice']), [], `six long answers at ${tag}`);
    await shot(hp, `screen-${tag}-05-six-answers`);
    await hp.keyboard.press('Space');
    await hp.keyboard.press('Space');
    await screen(hp, 'reveal');
    assert.deepEqual(await outOfView(hp, ['#r-text', '.bar-row', '#r-explanation']), [], `six-answer reveal at ${tag}`);
    await shot(hp, `screen-${tag}-06-six-answers-reveal`);

    // Ending takes the two clicks on the button itself.
    await hp.click('#end');
    await hp.click('#end');
    await screen(hp, 'finished');
    await shot(hp, `screen-${tag}-07-final`);
    assert.deepEqual(host.errors, []);
    await crowd.context.close();
    await host.context.close();
  });
}

test('phones: join form, a paused clock, a reload keeps the pick, a late joiner, the host away and ending early', { timeout: 120000 }, async () => {
  const host = await openPage(chrome.browser, `${server.url}/host`);
  const hp = host.page;
  await hp.setViewportSize({ width: 1366, height: 768 });
  await screen(hp, 'setup');
  await hp.waitForSelector('[data-testid=pack] option[value=screen]', { state: 'attached' });
  await hp.selectOption('[data-testid=pack]', 'screen');
  await hp.click('[data-testid=create]');
  await screen(hp, 'lobby');
  const code = (await hp.textContent('[data-testid=room-code]')).trim();

  // At 320 px the name gets its own row; a wrong code puts focus back on the code; typing clears the error.
  const ann = await openPage(chrome.browser, `${server.url}/`, { phone: true });
  const ap = ann.page;
  await ap.setViewportSize({ width: 320, height: 568 });
  await screen(ap, 'join');
  const nameWidth = await ap.evaluate(() => document.getElementById('name').getBoundingClientRect().width);
  assert.ok(nameWidth > 200, `the name field is ${nameWidth} px wide`);
  await ap.fill('[data-testid=code]', String((Number(code) + 1) % 1000000).padStart(6, '0'));
  await ap.fill('[data-testid=name]', 'Ann');
  await ap.click('[data-testid=join]');
  await ap.waitForSelector('#join-error:has-text("no game with that code")');
  assert.equal(await ap.evaluate(() => document.activeElement.id), 'code');
  await ap.fill('[data-testid=code]', code);
  assert.equal(await ap.textContent('#join-error'), '', 'the old error goes when the code changes');
  await shot(ap, 'screen-phone-01-join-320');
  await ap.click('[data-testid=join]');
  await screen(ap, 'lobby');
  // Bob never answers, so Ann's answer does not close the question.
  const bob = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
  await screen(bob.page, 'join');
  await bob.page.fill('[data-testid=name]', 'Bob');
  await bob.page.click('[data-testid=join]');
  await hp.waitForSelector('#player-count:has-text("2 players")');
  await hp.keyboard.press('Space');
  await screen(ap, 'question', 0);

  const late = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
  await screen(late.page, 'join');
  await late.page.fill('[data-testid=name]', 'Latecomer');
  await late.page.click('[data-testid=join]');
  await screen(late.page, 'waiting');

  // P on the big screen: the phone says paused and its answers wait.
  await hp.keyboard.press('p');
  await ap.waitForSelector('#q-paused:visible');
  assert.ok(await ap.locator('[data-testid=choice-0]').isDisabled());
  await shot(ap, 'screen-phone-02-paused');
  await hp.keyboard.press('p');
  await ap.waitForSelector('#q-paused', { state: 'hidden' });
  await ap.waitForFunction(() => !document.querySelector('[data-testid=choice-1]').disabled);

  // The pick survives a reload.
  await ap.click('[data-testid=choice-1]');
  await screen(ap, 'locked');
  await ap.reload();
  await screen(ap, 'locked');
  assert.equal(await ap.textContent('#locked-choice .choice-text'), 'Rome');

  // Ann answered, Bob did not, the late joiner may not: Space twice closes it.
  await hp.keyboard.press('Space');
  await hp.keyboard.press('Space');
  await screen(ap, 'reveal');
  await screen(late.page, 'reveal');
  assert.match(await ap.textContent('#reveal-answer'), /A: Paris/);
  assert.equal(await late.page.textContent('#reveal-title'), 'You play from the next question');
  assert.equal(await late.page.textContent('#reveal-points'), '');
  assert.match(await late.page.textContent('#reveal-answer'), /A: Paris/, 'the right answer with its text');
  await shot(late.page, 'screen-phone-03-late-joiner-reveal');

  // The host's laptop goes away: the phones say so; it comes back: the note goes.
  await hp.goto('about:blank');
  await ap.waitForSelector('#host-away:visible');
  await shot(ap, 'screen-phone-04-host-away');
  await hp.goto(`${server.url}/host`);
  await screen(hp, 'reveal');
  await ap.waitForSelector('#host-away', { state: 'hidden' });

  // M mutes, and the choice outlives a reload.
  await hp.keyboard.press('m');
  assert.equal(await hp.getAttribute('#mute', 'aria-pressed'), 'true');
  await hp.reload();
  await screen(hp, 'reveal');
  assert.equal(await hp.textContent('#mute'), 'Sound off');
  await hp.keyboard.press('m');
  assert.equal(await hp.getAttribute('#mute', 'aria-pressed'), 'false');

  // The podium's names come in third, second, first, after a drumroll.
  await hp.evaluate(() => {
    window.__shown = [];
    new MutationObserver((changes) => {
      for (const c of changes) {
        if (c.target.classList.contains('step') && !c.target.classList.contains('waiting')) window.__shown.push(c.target.dataset.place);
      }
    }).observe(document.getElementById('podium'), { subtree: true, attributes: true, attributeFilter: ['class'] });
  });
  await hp.click('#end');
  await hp.click('#end');
  await screen(hp, 'finished');
  assert.equal(await hp.locator('.step.waiting').count(), 3, 'no name shows at first');
  await hp.waitForFunction(() => window.__shown.length === 3);
  assert.deepEqual(await hp.evaluate(() => window.__shown), ['3', '2', '1']);
  const sounds = await hp.evaluate(() => window.__sounds);
  assert.deepEqual(sounds.filter((n) => n.startsWith('fanfare') || n === 'drumroll'),
    ['fanfare-3', 'fanfare-2', 'drumroll', 'fanfare-1'], sounds.join(' '));
  await shot(hp, 'screen-1366x768-08-podium');
  await screen(ap, 'finished');
  assert.equal(await ap.textContent('#final-kicker'), 'The host ended the game early');
  await shot(ap, 'screen-phone-05-ended-early');
  const errors = [host, ann, bob, late].flatMap((p) => p.errors);
  assert.deepEqual(errors, []);
  for (const p of [host, ann, bob, late]) await p.context.close();
});

test('setup: a night-sized default, all/none rounds, and New game keeps the settings', { timeout: 60000 }, async () => {
  const host = await openPage(chrome.browser, `${server.url}/host`);
  const hp = host.page;
  await hp.setViewportSize({ width: 1366, height: 768 });
  await screen(hp, 'setup');
  await hp.waitForSelector('[data-testid=pack] option[value=rounds]', { state: 'attached' });
  await hp.selectOption('[data-testid=pack]', 'rounds');
  assert.equal(await hp.inputValue('#count'), '12', 'not all 21');
  await hp.click('#rounds-none');
  assert.equal(await hp.locator('#rounds input:checked').count(), 0);
  await hp.click('#rounds-all');
  assert.equal(await hp.locator('#rounds input:checked').count(), 3);
  await hp.locator('#rounds input').nth(1).uncheck();
  await hp.fill('#count', '5');
  await hp.fill('#seconds', '30');
  await hp.check('#shuffle');
  await shot(hp, 'screen-1366x768-00-setup');
  await hp.click('[data-testid=create]');
  await screen(hp, 'lobby');
  await hp.click('#end');
  await hp.click('#end');
  await screen(hp, 'finished');
  await hp.click('#new-game');
  await screen(hp, 'setup');
  await hp.waitForSelector('[data-testid=pack] option[value=rounds]', { state: 'attached' });
  assert.equal(await hp.inputValue('[data-testid=pack]'), 'rounds');
  assert.equal(await hp.inputValue('#count'), '5');
  assert.equal(await hp.inputValue('#seconds'), '30');
  assert.ok(await hp.isChecked('#shuffle'));
  assert.deepEqual(await hp.locator('#rounds input').evaluateAll((l) => l.map((b) => b.checked)), [true, false, true]);
  assert.deepEqual(host.errors, []);
  await host.context.close();
});

test('the last five seconds tick', { timeout: 60000 }, async () => {
  const host = await openPage(chrome.browser, `${server.url}/host`);
  const hp = host.page;
  await screen(hp, 'setup');
  await hp.waitForSelector('[data-testid=pack] option[value=screen]', { state: 'attached' });
  await hp.selectOption('[data-testid=pack]', 'screen');
  await hp.fill('#seconds', '5');
  await hp.click('[data-testid=create]');
  await screen(hp, 'lobby');
  const code = (await hp.textContent('[data-testid=room-code]')).trim();
  const crowd = await openPage(chrome.browser, `${server.url}/`, { phone: true });
  await fillRoom(crowd.page, code, 1);
  await hp.waitForSelector('#player-count:has-text("1 player")');
  await hp.keyboard.press('Space');
  await screen(hp, 'question', 0);
  // Nobody answers: the clock runs out by itself.
  await screen(hp, 'reveal');
  const sounds = await hp.evaluate(() => window.__sounds);
  const ticks = sounds.filter((n) => n === 'tick').length;
  assert.ok(ticks >= 3 && ticks <= 5, `ticks: ${sounds.join(' ')}`);
  assert.ok(sounds.lastIndexOf('tick') < sounds.lastIndexOf('reveal'));
  // The podium reads best first.
  await hp.click('#end');
  await hp.click('#end');
  await screen(hp, 'finished');
  assert.equal(await hp.getAttribute('[data-testid=podium] .step', 'data-place'), '1');
  assert.deepEqual(host.errors, []);
  await crowd.context.close();
  await host.context.close();
});
