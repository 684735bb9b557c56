// Versions, migration review and the apply console, end to end: create a project, design two
// tables, save version 1, add a column and an enum (and drop a column), review the migration with
// its hazards, save version 2, compare the versions on the canvas, apply both to a real
// PostgreSQL target, change the target by hand, see the drift and pull it into the design.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, openPage, screenshot } from '../lib/harness.mjs';
import { createTargetDb, dropTargetDb, psql, api, setInput, addColumn, cardByName, waitSaved, consentToHazards } from '../lib/versions.mjs';

let server;
let browser;
let page;
let context;
let errors;
let target;

before(async () => {
  target = createTargetDb('versions');
  server = await startServer();
  browser = await launchBrowser();
  ({ page, context, errors } = await openPage(browser, server));
  await page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (target) dropTargetDb(target);
});

test('first start: the local draft becomes a project and autosaves', async () => {
  await waitSaved(page);
  const projects = await api(server, 'GET', '/api/projects');
  assert.equal(projects.length, 1, 'one project created from the local draft');
  const draft = await api(server, 'GET', `/api/projects/${projects[0].id}/draft`);
  assert.ok(draft.document.schema.tables.length >= 6, 'the demo draft went to the server');
  // An edit is saved about a second later, on the base revision.
  await page.click('[data-testid="add-table"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.state !== 'saved');
  await waitSaved(page);
  const after = await api(server, 'GET', `/api/projects/${projects[0].id}/draft`);
  assert.equal(after.revision, draft.revision + 1);
  assert.equal(after.document.schema.tables.length, draft.document.schema.tables.length + 1);
});

test('create a project, design, version, review, compare, apply, drift, pull', async () => {
  // A new project from the projects dialog.
  await page.keyboard.press('Escape');
  await page.click('[data-testid="open-projects"]');
  await page.fill('[data-testid="new-project-name"]', 'Shop');
  await screenshot(page, '09-projects');
  await page.click('[data-testid="create-project"]');
  await page.locator('[data-testid="projects-dialog"]').waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('project-name').textContent(), 'Shop');
  await page.locator('.canvas-empty').waitFor();
  await waitSaved(page);

  // Two tables.
  await page.click('[data-testid="add-table"]');
  await setInput(page.locator('[data-testid="table-name"]'), 'customers');
  await addColumn(page, 'name', 'text', { notNull: true });
  await addColumn(page, 'note', 'text');
  await page.keyboard.press('Escape');
  await page.click('[data-testid="add-table"]');
  await setInput(page.locator('[data-testid="table-name"]'), 'orders');
  await addColumn(page, 'amount', 'integer', { notNull: true });
  await page.click('[data-testid="auto-layout"]');
  await waitSaved(page);

  // Version 1.
  await page.click('[data-testid="tab-versions"]');
  await page.fill('[data-testid="version-message"]', 'customers and orders');
  await page.click('[data-testid="save-version"]');
  await page.locator('[data-testid="version"][data-version="1"]').waitFor();
  await screenshot(page, '10-version-1');

  // The Changes tab is empty right after a version.
  await page.click('[data-testid="tab-changes"]');
  await page.waitForFunction(() => /no changes/.test(document.querySelector('[data-testid="changes-summary"]').textContent));

  // Add a column, drop one, add an enum and use it.
  await (await cardByName(page, 'customers')).click();
  await page.click('[data-testid="tab-table"]');
  await addColumn(page, 'email', 'text');
  const rows = page.locator('[data-testid="column-row"]');
  const noteIndex = await rows.evaluateAll((els) => els.findIndex((e) => e.querySelector('.col-name-input').value === 'note'));
  assert.ok(noteIndex >= 0);
  await rows.nth(noteIndex).getByLabel('Delete column').click();
  await page.click('[data-testid="tab-enums"]');
  await page.click('[data-testid="add-enum"]');
  await setInput(page.locator('[data-testid="enum-name"]').last(), 'order_status');
  await (await cardByName(page, 'orders')).click();
  await page.click('[data-testid="tab-table"]');
  await addColumn(page, 'status', 'order_status');

  // Review the migration: the dropped column is flagged as deleting data.
  await page.click('[data-testid="tab-changes"]');
  await page.waitForFunction(() => /statement/.test(document.querySelector('[data-testid="changes-summary"]').textContent));
  const changes = await page.locator('[data-testid="changes-statements"]').textContent();
  assert.match(changes, /CREATE TYPE order_status AS ENUM \('value_1'\)/);
  assert.match(changes, /ADD COLUMN email text/);
  assert.match(changes, /DROP COLUMN note/);
  const dataLoss = page.locator('[data-testid="changes-statements"] [data-testid="statement"]', { hasText: 'DROP COLUMN note' }).locator('[data-kind="deletes_data"]');
  assert.equal(await dataLoss.count(), 1, 'the dropped column carries a data-loss hazard');
  // Online-friendly toggle re-plans (still the same statements here, no error).
  await page.check('[data-testid="changes-online"]');
  await page.uncheck('[data-testid="changes-online"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="changes-download"]')]);
  assert.match(download.suggestedFilename(), /v1_to_draft\.sql/);
  await screenshot(page, '11-changes-review');

  // The browser's plan is the server's plan.
  await waitSaved(page);
  const shop = (await api(server, 'GET', '/api/projects')).find((p) => p.name === 'Shop');
  const serverPlan = await api(server, 'GET', `/api/projects/${shop.id}/diff?from=1&to=draft`);
  const browserSql = await page.locator('[data-testid="changes-statements"] .statement-sql').allTextContents();
  assert.deepEqual(browserSql, serverPlan.statements.map((s) => s.sql));

  // Version 2.
  await page.click('[data-testid="tab-versions"]');
  await page.fill('[data-testid="version-message"]', 'email, order status, no note');
  await page.click('[data-testid="save-version"]');
  await page.locator('[data-testid="version"][data-version="2"]').waitFor();

  // Compare v1 with v2: on the canvas and as SQL.
  await page.selectOption('[data-testid="compare-from"]', '1');
  await page.selectOption('[data-testid="compare-to"]', '2');
  await page.click('[data-testid="compare"]');
  await page.locator('[data-testid="compare-legend"]').waitFor();
  assert.match(await page.locator('[data-testid="compare-legend"]').textContent(), /column customers\.note removed/);
  assert.match(await page.locator('[data-testid="compare-legend"]').textContent(), /enum order_status added/);
  assert.match(await (await cardByName(page, 'customers')).getAttribute('class'), /diff-changed/);
  const email = (await cardByName(page, 'customers')).locator('g.row', { has: page.locator('text.col-name', { hasText: /^email$/ }) });
  assert.match(await email.getAttribute('class'), /diff-added/);
  assert.match(await page.locator('[data-testid="compare-statements"]').textContent(), /DROP COLUMN note/);
  await screenshot(page, '12-compare-v1-v2');
  await page.click('[data-testid="compare-close"]');

  // The console: a target (its password never comes back), a connection test, the status.
  await page.click('[data-testid="tab-console"]');
  await page.fill('[data-testid="target-name"]', 'local');
  await page.fill('[data-testid="target-url"]', target.urlWithPassword);
  await page.click('[data-testid="add-target"]');
  const card = page.locator('[data-testid="target"][data-target="local"]');
  await card.waitFor();
  assert.equal(await page.locator('[data-testid="target-url"]').inputValue(), '', 'the URL field is cleared');
  assert.doesNotMatch(await card.locator('[data-testid="target-url-shown"]').textContent(), /hunter2/);
  await card.locator('[data-testid="test-target"]').click();
  await card.locator('[data-testid="test-result"]').waitFor();
  assert.match(await card.locator('[data-testid="test-result"]').textContent(), /connected: PostgreSQL \d+/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="migration-row"][data-state="pending"]').length === 2);

  // Apply: confirmation with the SQL and hazards, then live progress.
  await card.locator('[data-testid="apply"]').click();
  await page.locator('[data-testid="confirm-apply"]').waitFor();
  assert.equal(await page.locator('[data-testid="pending-migration"]').count(), 2);
  assert.match(await page.locator('[data-testid="apply-dialog"]').textContent(), /DROP COLUMN note/);
  assert.ok(await page.locator('[data-testid="apply-dialog"] [data-kind="deletes_data"]').count() >= 1);
  const allowed = await consentToHazards(page);
  assert.ok(allowed.includes('deletes_data'), `consent asked for ${allowed}`);
  await screenshot(page, '13-apply-confirm');
  await page.click('[data-testid="confirm-apply"]');
  await page.locator('[data-testid="apply-succeeded"]').waitFor({ timeout: 30000 });
  const log = await page.locator('[data-testid="apply-log"]').textContent();
  assert.match(log, /✔ 0001_customers_and_orders applied/);
  assert.match(log, /✔ 0002_.* applied/);
  assert.match(log, /✓ \d+\/\d+ CREATE TABLE customers/);
  await screenshot(page, '14-apply-progress');
  await page.click('[data-testid="close-apply"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="migration-row"][data-state="applied"]').length === 2);
  assert.equal(await page.locator('[data-testid="migration-row"][data-state="pending"]').count(), 0);
  assert.match(psql(target.url, "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 'customers'"), /created_at,email,id,name/);
  await screenshot(page, '15-applied');

  // Change the database by hand: drift in both directions.
  psql(target.url, 'ALTER TABLE customers ADD COLUMN phone text');
  await card.locator('[data-testid="check-drift"]').click();
  await page.locator('[data-testid="drift"][data-in-sync="false"]').waitFor();
  assert.match(await page.locator('[data-testid="drift-to-design"]').textContent(), /ADD COLUMN phone text/);
  assert.match(await page.locator('[data-testid="drift-to-database"]').textContent(), /DROP COLUMN phone/);
  await screenshot(page, '16-drift');

  // Pull the database into the design (undoable).
  await page.click('[data-testid="pull-drift"]');
  const phone = (await cardByName(page, 'customers')).locator('text.col-name', { hasText: /^phone$/ });
  await phone.waitFor();
  assert.match(await page.getByTestId('undo').getAttribute('title'), /Pull the database into the design/);
  await page.click('[data-testid="tab-changes"]');
  await page.waitForFunction(() => /ADD COLUMN phone text/.test(document.querySelector('[data-testid="changes-statements"]').textContent));
  await waitSaved(page);
  await screenshot(page, '17-pulled');
  const pulled = await api(server, 'GET', `/api/projects/${shop.id}/draft`);
  assert.ok(pulled.document.schema.tables.find((t) => t.name === 'customers').columns.some((c) => c.name === 'phone'), 'the pulled draft is saved');
  assert.deepEqual(errors, []);
});

test('rename and delete projects from the projects dialog', async () => {
  await page.click('[data-testid="open-projects"]');
  const shop = page.locator('[data-testid="project-item"][data-project="Shop"]');
  await shop.locator('[data-testid="rename-project"]').click();
  await page.fill('[data-testid="rename-input"]', 'Shop (renamed)');
  await page.press('[data-testid="rename-input"]', 'Enter');
  await page.locator('[data-testid="project-item"][data-project="Shop (renamed)"]').waitFor();
  assert.equal(await page.getByTestId('project-name').textContent(), 'Shop (renamed)');

  page.once('dialog', (dialog) => dialog.accept());
  await page.locator('[data-testid="project-item"][data-project="Untitled project"] [data-testid="delete-project"]').click();
  await page.locator('[data-testid="project-item"][data-project="Untitled project"]').waitFor({ state: 'detached' });
  const names = (await api(server, 'GET', '/api/projects')).map((p) => p.name);
  assert.deepEqual(names, ['Shop (renamed)']);
  // Escape closes the dialog.
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('[data-testid="projects-dialog"]').closest('.modal-backdrop').classList.contains('hidden'));
  assert.deepEqual(errors, []);
});

test('the Drizzle export holds the version history as its migration folder', async () => {
  await page.click('[data-testid="export-menu"]');
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-drizzle"]')]);
  const listing = readFileSync(await zipDownload.path()).toString('latin1');
  // One migration per saved version (the first creates everything, the next adds the change).
  assert.match(listing, /migrations\/0000_customers_and_orders\.sql/);
  assert.match(listing, /migrations\/0001_email_order_status_no_note\.sql/);
  assert.match(listing, /ALTER TABLE customers ADD COLUMN email text/);
  assert.deepEqual(errors, []);
});

