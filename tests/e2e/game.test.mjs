// A host and three phone-sized players play a whole game in headless chromium,
// through the data-testid hooks, taking a screenshot of every screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launch, openPage, shot } from './browser.mjs';

// At most 24 characters (the name limit); as HTML it would pop an alert dialog.
const XSS_NAME = '<svg onload=alert(1)>';

let server;
let chrome;

before(async () => {
  server = await startServer();
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await server?.stop();
});

/** Waits until the page shows `screen` (and, when given, question `index`). */
async function screen(page, name, index) {
  const q = index === undefined ? '' : `[data-question="${index}"]`;
  await page.waitForSelector(`body[data-screen="${name}"]${q}`, { state: 'attached' });
}

test('a host and three phones play a whole game to the podium', { timeout: 180000 }, async () => {
  const host = await openPage(chrome.browser, `${server.url}/host`);
  const hp = host.page;
  await screen(hp, 'setup');
  await hp.waitForSelector('[data-testid=pack] option[value=sample]', { state: 'attached' });
  await hp.selectOption('[data-testid=pack]', 'sample');
  await hp.fill('#count', '3');
  await hp.fill('#seconds', '60');
  await shot(hp, 'host-01-setup');
  await hp.click('[data-testid=create]');
  await screen(hp, 'lobby');
  const code = (await hp.textContent('[data-testid=room-code]')).trim();
  assert.match(code, /^\d{6}$/);
  await hp.waitForFunction(() => document.querySelector('[data-testid=qr]').naturalWidth > 0);

  // A wrong code and a taken name get clear messages.
  const stranger = await openPage(chrome.browser, `${server.url}/`, { phone: true });
  await screen(stranger.page, 'join');
  const wrong = String((Number(code) + 1) % 1000000).padStart(6, '0');
  await stranger.page.fill('[data-testid=code]', wrong);
  await stranger.page.fill('[data-testid=name]', 'Nobody');
  await stranger.page.click('[data-testid=join]');
  await stranger.page.waitForSelector('#join-error:has-text("no game with that code")');
  await shot(stranger.page, 'player-00-wrong-code');

  const names = ['Ada', XSS_NAME, 'Cy'];
  const players = [];
  for (const [i, name] of names.entries()) {
    const p = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
    await screen(p.page, 'join');
    assert.equal(await p.page.inputValue('[data-testid=code]'), code, 'the QR link prefills the code');
    await p.page.fill('[data-testid=name]', name);
    if (i === 0) await shot(p.page, 'player-01-join');
    await p.page.click('[data-testid=join]');
    await screen(p.page, 'lobby');
    players.push(p);
  }
  await hp.waitForSelector('#player-count:has-text("3 players")');

  await stranger.page.fill('[data-testid=code]', code);
  await stranger.page.fill('[data-testid=name]', ' ADA ');
  await stranger.page.click('[data-testid=join]');
  await stranger.page.waitForSelector('#join-error:has-text("already has that name")');
  // A name with a text-direction override is refused with the server's reason.
  await stranger.page.fill('[data-testid=name]', 'Eve\u202Egnp.exe');
  await stranger.page.click('[data-testid=join]');
  await stranger.page.waitForSelector('#join-error:has-text("text-direction")');
  await stranger.context.close();

  // The HTML-looking nickname is shown as text and runs nothing.
  const chips = await hp.locator('#players .name').allTextContents();
  assert.ok(chips.includes(XSS_NAME), `host shows the name as text: ${JSON.stringify(chips)}`);
  assert.equal(await players[1].page.textContent('#lobby-name'), XSS_NAME);
  for (const page of [hp, players[1].page]) {
    assert.equal(await page.locator('svg[onload]').count(), 0);
  }
  await shot(hp, 'host-02-lobby');
  await shot(players[1].page, 'player-02-lobby');

  await hp.click('[data-testid=start]');
  const total = 3;
  for (let q = 0; q < total; q += 1) {
    await screen(hp, 'question', q);
    for (const p of players) await screen(p.page, 'question', q);
    if (q === 0) {
      await shot(hp, 'host-03-question');
      await shot(players[0].page, 'player-03-question');
      // Small phones, upright and on their side: all four answers and the timer on one
      // screen, no scrolling.
      const pp = players[0].page;
      for (const [width, height] of [[320, 568], [740, 360]]) {
        await pp.setViewportSize({ width, height });
        const fits = await pp.evaluate(() => {
          const bottom = (sel) => document.querySelector(sel).getBoundingClientRect().bottom;
          const tiles = [...document.querySelectorAll('[data-testid^=choice-]')];
          return {
            tiles: tiles.length,
            lowest: Math.max(...tiles.map((t) => t.getBoundingClientRect().bottom)),
            timer: bottom('body.player .q-head .timer'),
            scroll: document.documentElement.scrollHeight,
            height: innerHeight,
          };
        });
        assert.equal(fits.tiles, 4, `${width}x${height}`);
        assert.ok(fits.lowest <= fits.height, `${width}x${height}: ${JSON.stringify(fits)}`);
        assert.ok(fits.timer <= fits.height, `${width}x${height}: ${JSON.stringify(fits)}`);
        assert.ok(fits.scroll <= fits.height, `${width}x${height}: ${JSON.stringify(fits)}`);
        await shot(pp, `player-03-question-${width}x${height}`);
      }
      await pp.setViewportSize({ width: 360, height: 740 });
    }
    // Each player taps a different answer (question 1: A is right, B and C are not).
    for (const [i, p] of players.entries()) {
      await p.page.click(`[data-testid=choice-${i}]`);
      if (i === 0) {
        await screen(p.page, 'locked');
        if (q === 0) {
          await hp.waitForSelector('#q-answered:has-text("1 / 3 answered")');
          await shot(p.page, 'player-04-locked');
          await shot(hp, 'host-04-question-progress');
        }
        if (q === 1) {
          // A reload mid-question resumes with the stored token: still locked in.
          await p.page.reload();
          await screen(p.page, 'locked');
        }
      }
    }
    // Everyone answered, so the question closes by itself.
    await screen(hp, 'reveal');
    for (const p of players) await screen(p.page, 'reveal');
    if (q === 0) {
      await shot(hp, 'host-05-reveal');
      await shot(players[0].page, 'player-05-reveal-right');
      await shot(players[1].page, 'player-06-reveal-wrong');
      assert.equal(await players[0].page.textContent('#reveal-title'), 'Correct!');
    }
    if (q === 1) {
      // The host's reload resumes too, and still knows the question's text.
      await hp.reload();
      await screen(hp, 'reveal');
      assert.notEqual((await hp.textContent('#r-text')).trim(), '');
    }
    await hp.click('[data-testid=next]');
    await screen(hp, 'leaderboard');
    for (const p of players) await screen(p.page, 'leaderboard');
    if (q === 0) {
      await shot(hp, 'host-06-leaderboard');
      await shot(players[0].page, 'player-07-leaderboard');
    }
    if (q === 1) {
      await shot(hp, 'host-06b-leaderboard-rank-changes');
      // Space moves on when no control has focus.
      await hp.evaluate(() => document.activeElement?.blur());
      await hp.keyboard.press('Space');
    } else {
      await hp.click('[data-testid=next]');
    }
  }

  await screen(hp, 'finished');
  await hp.waitForSelector('[data-testid=podium] .step');
  assert.equal(await hp.locator('[data-testid=podium] .step').count(), 3);
  assert.equal(await hp.locator('#final-rows tr').count(), 3);
  for (const p of players) await screen(p.page, 'finished');
  await shot(hp, 'host-07-podium');
  await shot(players[0].page, 'player-08-finished');
  await shot(players[1].page, 'player-09-finished-xss-name');
  assert.equal(await hp.locator('svg[onload]').count(), 0);

  // The final screen links this game's results as CSV: a header and one row per player.
  const csvUrl = await hp.getAttribute('[data-testid=results-csv]', 'href');
  assert.match(csvUrl, /^\/api\/games\/[^/]+\/results\.csv$/);
  let csv = null;
  for (let attempt = 0; attempt < 20 && csv === null; attempt++) {
    // The store writes off the game loop; give it a moment if needed (bounded).
    // Fetched from the test, not the page, so a not-yet-written game is no console error.
    const res = await fetch(new URL(csvUrl, hp.url()), { headers: { authorization: `Bearer ${server.key}` } });
    if (res.status === 200) csv = await res.text();
    else await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(csv, 'the CSV downloads');
  const lines = csv.trim().split(/\r?\n/);
  assert.match(lines[0], /rank/i);
  assert.equal(lines.length, 4, csv);

  // The game's results page: dark like the rest, per question the share right, the
  // hardest first; printing gives a light page with no buttons or links.
  const gameId = csvUrl.split('/')[3];
  await hp.setViewportSize({ width: 1366, height: 768 });
  await hp.goto(`${server.url}/results?game=${gameId}`);
  await hp.waitForSelector('[data-testid=question-stats] li');
  assert.equal(await hp.locator('[data-testid=question-stats] li').count(), 3);
  const shares = await hp.locator('[data-testid=question-stats] .share-figure').allTextContents();
  assert.equal(shares.length, 3);
  for (const s of shares) assert.match(s, /^\d{1,3}%$/);
  const hardest = (await hp.locator('[data-testid=hardest] .share-figure').allTextContents())
    .map((s) => Number.parseInt(s, 10));
  assert.deepEqual(hardest, [...hardest].sort((a, b) => a - b), 'the hardest question comes first');
  const bg = await hp.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.notEqual(bg, 'rgb(255, 255, 255)', 'the screen view is dark');
  await shot(hp, 'results-01-game');
  await hp.emulateMedia({ media: 'print' });
  assert.equal(await hp.isVisible('[data-testid=print]'), false, 'no buttons on paper');
  assert.equal(await hp.isVisible('.results-nav'), false);
  const printBg = await hp.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(printBg, 'rgb(255, 255, 255)', 'the printed page is light');
  await shot(hp, 'results-02-print');
  await hp.emulateMedia({ media: 'screen' });
  await hp.goto(`${server.url}/results`);
  await hp.waitForSelector('table a[href^="/results?game="]');
  await shot(hp, 'results-03-list');

  // A phone's final screen links that player's own result, read with their token.
  const ada = players[0].page;
  await ada.click('[data-testid=my-result]');
  await ada.waitForSelector('[data-testid=question-stats] li');
  const adaRows = await ada.locator('table tbody tr').allTextContents();
  assert.equal(adaRows.length, 1, 'only her own row');
  assert.match(adaRows[0], /Ada/);
  assert.equal(await ada.locator('[data-testid=hardest] li').count(), 3);
  assert.equal(await ada.isVisible('.results-nav'), false, 'no host links for a player');
  await shot(ada, 'results-04-player');

  const errors = [host, ...players].flatMap((p, i) => p.errors.map((e) => `page ${i}: ${e}`));
  assert.deepEqual(errors, [], 'no page errors and no console errors');
});

test('a 320 px phone, a kick, a dropped connection, a refused upload', { timeout: 60000 }, async () => {
  const host = await openPage(chrome.browser, `${server.url}/host`);
  await screen(host.page, 'setup');
  await host.page.waitForSelector('[data-testid=pack] option[value=sample]', { state: 'attached' });
  // A broken pack upload is refused with a message (400 with errors, or 404 on
  // a server without the upload endpoint); either way the page keeps working.
  await host.page.click('.upload summary');
  await host.page.setInputFiles('#upload-file', {
    name: 'broken.toml', mimeType: 'application/toml', buffer: Buffer.from('title = \n[[rounds'),
  });
  await host.page.click('#upload');
  await host.page.waitForSelector('#upload-result .error');
  await shot(host.page, 'host-08-upload-refused');

  // The sample pack's answers are known (its first answer is A); other packs sort before it.
  await host.page.selectOption('[data-testid=pack]', 'sample');
  await host.page.click('[data-testid=create]');
  await screen(host.page, 'lobby');
  const code = (await host.page.textContent('[data-testid=room-code]')).trim();

  const phone = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
  await phone.page.setViewportSize({ width: 320, height: 568 });
  await screen(phone.page, 'join');
  await phone.page.click('#random-name');
  assert.notEqual(await phone.page.inputValue('[data-testid=name]'), '');
  await phone.page.click('[data-testid=join]');
  await screen(phone.page, 'lobby');
  await shot(phone.page, 'player-11-lobby-320px');

  // The host removes a player with two clicks on the name; that phone is told so.
  const kicked = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
  await screen(kicked.page, 'join');
  await kicked.page.fill('[data-testid=name]', 'Kicky');
  await kicked.page.click('[data-testid=join]');
  await host.page.waitForSelector('#player-count:has-text("2 players")');
  const chip = host.page.getByRole('button', { name: 'Remove Kicky' });
  await chip.click();
  await chip.click();
  await screen(kicked.page, 'kicked');
  await host.page.waitForSelector('#player-count:has-text("1 player")');
  await shot(kicked.page, 'player-12-kicked');
  await kicked.page.reload();
  await screen(kicked.page, 'join');
  await kicked.context.close();

  // Nothing sticks out sideways at 320 px.
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 320, `page is ${overflow} px wide`);

  await host.page.click('[data-testid=start]');
  await screen(phone.page, 'question', 0);
  await shot(phone.page, 'player-10-question-320px');
  const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 320, `question page is ${wide} px wide`);

  // Someone who joins while a question is open waits for the next one.
  const late = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
  await screen(late.page, 'join');
  await late.page.fill('[data-testid=name]', 'Latecomer');
  await late.page.click('[data-testid=join]');
  await screen(late.page, 'waiting');
  await shot(late.page, 'player-13-late-joiner-waiting');

  // A lost connection mid-question comes back by itself, and the answer still counts.
  await phone.page.evaluate(() => window.__sockets.at(-1).close());
  await phone.page.waitForFunction(() => window.__sockets.length === 2
    && window.__sockets[1].readyState === WebSocket.OPEN);
  await screen(phone.page, 'question', 0);
  await phone.page.click('[data-testid=choice-0]');
  // The only player answered, so the question closes at once: the reveal says it counted.
  await screen(phone.page, 'reveal');
  assert.equal(await phone.page.textContent('#reveal-title'), 'Correct!');
  await screen(host.page, 'reveal');

  // The host ends the game early (two clicks, no blocking dialog).
  await host.page.click('[data-testid=next]');
  await screen(host.page, 'leaderboard');
  await host.page.click('#end');
  await host.page.click('#end');
  await screen(host.page, 'finished');
  await screen(phone.page, 'finished');
  await screen(late.page, 'finished');

  // The refused upload's HTTP status is logged by chromium itself; anything else is a bug.
  const errors = [host, phone, late].flatMap((p) => p.errors)
    .filter((e) => !(e.includes('Failed to load resource') && e.includes('/api/packs?name=broken.toml')));
  assert.deepEqual(errors, []);
  for (const p of [host, phone, late]) await p.context.close();
});
