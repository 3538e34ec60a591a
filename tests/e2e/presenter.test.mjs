// The host's second screen and the room's door: L locks the room (a new phone is told
// so, a player already in comes back), the presenter window holds the controls, the
// right answer and who has not answered while the projector shows only the show. At
// 1366x768 and 1920x1080 (the final screen's stats and the presenter on a phone are in
// bigscreen.test.mjs); screenshots in tests/e2e/artifacts/presenter-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';
import { launch, openPage, shot } from './browser.mjs';

const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];

const PACK = `
title = "Presenter test"
language = "en"
time_limit = 120
${['Paris', 'Rome', 'Madrid', 'Berlin', 'Lisbon', 'Vienna'].map((city, i) => `
[[questions]]
text = "Question ${i + 1}: which capital is ${city}?"
choices = ["${city}", "Not ${city}", "Neither", "Both"]
answer = 0
`).join('')}`;

let server;
let chrome;
let packs;

before(async () => {
  packs = mkdtempSync(path.join(tmpdir(), 'quiznight-presenter-'));
  writeFileSync(path.join(packs, 'presenter.toml'), PACK);
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

async function openRoom(size) {
  const host = await openPage(chrome.browser, `${server.url}/host`);
  await host.page.setViewportSize(size);
  await screen(host.page, 'setup');
  await host.page.waitForSelector('[data-testid=pack] option[value=presenter]', { state: 'attached' });
  await host.page.selectOption('[data-testid=pack]', 'presenter');
  await host.page.click('[data-testid=create]');
  await screen(host.page, 'lobby');
  const code = (await host.page.textContent('[data-testid=room-code]')).trim();
  return { host, code };
}

async function joinPhone(code, name) {
  const phone = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
  await screen(phone.page, 'join');
  await phone.page.fill('[data-testid=name]', name);
  await phone.page.click('[data-testid=join]');
  return phone;
}

test('L locks the room: a new phone is told, a player already in comes back', { timeout: 60000 }, async () => {
  const { host, code } = await openRoom({ width: 1366, height: 768 });
  const hp = host.page;
  const ann = await joinPhone(code, 'Ann');
  await screen(ann.page, 'lobby');
  await hp.waitForSelector('#player-count:has-text("1 player")');

  await hp.keyboard.press('l');
  await hp.waitForSelector('[data-testid=locked-note]:visible');
  assert.equal(await hp.textContent('[data-testid=lock]'), 'Unlock');
  assert.equal(await hp.getAttribute('[data-testid=lock]', 'aria-pressed'), 'true');
  await shot(hp, 'presenter-1366x768-01-locked-lobby');

  const bob = await joinPhone(code, 'Bob');
  await bob.page.waitForSelector('#join-error:has-text("This room is locked by the host")');
  await shot(bob.page, 'presenter-phone-01-locked');

  // Ann's phone reloads: she is still in.
  await ann.page.reload();
  await screen(ann.page, 'lobby');

  // The button opens it again, and Bob gets in.
  await hp.click('[data-testid=lock]');
  await hp.waitForSelector('[data-testid=locked-note]', { state: 'hidden' });
  await bob.page.click('[data-testid=join]');
  await screen(bob.page, 'lobby');
  await hp.waitForSelector('#player-count:has-text("2 players")');
  assert.deepEqual([host, ann, bob].flatMap((p) => p.errors), []);
  for (const p of [host, ann, bob]) await p.context.close();
});

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
        if (msg.type === 'question') ws.question = msg.index;
        if (msg.type === 'joined' && ++joined === list.length) {
          clearTimeout(timer);
          resolve();
        } else if (msg.type === 'error') reject(new Error(msg.message));
      };
    }
  }), [code, names]);
}

/** Whether the control bar takes any room on screen. */
const barShown = (page) => page.evaluate(() => {
  const r = document.querySelector('[data-testid=control-bar]').getBoundingClientRect();
  return r.width > 0 && r.height > 0;
});

for (const size of SIZES) {
  const tag = `${size.width}x${size.height}`;
  test(`a presenter window runs the game at ${tag}; the projector shows only the show`, { timeout: 120000 }, async () => {
    const { host: projector, code } = await openRoom(size);
    const pp = projector.page;
    const crowd = await openPage(chrome.browser, `${server.url}/`, { phone: true });
    await joinRaw(crowd.page, code, ['Ann', 'Bob', 'Cy']);
    await pp.waitForSelector('#player-count:has-text("3 players")');
    assert.ok(await barShown(pp), 'the projector has its controls before a presenter comes');

    // The link opens the presenter in a new window of the same browser (the host cookie).
    const [presenterPage] = await Promise.all([
      projector.context.waitForEvent('page'),
      pp.click('[data-testid=presenter-link]'),
    ]);
    const errors = [];
    presenterPage.on('pageerror', (e) => errors.push(`presenter: ${e.message}`));
    await presenterPage.setViewportSize(size);
    const sp = presenterPage;
    await screen(sp, 'lobby');
    await pp.waitForSelector('body.presented');
    assert.equal(await barShown(pp), false, 'no control bar on the projector');
    await sp.waitForSelector('#player-count:has-text("3 players")');
    await shot(pp, `presenter-${tag}-02-projector-lobby`);
    await shot(sp, `presenter-${tag}-02-presenter-lobby`);

    // The presenter starts the game with its key.
    await sp.keyboard.press('Space');
    await screen(pp, 'question', 0);
    await screen(sp, 'question', 0);
    await sp.waitForSelector('[data-testid=presenter-answer]:has-text("Paris")');
    assert.equal(await pp.isVisible('[data-testid=presenter-panel]'), false, 'no answer key on the projector');
    assert.equal((await pp.textContent('body')).includes('Answer'), false);
    assert.equal(await barShown(pp), false);
    assert.ok(await pp.isVisible('#q-text'));
    await sp.waitForSelector('#p-waiting-count:has-text("Not answered yet: 3")');

    // Ann answers, Cy's phone drops, and Dee joins late.
    await crowd.page.evaluate(() => window.__p.Ann.send(JSON.stringify({ type: 'answer', question: 0, choice: 1 })));
    await crowd.page.evaluate(() => window.__p.Cy.close());
    await sp.waitForSelector('#p-waiting-count:has-text("Not answered yet: 2 · 1 phone away")');
    assert.match(await sp.textContent('[data-testid=not-answered] .dropped'), /Cy.*phone away/);
    assert.doesNotMatch(await sp.textContent('[data-testid=not-answered]'), /Ann/);
    await joinRaw(crowd.page, code, ['Dee']);
    await pp.waitForSelector('#toast:has-text("Dee joined: plays from the next question")');
    await shot(pp, `presenter-${tag}-03-projector-question`);
    await shot(sp, `presenter-${tag}-03-presenter-question`);

    // The presenter closes it (asked once more: most of the time is left): the reveal everywhere.
    await sp.keyboard.press('Space');
    await sp.waitForSelector('[data-testid=close-early]:visible');
    await sp.keyboard.press('Space');
    await screen(pp, 'reveal');
    await screen(sp, 'reveal');
    assert.equal(await barShown(pp), false);
    await shot(pp, `presenter-${tag}-04-projector-reveal`);

    // The presenter leaves: the projector gets its controls back and goes on.
    await sp.close();
    await pp.waitForSelector('body:not(.presented)');
    assert.ok(await barShown(pp), 'the controls come back');
    await pp.keyboard.press('Space');
    await screen(pp, 'leaderboard');
    assert.deepEqual([...projector.errors, ...crowd.errors, ...errors], []);
    await crowd.context.close();
    await projector.context.close();
  });
}
