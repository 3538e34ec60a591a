// Launches Debian's chromium through playwright-core, headless and offline-friendly.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, hostKeys } from './server.mjs';

export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

/**
 * Starts chromium; resolves to {browser, close}. playwright refuses a --user-data-dir
 * flag on launch() because it always creates a fresh temporary profile itself
 * (and deletes it on close), which is what we want; each page then gets its own context.
 */
export async function launch() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 30000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-quic'],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

/** The pages that need the host key; openPage opens them through the host link. */
const HOST_PAGES = ['/host', '/host.html', '/results', '/results.html', '/host/packs', '/host/edit', '/host/generate'];

/**
 * The URL to open: a host page of a test server goes through its host link, as a host
 * opens the link the server printed; the server sets the host cookie and redirects to
 * the clean URL. Pass { anonymous: true } to open it as a stranger would.
 */
function viaHostLink(url, anonymous) {
  const u = new URL(url);
  const key = hostKeys.get(u.origin);
  if (anonymous || !key || !HOST_PAGES.includes(u.pathname) || u.searchParams.has('key')) return url;
  u.searchParams.set('key', key);
  return u.href;
}

/**
 * Opens a page in its own context (own storage), recording page errors and console
 * errors. Host pages (/host, /results) open with the host key (see viaHostLink).
 * `context` adds options to the browser context (the axe test bypasses the CSP with it).
 */
export async function openPage(browser, url, { phone = false, anonymous = false, context: extra = {} } = {}) {
  const context = await browser.newContext({
    ...(phone
      ? { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
      : { viewport: { width: 1920, height: 1080 } }),
    ...extra,
  });
  context.setDefaultTimeout(15000);
  // Keep a list of the page's WebSockets, so a test can cut one as a network drop would.
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets.push(this);
      }
    };
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  // No page of ours opens dialogs; one would mean injected script ran.
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  await page.goto(viaHostLink(url, anonymous));
  return { page, context, errors };
}

/** Saves a full-page screenshot to tests/e2e/artifacts/NAME.png. */
export async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}
