// Nothing the user does is lost, and nothing of one project leaks into another, in real
// Chromium against a real `joinery serve`: a reload 50 ms after an edit keeps it, text typed
// without leaving the field survives a reload, undo still works after a reload, an import that
// found nothing cannot empty a project (and a replacing import says what it replaces), and two
// projects at the same version each show their own changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from '../lib/harness.mjs';
import { api, waitSaved, cardByName } from '../lib/versions.mjs';

let server;
let browser;
let page;
let context;
let errors;

const tableDoc = (names) => ({
  format: 'joinery/1',
  schema: {
    tables: names.map((name) => ({
      id: `table_${name}`, schema: 'public', name,
      columns: [{ id: `col_${name}_id`, name: 'id', type: { kind: 'big_int' }, not_null: true }],
      primary_key: { id: `pk_${name}`, columns: [`col_${name}_id`] },
    })),
  },
});

/// A project with version 1 = `v1` tables, version 2 = `v2`, draft = `draft`.
async function project(name, v1, v2, draft) {
  const p = await api(server, 'POST', '/api/projects', { name, template: 'empty' });
  let revision = p.revision;
  for (const [names, message] of [[v1, 'one'], [v2, 'two']]) {
    revision = (await api(server, 'PUT', `/api/projects/${p.id}/draft`, { base_revision: revision, document: tableDoc(names) })).revision;
    await api(server, 'POST', `/api/projects/${p.id}/versions`, { message });
  }
  await api(server, 'PUT', `/api/projects/${p.id}/draft`, { base_revision: revision, document: tableDoc(draft) });
  return p.id;
}

const canvasNames = () => page.locator('g.card text.card-title').allTextContents();

/// The table names of a project's draft as the server has it.
async function draftNames(name) {
  const project = (await api(server, 'GET', '/api/projects')).find((p) => p.name === name);
  const draft = await api(server, 'GET', `/api/projects/${project.id}/draft`);
  return draft.document.schema.tables.map((t) => t.name);
}

before(async () => {
  server = await startServer();
  // Created in this order, so "Beta" (the newest) opens first.
  await project('Alpha', ['a_one'], ['a_one', 'a_two'], ['a_one', 'a_two', 'a_draft']);
  await project('Beta', ['b_one'], ['b_one', 'b_two'], ['b_one', 'b_two', 'b_draft']);
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

test('a reload 50 ms after an edit keeps it, and undo still works after the reload', async () => {
  const before = await canvasNames();
  await page.keyboard.press('Escape');
  await page.click('[data-testid="add-table"]');
  const name = page.locator('[data-testid="table-name"]');
  await name.fill('kept_after_reload');
  await name.press('Tab');
  await new Promise((r) => setTimeout(r, 50));
  await page.reload();
  await cardByName(page, 'kept_after_reload');
  assert.equal((await canvasNames()).length, before.length + 1);
  // The edit reaches the server after the reload.
  await waitSaved(page, 20000);
  // Undo history came back with the page: undo the rename, then the new table.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => document.querySelectorAll('g.card').length === n, before.length);
  assert.deepEqual((await canvasNames()).sort(), [...before].sort());
  await page.keyboard.press('Control+Shift+z');
  await page.waitForFunction((n) => document.querySelectorAll('g.card').length === n, before.length + 1);
  assert.deepEqual(errors, []);
});

test('text typed without leaving the field survives a reload', async () => {
  const card = await cardByName(page, 'b_one');
  await card.click();
  await page.click('[data-testid="tab-table"]');
  const name = page.locator('[data-testid="table-name"]');
  await name.fill('typed_not_blurred');
  // No Tab, no click elsewhere: reload at once.
  await page.reload();
  await cardByName(page, 'typed_not_blurred');
  await waitSaved(page, 20000);
  assert.deepEqual(errors, []);
});

test('an import that found nothing cannot empty the project; replacing says what it replaces', async () => {
  await waitSaved(page, 20000);
  const before = await draftNames('Beta');
  assert.ok(before.length >= 3);
  await page.click('[data-testid="open-import"]');
  await page.fill('[data-testid="import-text"]', 'hello world');
  await page.click('[data-testid="import-analyse"]');
  await page.locator('[data-testid="import-nothing"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-apply"]').count(), 0);
  await screenshot(page, '40-import-nothing');

  await page.fill('[data-testid="import-text"]', 'CREATE TABLE only_one (id int PRIMARY KEY);');
  await page.click('[data-testid="import-analyse"]');
  const button = page.locator('[data-testid="import-apply"]');
  await button.waitFor();
  assert.equal(await button.textContent(), `Replace ${before.length} tables with 1 table`);
  assert.match(await page.getByTestId('import-replace-warning').textContent(), /Undo brings the design back/);
  await screenshot(page, '41-import-replace');
  await button.click();
  await cardByName(page, 'only_one');
  assert.deepEqual(await canvasNames(), ['only_one']);
  // One undo step brings everything back.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  // (Cards off screen are not drawn: compare the saved draft, not the canvas.)
  await page.waitForSelector('[data-testid="sync-status"][data-state="pending"], [data-testid="sync-status"][data-state="saving"]', { timeout: 5000 }).catch(() => {});
  await waitSaved(page, 20000);
  assert.deepEqual((await draftNames('Beta')).sort(), [...before].sort());
  assert.deepEqual(errors, []);
});

test('two projects at the same version each show their own changes', async () => {
  const changes = async () => {
    await page.click('[data-testid="tab-changes"]');
    await page.waitForFunction(() => /statement/.test(document.querySelector('[data-testid="changes-summary"]')?.textContent ?? ''));
    return (await page.locator('[data-testid="changes-statements"] .statement-sql').allTextContents()).join('\n');
  };
  const beta = await changes();
  assert.match(beta, /CREATE TABLE b_draft/);
  assert.doesNotMatch(beta, /\ba_(one|two|draft)/);
  await page.click('[data-testid="open-projects"]');
  await page.locator('[data-testid="project-item"][data-project="Alpha"] [data-testid="open-project"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="project-name"]')?.textContent === 'Alpha');
  await cardByName(page, 'a_draft');
  const alpha = await changes();
  assert.match(alpha, /CREATE TABLE a_draft/);
  assert.doesNotMatch(alpha, /\bb_(one|two|draft)/);
  await screenshot(page, '42-changes-after-switch');
  // The import dialog does not carry Beta's text over.
  await page.click('[data-testid="open-import"]');
  assert.equal(await page.locator('[data-testid="import-text"]').inputValue(), '');
  await page.click('[data-testid="import-cancel"]');
  assert.deepEqual(errors, []);
});
