// Starts a quiznight server on a free 127.0.0.1 port for the browser tests, and stops it.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Host keys of the running test servers by origin, read from the host link each printed. */
export const hostKeys = new Map();

/** The environment without QUIZNIGHT_* settings, so a developer's shell cannot change the test. */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('QUIZNIGHT_')));
}

/**
 * Spawns the server binary (QUIZNIGHT_BIN or target/debug/quiznight); resolves to
 * {url, key, hostLink, stop, packs, log}: `key` is the host key from the printed host link.
 * With `ownPacks`, the server gets a temporary copy of questions/, so tests that save packs
 * never write into the repository. `packsDir` serves another folder of packs; `args` are
 * more `serve` flags (e.g. a higher join rate for a room filled from one address).
 */
export async function startServer({ ownPacks = false, packsDir = null, args = [] } = {}) {
  const bin = process.env.QUIZNIGHT_BIN || path.join(ROOT, 'target/debug/quiznight');
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}; run \`cargo build\` first`);
  const data = mkdtempSync(path.join(tmpdir(), 'quiznight-e2e-'));
  let packs = packsDir || path.join(ROOT, 'questions');
  if (ownPacks) {
    packs = path.join(data, 'packs');
    cpSync(path.join(ROOT, 'questions'), packs, { recursive: true });
  }
  const child = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--data', data,
    '--packs', packs, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...cleanEnv(), RUST_LOG: process.env.RUST_LOG || 'quiznight=warn' },
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const [url, key] = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${log}`)), 20000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/open (http:\/\/127\.0\.0\.1:\d+)\/host\?key=([A-Za-z0-9_.~-]+)/);
      if (m) {
        clearTimeout(timer);
        resolve([m[1], m[2]]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  async function stop() {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(resolve, 8000, 'timeout'));
      if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
    }
    rmSync(data, { recursive: true, force: true });
    hostKeys.delete(url);
  }
  hostKeys.set(url, key);
  /** The host link for `page` (e.g. '/host'): opening it sets the host cookie. */
  const hostLink = (page = '/host') => `${url}${page}${page.includes('?') ? '&' : '?'}key=${key}`;
  return { url, key, hostLink, stop, packs, log: () => log };
}
