// The engine worker, seen from the page: the designer is usable before the engine has loaded
// (and says the engine is loading), live DDL arrives once it has, and a burst of requests ends
// on the newest answer (older answers are dropped, never shown over a newer one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot, sqlPreview } from '../lib/harness.mjs';

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

test('the canvas comes up before the engine; panels say it is loading, then show its answers', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Hold the worker's wasm back until the page has been looked at.
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route('**/engine_bg.wasm', async (route) => { await held; await route.continue(); });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(server.loginLink());
  await page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  assert.equal(await page.locator('[data-engine]').getAttribute('data-engine'), 'loading');
  await page.click('[data-testid="tab-sql"]');
  const preview = page.getByTestId('sql-preview');
  assert.equal(await preview.getAttribute('aria-busy'), 'true');
  assert.match(await preview.textContent(), /Engine loading/);
  await screenshot(page, '60-engine-loading');
  release();
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 30000 });
  assert.match(await sqlPreview(page), /CREATE TABLE/);
  await screenshot(page, '61-engine-ready');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a burst of requests ends on the newest answer', async () => {
  const { page, context, errors } = await openPage(browser, server);
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 30000 });
  const card = page.locator('g.card').first();
  const name = (await card.locator('text.card-title').textContent()).trim();
  await card.click();
  await page.click('[data-testid="tab-sql"]');
  const all = await sqlPreview(page);
  const only = page.getByTestId('sql-selection-only');
  // Five requests in a row, ending on "selection only".
  for (let i = 0; i < 5; i++) await only.click();
  assert.equal(await only.isChecked(), true);
  const selected = await sqlPreview(page);
  assert.match(selected, new RegExp(`CREATE TABLE ${name}\\b`));
  assert.ok(selected.length < all.length, 'only the selected table');
  assert.deepEqual(errors, []);
  await context.close();
});
