// Starts a real `joinery serve` on a free port with a fresh data directory, and Debian's Chromium
// through playwright-core. Shared by every end-to-end test and the canvas benchmark.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const screenshotDir = join(here, '..', 'screenshots');

export async function startServer(extraArgs = []) {
  const bin = process.env.JOINERY_BIN;
  const uiDir = process.env.JOINERY_UI_DIR;
  if (!bin || !uiDir) throw new Error('JOINERY_BIN and JOINERY_UI_DIR must be set (run via `cargo xtask test`)');
  const dataDir = mkdtempSync(join(tmpdir(), 'joinery-e2e-'));
  const child = spawn(bin, ['serve', '--port', '0', '--data-dir', dataDir, '--ui-dir', uiDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, JOINERY_LOG: process.env.JOINERY_LOG ?? 'warn' },
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`joinery serve did not start in 20s:\n${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`joinery serve exited with ${code}:\n${output}`)); });
  });
  const token = readFileSync(join(dataDir, 'token'), 'utf8').trim();
  const printed = output.match(/sign in[^:]*: (http:\/\/\S+\/login\?token=\S+)/);
  let printedUnused = printed?.[1];
  const port = new URL(url).port;
  return {
    url,
    token,
    dataDir,
    output: () => output,
    /// A one-time login link: first the one the server printed, then fresh ones from
    /// `joinery login-link` (as a user who lost the first would do).
    loginLink() {
      if (printedUnused) { const link = printedUnused; printedUnused = undefined; return link; }
      return execFileSync(bin, ['login-link', '--data-dir', dataDir, '--port', port], { encoding: 'utf8' }).trim();
    },
    async stop() {
      child.removeAllListeners('exit');
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  // Playwright gives every launch a fresh, empty profile directory of its own.
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/// Opens a page signed in through a login link (the way a user does), that fails the test on
/// any console error or uncaught exception. `signIn: false` opens the UI without a session.
export async function openPage(browser, server, { width = 1280, height = 800, signIn = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(signIn ? server.loginLink() : server.url);
  return { page, context, errors };
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/// The live DDL once the engine worker has answered for the design as it is now: the preview is
/// `aria-busy="true"` while a newer answer is on its way (and before the engine has loaded).
export async function sqlPreview(page) {
  const ready = page.locator('[data-testid="sql-preview"][aria-busy="false"]');
  await ready.waitFor();
  return ready.textContent();
}
