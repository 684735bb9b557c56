// A migration that fails on the target's data (SET NOT NULL on a column holding NULLs): the
// console shows PostgreSQL's own message with the failing statement, and the target is unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from '../lib/harness.mjs';
import { createTargetDb, dropTargetDb, psql, api, waitSaved, consentToHazards } from '../lib/versions.mjs';

let server;
let browser;
let page;
let context;
let errors;
let target;

const doc = (noteNotNull) => ({
  format: 'joinery/1',
  schema: {
    tables: [{
      id: 'table_t', schema: 'public', name: 't',
      columns: [
        { id: 'col_id', name: 'id', type: { kind: 'uuid' }, not_null: true, default: { kind: 'expression', value: 'gen_random_uuid()' } },
        { id: 'col_note', name: 'note', type: { kind: 'text' }, not_null: noteNotNull },
      ],
      primary_key: { id: 'pk_t', columns: ['col_id'] },
    }],
  },
});

before(async () => {
  target = createTargetDb('console');
  server = await startServer();
  // Version 1 applied, a row with a NULL note, then version 2 makes note NOT NULL.
  const project = await api(server, 'POST', '/api/projects', { name: 'Failing' });
  const r1 = (await api(server, 'PUT', `/api/projects/${project.id}/draft`, { base_revision: project.revision, document: doc(false) })).revision;
  await api(server, 'POST', `/api/projects/${project.id}/versions`, { message: 'table t' });
  const t = await api(server, 'POST', `/api/projects/${project.id}/targets`, { name: 'db', url: target.url });
  const run = await api(server, 'POST', `/api/projects/${project.id}/targets/${t.id}/apply`, { wait: true });
  assert.equal(run.status, 'succeeded');
  psql(target.url, "INSERT INTO t (note) VALUES (NULL)");
  await api(server, 'PUT', `/api/projects/${project.id}/draft`, { base_revision: r1, document: doc(true) });
  await api(server, 'POST', `/api/projects/${project.id}/versions`, { message: 'note required' });

  browser = await launchBrowser();
  ({ page, context, errors } = await openPage(browser, server));
  await page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  await waitSaved(page);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (target) dropTargetDb(target);
});

test('a failing migration shows the database message and leaves the target unchanged', async () => {
  assert.equal(await page.getByTestId('project-name').textContent(), 'Failing');
  await page.click('[data-testid="tab-console"]');
  const card = page.locator('[data-testid="target"][data-target="db"]');
  await card.waitFor();
  await card.locator('[data-testid="migration-row"][data-version="1"][data-state="applied"]').waitFor();
  await card.locator('[data-testid="migration-row"][data-version="2"][data-state="pending"]').waitFor();

  await card.locator('[data-testid="apply"]').click();
  await page.locator('[data-testid="confirm-apply"]').waitFor();
  const dialog = page.locator('[data-testid="apply-dialog"]');
  assert.match(await dialog.textContent(), /ALTER TABLE t ALTER COLUMN note SET NOT NULL/);
  assert.equal(await dialog.locator('[data-kind="may_fail_on_existing_data"]').count(), 1);
  assert.ok((await consentToHazards(page)).includes('may_fail_on_existing_data'));
  await page.click('[data-testid="confirm-apply"]');
  await page.locator('[data-testid="apply-failed"]').waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId('db-message').textContent(), /column "note" of relation "t" contains null values/);
  assert.match(await page.getByTestId('failed-statement').textContent(), /SET NOT NULL/);
  assert.match(await page.getByTestId('apply-log').textContent(), /✘ 0002_note_required failed at statement 1/);
  await screenshot(page, '30-apply-failed');

  // The target is as before: note still nullable, the row still there, v2 recorded as failed.
  assert.equal(psql(target.url, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'"), 'YES');
  assert.equal(psql(target.url, 'SELECT count(*) FROM t'), '1');
  await page.click('[data-testid="close-apply"]');
  const row = card.locator('[data-testid="migration-row"][data-version="2"][data-state="failed"]');
  await row.waitFor();
  assert.match(await row.textContent(), /contains null values/);
  await screenshot(page, '31-status-after-failure');
  assert.deepEqual(errors, []);
});
