// Designer ergonomics in real Chromium: menus close on Escape and on a click elsewhere, the
// finder finds columns, enums and views (not only tables), and the side panel is resizable and
// keeps its width across a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from '../lib/harness.mjs';
import { waitSaved } from '../lib/versions.mjs';

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
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const menuOpen = () => page.evaluate(() => document.querySelectorAll('details.menu[open]').length);

test('menus close on Escape and on a click elsewhere', async () => {
  await page.click('details.menu summary:has-text("Export")');
  assert.equal(await menuOpen(), 1);
  await page.keyboard.press('Escape');
  assert.equal(await menuOpen(), 0);
  await page.click('details.menu summary:has-text("Export")');
  assert.equal(await menuOpen(), 1);
  await page.mouse.click(300, 600);
  assert.equal(await menuOpen(), 0);
  await page.click('[data-testid="open-projects"]');
  await page.locator('[data-testid="projects-dialog"]').waitFor();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('[data-testid="projects-dialog"]')?.closest('.modal-backdrop')?.classList.contains('hidden'));
  assert.deepEqual(errors, []);
});

test('the finder finds columns, enums and views', async () => {
  await page.keyboard.press('Control+k');
  const input = page.locator('[data-testid="finder-input"]');
  await input.fill('email');
  const kinds = await page.locator('[data-testid="finder-hit"]').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.ok(kinds.includes('column'), kinds.join());
  await screenshot(page, '45-finder-columns');
  await input.press('Enter');
  // A column hit selects its table.
  await page.locator('[data-testid="table-name"]').waitFor();
  await page.keyboard.press('Control+k');
  await input.fill('status');
  const enumKinds = await page.locator('[data-testid="finder-hit"]').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.ok(enumKinds.includes('enum'), enumKinds.join());
  await input.press('Escape');
  assert.deepEqual(errors, []);
});

test('the side panel is resizable and keeps its width across a reload', async () => {
  const panel = page.locator('[data-testid="side-panel"]');
  const before = (await panel.boundingBox()).width;
  const handle = await page.locator('[data-testid="panel-resizer"]').boundingBox();
  await page.mouse.move(handle.x + handle.width / 2, handle.y + 200);
  await page.mouse.down();
  await page.mouse.move(handle.x - 200, handle.y + 200, { steps: 6 });
  await page.mouse.up();
  const wider = (await panel.boundingBox()).width;
  assert.ok(wider > before + 150, `${before} → ${wider}`);
  await screenshot(page, '46-wide-panel');
  await page.reload();
  await page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  await page.waitForFunction((w) => Math.abs(document.querySelector('[data-testid="side-panel"]').getBoundingClientRect().width - w) < 3, wider);
  // Keyboard: the separator is focusable and the arrows resize it.
  await page.focus('[data-testid="panel-resizer"]');
  await page.keyboard.press('ArrowRight');
  const narrower = (await panel.boundingBox()).width;
  assert.ok(narrower < wider - 10, `${wider} → ${narrower}`);
  assert.deepEqual(errors, []);
});

test('pagila at Fit shows every table name readably', async () => {
  const { fileURLToPath } = await import('node:url');
  const { join, dirname } = await import('node:path');
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', join(repo, 'tests', 'corpus', 'pagila_pg_dump.sql'));
  await page.locator('[data-testid="import-apply"]').click();
  await page.locator('[data-testid="import-dialog"]').waitFor({ state: 'detached' });
  await page.click('button:has-text("Fit")');
  await page.waitForTimeout(300);
  const titles = await page.locator('g.card text.card-title').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { name: e.textContent, height: r.height };
  }));
  const cards = await page.locator('g.card').count();
  assert.ok(cards >= 10, `${cards} cards`);
  assert.equal(titles.length, cards, 'every card shows its name');
  for (const t of titles) assert.ok(t.height >= 11, `${t.name} is ${t.height.toFixed(1)} px tall on screen`);
  await screenshot(page, '47-pagila-fit');
  assert.deepEqual(errors, []);
});

test('the minimap outlines the whole viewport and can be hidden', async () => {
  const inside = async () => page.evaluate(() => {
    const map = document.querySelector('[data-testid="minimap"]').getBoundingClientRect();
    const v = document.querySelector('[data-testid="minimap-viewport"]').getBoundingClientRect();
    return v.left >= map.left - 1 && v.top >= map.top - 1 && v.right <= map.right + 1 && v.bottom <= map.bottom + 1;
  });
  await page.click('button:has-text("Fit")');
  assert.ok(await inside(), 'at Fit');
  for (let i = 0; i < 4; i++) await page.click('button[title^="Zoom out"], button:has-text("−")');
  assert.ok(await inside(), 'zoomed out past the diagram');
  await page.click('[data-testid="minimap-hide"]');
  await page.locator('[data-testid="minimap"]').waitFor({ state: 'detached' });
  await page.reload();
  await page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  await page.locator('[data-testid="minimap-show"]').click();
  await page.locator('[data-testid="minimap"]').waitFor();
  assert.deepEqual(errors, []);
});

test('names off the snake_case convention are hinted, and the hint goes with the convention', async () => {
  await page.click('button:has-text("Fit")');
  const card = page.locator('g.card', { has: page.locator('text.card-title', { hasText: /^actor$/ }) }).first();
  await card.click();
  await page.click('[data-testid="tab-table"]');
  await page.click('[data-testid="add-column"]');
  const name = page.locator('[data-testid="column-row"]').last().locator('.col-name-input');
  await name.fill('firstName');
  await name.press('Tab');
  const hint = page.locator('[data-testid="table-problems"]');
  await hint.waitFor();
  assert.match(await hint.textContent(), /"firstName" is not snake_case[^]*"first_name"/);
  // Convention "any names": no hint.
  await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
  await page.click('[data-testid="tab-table"]');
  await page.selectOption('[data-testid="convention-naming"]', 'any');
  await card.click();
  await page.click('[data-testid="tab-table"]');
  await page.locator('[data-testid="table-editor"]').waitFor();
  const left = page.locator('[data-testid="table-problems"]');
  assert.equal(await left.count(), 0, await left.count() ? await left.textContent() : '');
  assert.deepEqual(errors, []);
});
