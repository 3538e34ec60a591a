// The pack editor in headless chromium: write a 10-question pack -> save -> check -> play;
// drafts survive a reload; an edit from another tab is detected (409), not overwritten;
// keyboard reordering; the phone and projector preview as you type; import an OpenTDB file -> edit -> save; delete with a confirmation;
// import a Kahoot XLSX and give a question a picture -> play it; generate from a PDF and a DOCX -> review by keys -> save -> play.
// Screenshots of every screen go to tests/e2e/artifacts/editor-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, ROOT } from './server.mjs';
import { launch, openPage, shot, ARTIFACTS } from './browser.mjs';

let server;
let chrome;

before(async () => {
  // A copy of questions/: these tests save packs.
  server = await startServer({ ownPacks: true });
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await server?.stop();
});

const BIN = process.env.QUIZNIGHT_BIN || path.join(ROOT, 'target/debug/quiznight');

/** `quiznight check` on a pack the editor wrote: throws (with its output) if refused. */
function check(id) {
  return execFileSync(BIN, ['check', path.join(server.packs, `${id}.toml`)], { encoding: 'utf8', stdio: 'pipe' });
}

/** Waits for the server's check of the latest edit to come back. */
async function checked(page) {
  await page.waitForFunction(() => document.body.dataset.checked === 'done');
}

const card = (page, i) => page.locator('li.question').nth(i);

test('a host writes a 10-question pack, saves it, edits it and plays it', { timeout: 240000 }, async () => {
  const list = await openPage(chrome.browser, `${server.url}/host/packs`);
  const lp = list.page;
  await lp.waitForSelector('[data-testid=pack-row][data-pack=sample]');
  assert.match(await lp.textContent('[data-testid=pack-row][data-pack=sample]'), /bundled, read-only/);
  await shot(lp, 'editor-01-packs');
  await lp.click('[data-testid=new-pack]');
  await lp.waitForURL(/\/host\/edit$/);
  await lp.waitForSelector('body[data-state=ready]');
  const ep = lp;

  await ep.fill('[data-testid=pack-title]', 'Browser sums');
  for (let i = 0; i < 10; i += 1) {
    if (i > 0) await ep.click('[data-testid=add-question]');
    const q = card(ep, i);
    await q.locator('[data-testid=question-text]').fill(`What is ${i} + ${i}?`);
    await q.locator('[data-testid=choice-0]').fill(String(2 * i));
    await q.locator('[data-testid=choice-1]').fill(String(2 * i + 1));
    await q.locator('[data-testid=choice-2]').fill(String(2 * i + 2));
    await q.locator('[data-testid=choice-3]').fill('I cannot count');
  }
  // Question 2's right answer is its second choice.
  await card(ep, 1).locator('[data-testid=correct-1]').check();
  await card(ep, 1).locator('[data-testid=correct-0]').uncheck();

  // A mistake is flagged inline with the message `quiznight check` gives.
  await card(ep, 2).locator('[data-testid=choice-1]').fill(' 4 ');
  await checked(ep);
  await ep.waitForSelector('[data-testid=validation] >> text=choices 0 and 1 are the same');
  assert.equal(await card(ep, 2).locator('[data-testid=choice-1]').getAttribute('aria-invalid'), 'true');
  assert.match(await card(ep, 2).locator('.field-problems').textContent(), /are the same/);
  await shot(ep, 'editor-02-inline-error');
  await card(ep, 2).locator('[data-testid=choice-1]').fill('5');
  await checked(ep);
  await ep.waitForSelector('[data-testid=validation] >> text=No problems: ready to save.');

  // Reorder by keyboard: Alt+Up moves question 10 above question 9, Alt+Down moves it back.
  await card(ep, 9).locator('[data-testid=question-text]').press('Alt+ArrowUp');
  assert.equal(await card(ep, 8).locator('[data-testid=question-text]').inputValue(), 'What is 9 + 9?');
  assert.equal(await ep.evaluate(() => document.activeElement.value), 'What is 9 + 9?', 'focus follows the moved question');
  await card(ep, 8).locator('[data-testid=question-text]').press('Alt+ArrowDown');
  assert.equal(await card(ep, 9).locator('[data-testid=question-text]').inputValue(), 'What is 9 + 9?');

  await shot(ep, 'editor-03-written');
  await ep.click('[data-testid=save-pack]');
  await ep.waitForFunction(() => document.body.dataset.saved === 'browser-sums');
  assert.match(ep.url(), /\/host\/edit\?pack=browser-sums$/);
  const out = check('browser-sums');
  assert.match(out, /ok|10 questions/i, out);
  const toml = readFileSync(path.join(server.packs, 'browser-sums.toml'), 'utf8');
  assert.match(toml, /title = "Browser sums"/);
  assert.match(toml, /answer = 1/);

  // An unsaved edit survives a reload, as a draft.
  await card(ep, 0).locator('[data-testid=question-text]').fill('What is 0 + 0, really?');
  await ep.waitForTimeout(400); // the draft is written 200 ms after the last keystroke
  await ep.reload();
  await ep.waitForSelector('body[data-state=ready]');
  assert.equal(await card(ep, 0).locator('[data-testid=question-text]').inputValue(), 'What is 0 + 0, really?');
  await ep.waitForSelector('#notice >> text=Restored your unsaved changes');
  await shot(ep, 'editor-04-draft-restored');

  // Another tab saves first: this tab's save is refused with 409, nothing is lost.
  const other = await openPage(chrome.browser, `${server.url}/host/edit?pack=browser-sums`);
  await other.page.waitForSelector('body[data-state=ready]');
  await other.page.fill('[data-testid=pack-title]', 'Browser sums (tab two)');
  await other.page.click('[data-testid=save-pack]');
  await other.page.waitForSelector('#save-state >> text=Saved');
  await ep.click('[data-testid=save-pack]');
  await ep.waitForSelector('#notice >> text=changed elsewhere');
  await shot(ep, 'editor-05-conflict');
  assert.match(readFileSync(path.join(server.packs, 'browser-sums.toml'), 'utf8'), /tab two/);
  await ep.click('[data-testid=overwrite]');
  await ep.waitForSelector('#save-state >> text=Saved');
  const after = readFileSync(path.join(server.packs, 'browser-sums.toml'), 'utf8');
  assert.match(after, /really\?/);
  assert.doesNotMatch(after, /tab two/);
  check('browser-sums');
  await other.context.close();

  // Play it: the Play link opens the host page with the pack chosen.
  await ep.click('[data-testid=play-pack]');
  await ep.waitForURL(/\/host\?pack=browser-sums$/);
  await ep.waitForSelector('body[data-screen=setup]', { state: 'attached' });
  await ep.waitForFunction(() => document.querySelector('[data-testid=pack]').value === 'browser-sums');
  await ep.fill('#count', '2');
  await ep.fill('#seconds', '60');
  await ep.click('[data-testid=create]');
  await ep.waitForSelector('body[data-screen=lobby]', { state: 'attached' });
  const code = (await ep.textContent('[data-testid=room-code]')).trim();
  const phone = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
  await phone.page.waitForSelector('body[data-screen=join]', { state: 'attached' });
  await phone.page.fill('[data-testid=name]', 'Ada');
  await phone.page.click('[data-testid=join]');
  await phone.page.waitForSelector('body[data-screen=lobby]', { state: 'attached' });
  await ep.click('[data-testid=start]');
  await phone.page.waitForSelector('body[data-screen=question]', { state: 'attached' });
  assert.match(await ep.textContent('body'), /What is 0 \+ 0, really\?/);
  await shot(ep, 'editor-06-playing');
  await phone.page.click('[data-testid=choice-0]');
  await phone.page.waitForSelector('body[data-screen=reveal]', { state: 'attached' });
  assert.equal(await phone.page.textContent('#reveal-title'), 'Correct!');
  await ep.click('[data-testid=next]');
  await ep.waitForSelector('body[data-screen=leaderboard]', { state: 'attached' });
  await ep.click('[data-testid=next]');
  await phone.page.waitForSelector('body[data-screen=question][data-question="1"]', { state: 'attached' });
  // Question 2's right answer is the second choice, as the editor set it.
  await phone.page.click('[data-testid=choice-1]');
  await phone.page.waitForSelector('body[data-screen=reveal]', { state: 'attached' });
  assert.equal(await phone.page.textContent('#reveal-title'), 'Correct!');
  await shot(phone.page, 'editor-07-phone-reveal');
  await phone.context.close();
  // The 409 above is logged by chromium as a failed resource; anything else is a bug.
  assert.deepEqual(list.errors.filter((e) => !/status of 409/.test(e)), []);
  await list.context.close();
});

test('the preview shows the selected question as the phone and the projector do, as you type', { timeout: 120000 }, async () => {
  const { page, context, errors } = await openPage(chrome.browser, `${server.url}/host/edit`);
  await page.waitForSelector('body[data-state=ready]');
  const frames = ['[data-testid=preview-phone]', '[data-testid=preview-projector]'];
  const q = card(page, 0);
  // Markup in user text stays text.
  await q.locator('[data-testid=question-text]').fill('Which <b>planet</b> is red?');
  for (const [i, c] of ['Mars', 'Venus', 'Jupiter', 'Saturn'].entries()) await q.locator(`[data-testid=choice-${i}]`).fill(c);
  for (const f of frames) {
    assert.equal(await page.textContent(`${f} .q-text`), 'Which <b>planet</b> is red?');
    assert.equal(await page.locator(`${f} b`).count(), 0);
    assert.deepEqual(await page.locator(`${f} .choice-text`).allTextContents(), ['Mars', 'Venus', 'Jupiter', 'Saturn']);
    assert.equal(await page.locator(`${f} .choice.c0 .badge svg.shape`).count(), 1);
  }
  // The frames keep their screens' sizes: a 360x740 phone and a 1280x720 projector, scaled down.
  const size = (f) => page.$eval(f, (el) => [el.offsetWidth, el.offsetHeight]);
  assert.deepEqual(await size(frames[0]), [360, 740]);
  assert.deepEqual(await size(frames[1]), [1280, 720]);
  // A second question, once focused, is the one shown; a removed choice goes from both frames.
  await page.click('[data-testid=add-question]');
  const q2 = card(page, 1);
  await q2.locator('[data-testid=question-text]').fill('How many moons has Mars?');
  await q2.locator('[data-testid=choice-0]').fill('Two');
  await q2.locator('[data-testid=choice-1]').fill('None');
  await q2.locator('button[aria-label="Remove choice 4"]').click();
  for (const f of frames) {
    assert.equal(await page.textContent(`${f} .q-text`), 'How many moons has Mars?');
    assert.deepEqual(await page.locator(`${f} .choice-text`).allTextContents(), ['Two', 'None', '']);
  }
  assert.equal(await page.textContent('[data-testid=preview-phone] [data-part=number]'), '2 / 2');
  assert.equal(await page.textContent('[data-testid=preview-projector] [data-part=number]'), 'Question 2 of 2');
  await q.locator('[data-testid=choice-0]').focus();
  for (const f of frames) assert.equal(await page.textContent(`${f} .q-text`), 'Which <b>planet</b> is red?');
  // The screenshot after the server's check of the last edit, so the inline messages are current.
  await page.waitForSelector('[data-testid=validation] >> text=title is empty');
  await page.waitForFunction(() => !document.querySelector('[data-testid=validation]').textContent.includes('choice 0 is empty'));
  await page.screenshot({ path: path.join(ARTIFACTS, 'editor-19-preview.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a host imports an OpenTDB file, edits it, saves it and deletes it', { timeout: 120000 }, async () => {
  const { page, context, errors } = await openPage(chrome.browser, `${server.url}/host/packs`);
  await page.waitForSelector('[data-testid=pack-row]');
  await page.setInputFiles('[data-testid=import-file]', path.join(ROOT, 'tests/data/import/opentdb.json'));
  await page.waitForURL(/\/host\/edit\?import=1$/);
  await page.waitForSelector('body[data-state=ready]');
  await page.waitForSelector('#report >> text=OpenTDB JSON');
  assert.match(await page.textContent('#report'), /imported \d+ questions/);
  await checked(page);
  // 108 questions: a full-page shot would be too tall; the report is at the top.
  await page.screenshot({ path: path.join(ARTIFACTS, 'editor-08-imported.png') });
  await page.fill('[data-testid=pack-title]', 'Imported trivia');
  await page.locator('[data-testid=question-text]').first().fill('An edited imported question?');
  await page.click('[data-testid=save-pack]');
  await page.waitForFunction(() => document.body.dataset.saved === 'imported-trivia');
  check('imported-trivia');

  // Back in the list: it is there with its count, and deleting asks in words.
  await page.goto(`${server.url}/host/packs`);
  const row = page.locator('[data-testid=pack-row][data-pack=imported-trivia]');
  await row.waitFor();
  await row.locator('[data-testid=delete]').click();
  await row.locator('p', { hasText: 'Delete “Imported trivia” (108 questions)?' }).waitFor();
  await shot(page, 'editor-09-confirm-delete');
  await row.locator('[data-testid=confirm-delete]').click();
  await row.waitFor({ state: 'detached' });
  // A bundled pack has no delete button at all.
  assert.equal(await page.locator('[data-testid=pack-row][data-pack=sample] [data-testid=delete]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a host imports a Kahoot XLSX, sees the report and saves it', { timeout: 120000 }, async () => {
  const { page, context, errors } = await openPage(chrome.browser, `${server.url}/host/packs`);
  await page.waitForSelector('[data-testid=pack-row]');
  await page.setInputFiles('[data-testid=import-file]', path.join(ROOT, 'tests/data/import/kahoot.xlsx'));
  await page.waitForURL(/\/host\/edit\?import=1$/);
  await page.waitForSelector('body[data-state=ready]');
  await page.waitForSelector('#report >> text=Kahoot XLSX');
  assert.match(await page.textContent('#report'), /imported 4 questions, skipped 1/);
  assert.match(await page.textContent('#report'), /row 13/);
  await checked(page);
  assert.equal(await card(page, 0).locator('[data-testid=question-text]').inputValue(), 'Which planet is known as the Red Planet?');
  await shot(page, 'editor-10-kahoot-xlsx');
  await page.fill('[data-testid=pack-title]', 'Kahoot spreadsheet');
  await page.click('[data-testid=save-pack]');
  await page.waitForFunction(() => document.body.dataset.saved === 'kahoot-spreadsheet');
  assert.match(check('kahoot-spreadsheet'), /4 questions/);

  // Saved once, a question can have a picture: uploaded, described, saved, played.
  await card(page, 0).locator('[data-testid=image-file]').setInputFiles(path.join(ROOT, 'tests/data/images/red-planet.png'));
  await card(page, 0).locator('[data-testid=image-alt]').fill('A red disc on a dark sky');
  await card(page, 0).locator('img.picture-preview').waitFor();
  // The preview shows the picture in both frames, read from the pack's media folder.
  await card(page, 0).locator('[data-testid=image-alt]').focus();
  for (const f of ['preview-phone', 'preview-projector']) {
    await page.waitForFunction((id) => {
      const img = document.querySelector(`[data-testid=${id}] [data-part=image]`);
      return !img.hidden && img.complete && img.naturalWidth === 160;
    }, f);
    assert.equal(await page.getAttribute(`[data-testid=${f}] [data-part=image]`, 'alt'), 'A red disc on a dark sky');
  }
  await checked(page);
  await page.waitForSelector('[data-testid=validation] >> text=No problems: ready to save.');
  await card(page, 0).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'editor-16-picture.png') });
  await page.click('[data-testid=save-pack]');
  await page.waitForSelector('#save-state >> text=Saved');
  const out = check('kahoot-spreadsheet');
  assert.doesNotMatch(out, /warning/, out);
  const toml = readFileSync(path.join(server.packs, 'kahoot-spreadsheet.toml'), 'utf8');
  assert.match(toml, /image = "media\/kahoot-spreadsheet\/red-planet\.png"/);
  assert.match(toml, /image_alt = "A red disc on a dark sky"/);

  await page.click('[data-testid=play-pack]');
  await page.waitForURL(/\/host\?pack=kahoot-spreadsheet$/);
  await page.waitForSelector('body[data-screen=setup]', { state: 'attached' });
  await page.waitForFunction(() => document.querySelector('[data-testid=pack]').value === 'kahoot-spreadsheet');
  await page.fill('#count', '1');
  await page.click('[data-testid=create]');
  await page.waitForSelector('body[data-screen=lobby]', { state: 'attached' });
  const code = (await page.textContent('[data-testid=room-code]')).trim();
  const phone = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
  await phone.page.waitForSelector('body[data-screen=join]', { state: 'attached' });
  await phone.page.fill('[data-testid=name]', 'Lin');
  await phone.page.click('[data-testid=join]');
  await phone.page.waitForSelector('body[data-screen=lobby]', { state: 'attached' });
  await page.click('[data-testid=start]');
  await page.waitForSelector('body[data-screen=question]', { state: 'attached' });
  for (const p of [page, phone.page]) {
    await p.waitForFunction(() => {
      const img = document.getElementById('q-image');
      return !img.hidden && img.complete && img.naturalWidth === 160;
    });
    assert.equal(await p.getAttribute('#q-image', 'alt'), 'A red disc on a dark sky');
  }
  await shot(page, 'editor-17-picture-playing');
  await shot(phone.page, 'editor-18-picture-phone');
  await phone.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a host generates from a PDF and a Word file, reviews, saves and plays', { timeout: 240000 }, async () => {
  const { page, context, errors } = await openPage(chrome.browser, `${server.url}/host/generate`);
  await page.waitForSelector('[data-testid=generate-files]');
  await page.setInputFiles('[data-testid=generate-files]', [
    path.join(ROOT, 'tests/data/generate/barcelona.pdf'),
    path.join(ROOT, 'tests/data/generate/curie.docx'),
  ]);
  await page.fill('#count', '12');
  await page.click('[data-testid=generate-start]');
  await page.waitForSelector('body[data-state=review]', { timeout: 120000 });
  const candidates = page.locator('[data-testid=candidate]');
  const n = await candidates.count();
  assert.ok(n >= 4 && n <= 12, `${n} candidates`);
  const text = await page.textContent('#candidates');
  assert.match(text, /barcelona\.pdf: /);
  assert.match(text, /curie\.docx: /);
  await shot(page, 'editor-11-generated');

  // By keyboard: K keeps and moves on, D drops, arrows move, E edits.
  await candidates.nth(0).focus();
  await page.keyboard.press('k');
  await page.keyboard.press('d');
  await page.keyboard.press('k');
  assert.equal(await candidates.nth(0).getAttribute('data-verdict'), 'keep');
  assert.equal(await candidates.nth(1).getAttribute('data-verdict'), 'drop');
  assert.equal(await candidates.nth(2).getAttribute('data-verdict'), 'keep');
  // K and D moved on: focus is on the fourth; back up to the first.
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '0');
  await page.keyboard.press('e');
  const edit = candidates.nth(0).locator('[data-testid=edit-text]');
  await edit.fill('An edited generated question: who designed the Sagrada Família?');
  await edit.press('Escape');
  assert.equal(await candidates.nth(0).getAttribute('data-verdict'), 'keep');
  assert.match(await candidates.nth(0).textContent(), /An edited generated question/);
  // With the mouse: keep the fourth, drop the fifth.
  await candidates.nth(3).locator('[data-testid=keep]').click();
  await candidates.nth(4).locator('[data-testid=drop]').click();
  assert.match(await page.textContent('#tally'), /3 kept, 2 dropped/);
  await shot(page, 'editor-12-reviewed');

  await page.fill('#pack-title', 'From my documents');
  await page.click('[data-testid=save-generated]');
  await page.waitForSelector('[data-testid=play-generated]');
  const out = check('from-my-documents');
  assert.match(out, /3 questions/, out);
  const toml = readFileSync(path.join(server.packs, 'from-my-documents.toml'), 'utf8');
  assert.match(toml, /An edited generated question/);
  assert.match(toml, /sentence = /, 'the source sentences are kept');
  await shot(page, 'editor-13-generated-saved');

  // Play it: the edited question is among those played.
  await page.click('[data-testid=play-generated]');
  await page.waitForURL(/\/host\?pack=from-my-documents$/);
  await page.waitForSelector('body[data-screen=setup]', { state: 'attached' });
  await page.waitForFunction(() => document.querySelector('[data-testid=pack]').value === 'from-my-documents');
  await page.fill('#seconds', '60');
  await page.click('[data-testid=create]');
  await page.waitForSelector('body[data-screen=lobby]', { state: 'attached' });
  const code = (await page.textContent('[data-testid=room-code]')).trim();
  const phone = await openPage(chrome.browser, `${server.url}/?code=${code}`, { phone: true });
  await phone.page.waitForSelector('body[data-screen=join]', { state: 'attached' });
  await phone.page.fill('[data-testid=name]', 'Grace');
  await phone.page.click('[data-testid=join]');
  await phone.page.waitForSelector('body[data-screen=lobby]', { state: 'attached' });
  await page.click('[data-testid=start]');
  await phone.page.waitForSelector('body[data-screen=question]', { state: 'attached' });
  await shot(page, 'editor-14-generated-playing');
  await shot(phone.page, 'editor-15-generated-phone');
  await phone.page.click('[data-testid=choice-0]');
  await phone.page.waitForSelector('body[data-screen=reveal]', { state: 'attached' });
  await phone.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});
