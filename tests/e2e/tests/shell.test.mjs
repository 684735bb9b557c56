// The designer shell is served by a real `joinery serve` and renders in real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
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

test('writes without the token are refused with a JSON error', async () => {
  const res = await fetch(`${server.url}/api/health`, { method: 'POST' });
  assert.equal(res.status, 401);
  const body = await res.json();
  assert.equal(body.error.code, 'unauthorized');
});

test('the shell renders: header with project name, canvas, side panel', async () => {
  const { page, context, errors } = await openPage(browser, server.url);
  await page.waitForSelector('[data-testid="canvas"]', { timeout: 20000 });
  assert.equal(await page.locator('.brand').textContent(), 'Joinery');
  assert.ok((await page.locator('[data-testid="project-name"]').textContent()).length > 0);
  assert.ok(await page.locator('[data-testid="side-panel"]').isVisible());
  const canvasBox = await page.locator('[data-testid="canvas"]').boundingBox();
  assert.ok(canvasBox.width > 600 && canvasBox.height > 500, `canvas too small: ${JSON.stringify(canvasBox)}`);
  const token = await page.locator('meta[name="joinery-token"]').getAttribute('content');
  assert.equal(token, server.token, 'the served page carries the API token');
  const path = await screenshot(page, '01-shell');
  assert.ok(statSync(path).size > 5000, 'screenshot written');
  assert.deepEqual(errors, []);
  await context.close();
});
