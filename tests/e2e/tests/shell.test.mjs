// The designer shell is served by a real `joinery serve` and renders in real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import http from 'node:http';
import { startServer, launchBrowser, openPage, screenshot } from '../lib/harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('health endpoint reports version and store kind', async () => {
  const res = await fetch(`${server.url}/api/health`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.name, 'joinery');
  assert.match(body.version, /^\d+\.\d+\.\d+/);
  assert.equal(body.store, 'sqlite');
});

test('requests without the token or a session are refused with a JSON error, reads too', async () => {
  for (const [method, path] of [['POST', '/api/projects'], ['GET', '/api/projects']]) {
    const res = await fetch(`${server.url}${path}`, { method });
    assert.equal(res.status, 401, `${method} ${path}`);
    const body = await res.json();
    assert.equal(body.error.code, 'unauthorized');
  }
});

test('the page holds no token and no inline script; a strict CSP is sent', async () => {
  const res = await fetch(server.url);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.ok(!html.includes(server.token), 'the token is not in the page');
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), `inline script in ${html}`);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  // A DNS-rebinding page reaches the server under its own name: no page, no token.
  const foreign = await new Promise((resolve, reject) => {
    const u = new URL(server.url);
    const req = http.request({ host: u.hostname, port: u.port, path: '/', headers: { Host: 'evil.example' } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(foreign.status, 421);
  assert.ok(!foreign.body.includes('<html') && !foreign.body.includes(server.token));
});

test('without a session the UI asks to sign in, keeps edits, and saves after the login link', async () => {
  const { page, context, errors } = await openPage(browser, server, { signIn: false });
  await page.waitForSelector('[data-testid="sign-in"]', { timeout: 20000 });
  assert.equal(await page.getAttribute('[data-testid="sync-status"]', 'data-state'), 'signed-out');
  assert.match(await page.locator('[data-testid="sign-in"]').textContent(), /joinery login-link/);
  await screenshot(page, '01-sign-in');
  // The 401s the UI received are expected; no other error.
  assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
  // A fresh link from `joinery login-link` signs this browser in; the UI then syncs.
  const link = server.loginLink();
  await page.goto(link);
  await page.waitForSelector('[data-testid="sync-status"][data-state="saved"]', { timeout: 20000 });
  assert.equal(await page.locator('[data-testid="sign-in"]').count(), 0);
  // The session cookie is HttpOnly and SameSite=Strict, invisible to scripts.
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.startsWith('joinery_session_'));
  assert.ok(session, JSON.stringify(cookies));
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie), '');
  // A used link does not sign anyone in again.
  const again = await fetch(link, { redirect: 'manual' });
  assert.equal(again.status, 401);
  assert.equal(again.headers.get('set-cookie'), null);
  await context.close();
});

test('the shell renders: header with project name, canvas, side panel', async () => {
  const { page, context, errors } = await openPage(browser, server);
  await page.waitForSelector('[data-testid="canvas"]', { timeout: 20000 });
  assert.equal(await page.locator('.brand').textContent(), 'Joinery');
  assert.ok((await page.locator('[data-testid="project-name"]').textContent()).length > 0);
  assert.ok(await page.locator('[data-testid="side-panel"]').isVisible());
  const canvasBox = await page.locator('[data-testid="canvas"]').boundingBox();
  assert.ok(canvasBox.width > 600 && canvasBox.height > 500, `canvas too small: ${JSON.stringify(canvasBox)}`);
  assert.equal(await page.locator('meta[name="joinery-token"]').count(), 0, 'no token in the page');
  const path = await screenshot(page, '01-shell');
  assert.ok(statSync(path).size > 5000, 'screenshot written');
  assert.deepEqual(errors, []);
  await context.close();
});
