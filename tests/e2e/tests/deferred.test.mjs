// The designer's first download holds the first screen; the table form, the tabs other than
// Table/SQL/Problems and the dialogs are split into wasm parts fetched when first shown (and in
// the background once the engine is up). A part that cannot be fetched says so and can be
// retried, and the designer keeps working meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

test('the first render fetches no part; the parts arrive in the background once the engine is up', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(server.loginLink());
  await page.locator('g.card').first().waitFor();
  const atFirstRender = fetched.filter((p) => /\/(split|chunk)_\w+\.wasm$/.test(p));
  assert.deepEqual(atFirstRender, [], 'no part is fetched for the first render');
  await page.locator('.shell[data-engine="ready"]').waitFor();
  // Every part is fetched in the background, so a tab opens without waiting for the network.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/split_projects.wasm')));
  await page.click('[data-testid="tab-versions"]');
  await page.locator('[data-testid="versions-panel"], .versions-panel').first().waitFor();
  assert.equal(await page.locator('[data-testid="part-loading"]').count(), 0);
  await context.close();
});

test('a part that cannot be fetched says so, the designer keeps working, and Retry loads it', async () => {
  const { page, context, errors } = await openPage(browser, server);
  let blocked = true;
  await page.route('**/split_console.wasm', (route) => (blocked ? route.abort('connectionrefused') : route.continue()));
  await page.locator('g.card').first().waitFor();
  await page.click('[data-testid="tab-console"]');
  const failed = page.locator('[data-testid="part-failed"]');
  await failed.waitFor();
  assert.match(await failed.textContent(), /could not be loaded/);
  await screenshot(page, 'deferred-part-failed');
  // The rest of the designer still works: select a table and edit its name.
  await page.click('[data-testid="tab-table"]');
  await page.locator('g.card .card-header').first().click();
  const name = page.locator('[data-testid="table-name"]');
  await name.fill('renamed_while_offline');
  await name.press('Enter');
  await page.locator('text.card-title', { hasText: /^renamed_while_offline$/ }).waitFor();
  // Shown again, the part is fetched again (and fails again); once the network is back, Retry
  // shows the Console.
  await page.click('[data-testid="tab-console"]');
  await failed.waitFor();
  blocked = false;
  await page.locator('[data-testid="part-failed"] button', { hasText: 'Retry' }).click();
  await page.locator('[data-testid="console-panel"]').waitFor();
  assert.equal(await page.locator('[data-testid="part-failed"]').count(), 0);
  // The failed fetches are logged by the browser; nothing else went wrong.
  assert.deepEqual(errors.filter((e) => !/split_console|Failed to load resource|Failed to fetch|net::ERR|failed to load split/i.test(e)), []);
  await context.close();
});

test('a dialog that cannot be fetched says so over the page, without moving the layout, and Retry opens it', async () => {
  const { page, context } = await openPage(browser, server);
  let blocked = true;
  await page.route('**/split_import.wasm', (route) => (blocked ? route.abort('connectionrefused') : route.continue()));
  await page.locator('g.card').first().waitFor();
  const before = await page.locator('[data-testid="canvas"]').boundingBox();
  await page.click('[data-testid="open-import"]');
  const failed = page.locator('[data-testid="part-failed"]');
  await failed.waitFor();
  assert.equal(await failed.evaluate((el) => getComputedStyle(el).position), 'fixed', 'a note over the page');
  assert.deepEqual(await page.locator('[data-testid="canvas"]').boundingBox(), before, 'the layout did not move');
  await screenshot(page, 'deferred-dialog-failed');
  blocked = false;
  await failed.locator('button', { hasText: 'Retry' }).click();
  await page.locator('[data-testid="import-dialog"]').waitFor();
  assert.equal(await failed.count(), 0);
  await context.close();
});
