// The engine worker, seen from the page: the designer is usable before the engine has loaded
// (and says the engine is loading), live DDL arrives once it has, and a burst of requests ends
// on the newest answer (older answers are dropped, never shown over a newer one).
import { test, before, after } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('the engine worker is started only once the first frame is painted', async () => {
  // The worker's wasm is compiled on the second core, which the first render needs: by the
  // page's own clock, the worker is created after the first contentful paint.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(...args) {
        super(...args);
        window.__workerAt ??= performance.now();
      }
    };
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(server.loginLink());
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 30000 });
  const at = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    worker: window.__workerAt,
  }));
  assert.ok(at.paint > 0 && at.worker > 0, `both are timed: ${JSON.stringify(at)}`);
  assert.ok(at.worker > at.paint, `worker created at ${at.worker.toFixed(1)} ms, first paint at ${at.paint.toFixed(1)} ms`);
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

// The worker keeps its own copy of the draft, patched with what each edit changed: whatever the
// edit (an import replacing everything, a deletion, its undo), the preview and the plan are
// about the design as it is. A long plan is added to the page in chunks, and all of it arrives.
test('edits reach the engine as patches, and a long plan is shown whole', async () => {
  const { page, context, errors } = await openPage(browser, server);
  await page.locator('[data-engine="ready"]').waitFor({ timeout: 30000 });
  const tables = 260;
  let sql = '';
  for (let i = 0; i < tables; i++) {
    sql += `CREATE TABLE t${i} (id bigint PRIMARY KEY, name text NOT NULL${i ? `, parent_id bigint REFERENCES t${i - 1} (id)` : ''});\n`;
  }
  const work = mkdtempSync(join(tmpdir(), 'joinery-e2e-'));
  writeFileSync(join(work, 'many.sql'), sql);
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', join(work, 'many.sql'));
  await page.locator('[data-testid="import-report"]').waitFor();
  await page.click('[data-testid="import-apply"]');
  await page.locator('[data-testid="import-dialog"]').waitFor({ state: 'detached' });

  await page.click('[data-testid="tab-sql"]');
  let ddl = await sqlPreview(page);
  assert.equal((ddl.match(/CREATE TABLE/g) || []).length, tables, 'the preview is of the imported design');
  assert.doesNotMatch(ddl, /CREATE TABLE (users|projects)\b/, 'nothing of the demo is left in the worker');

  // From an empty database: one CREATE TABLE per table and one foreign key per table but the
  // first, more statements than one chunk of the list.
  await page.click('[data-testid="tab-changes"]');
  await page.locator('[data-testid="changes-panel"][aria-busy="false"]').waitFor({ timeout: 60000 });
  const summary = await page.getByTestId('changes-summary').textContent();
  const count = Number(summary.match(/(\d+) statement/)[1]);
  assert.ok(count >= 2 * tables - 1, summary);
  const statements = page.locator('[data-testid="changes-statements"] [data-testid="statement"]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="changes-statements"] [data-testid="statement"]').length === n, count, { timeout: 30000 });
  assert.equal(await statements.count(), count);
  assert.match(await statements.last().textContent(), /\S/);
  await statements.nth(count - 1).scrollIntoViewIfNeeded();
  await screenshot(page, '63-changes-long-plan-end');

  // Delete one table: the worker's copy loses it; undo brings it back.
  await page.keyboard.press('Control+k');
  await page.locator('[data-testid="finder-input"]').fill('t0');
  await page.locator('[data-testid="finder-input"]').press('Enter');
  await page.click('[data-testid="tab-table"]');
  await page.click('[data-testid="delete-table"]');
  await page.click('[data-testid="tab-sql"]');
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="sql-preview"][aria-busy="false"]');
    return p && !/CREATE TABLE t0\b/.test(p.textContent);
  }, null, { timeout: 30000 });
  ddl = await sqlPreview(page);
  assert.equal((ddl.match(/CREATE TABLE/g) || []).length, tables - 1);
  await page.locator('[data-testid="sql-preview"]').focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="sql-preview"][aria-busy="false"]');
    return p && /CREATE TABLE t0\b/.test(p.textContent);
  }, null, { timeout: 30000 });
  ddl = await sqlPreview(page);
  assert.equal((ddl.match(/CREATE TABLE/g) || []).length, tables);
  await screenshot(page, '62-engine-after-undo');
  assert.deepEqual(errors, []);
  await context.close();
});
