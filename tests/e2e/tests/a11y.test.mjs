// Accessibility: an axe-core scan of the main screens (designer with the Table, SQL, Changes and
// Console tabs; the import and projects dialogs) finds no serious or critical violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, openPage, screenshot } from '../lib/harness.mjs';
import { waitSaved } from '../lib/versions.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server;
let browser;
let page;
let context;
let errors;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ page, context, errors } = await openPage(browser, server));
  await page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  await waitSaved(page);
  // Through the DevTools protocol, so the page's CSP (no inline script) stays as it is.
  await page.evaluate(axeSource);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

/// Serious and critical violations on the page as it is now, one line each.
async function violations() {
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the main screens have no serious or critical accessibility violation', async () => {
  const found = {};
  const card = page.locator('g.card').first();
  await card.click();
  found.table = await violations();
  for (const tab of ['sql', 'changes', 'console', 'enums', 'versions']) {
    await page.click(`[data-testid="tab-${tab}"]`);
    await page.waitForTimeout(300);
    found[tab] = await violations();
  }
  await page.click('[data-testid="open-import"]');
  await page.locator('[data-testid="import-dialog"]').waitFor();
  found.import = await violations();
  await page.click('[data-testid="import-cancel"]');
  await page.click('[data-testid="open-projects"]');
  await page.locator('[data-testid="projects-dialog"]').waitFor();
  found.projects = await violations();
  await screenshot(page, '50-a11y-projects');
  await page.keyboard.press('Escape');
  const all = Object.entries(found).flatMap(([screen, list]) => list.map((l) => `${screen}: ${l}`));
  assert.deepEqual(all, []);
  assert.deepEqual(errors, []);
});
