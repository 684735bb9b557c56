// A migration that fails on the target's data (SET NOT NULL on a column holding NULLs): the
// console shows PostgreSQL's own message with the failing statement, and the target is unchanged.
// Then the way out: the next version applied directly from the live schema (reviewed, skipping
// the failed one); a data-deleting version that needs the hazard ticks and the target's name,
// applied while another session holds the table (lock retries shown live); and the run list
// with who ran what SQL.
import { test, before, after } from 'node:test';
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from '../lib/harness.mjs';
import { createTargetDb, dropTargetDb, psql, api, waitSaved, consentToHazards } from '../lib/versions.mjs';

let server;
let browser;
let page;
let context;
let errors;
let target;

let projectId;

const doc = (noteNotNull, extra = []) => ({
  format: 'joinery/1',
  schema: {
    tables: [{
      id: 'table_t', schema: 'public', name: 't',
      columns: [
        { id: 'col_id', name: 'id', type: { kind: 'uuid' }, not_null: true, default: { kind: 'expression', value: 'gen_random_uuid()' } },
        { id: 'col_note', name: 'note', type: { kind: 'text' }, not_null: noteNotNull },
        ...extra,
      ],
      primary_key: { id: 'pk_t', columns: ['col_id'] },
    }],
  },
});

/// Saves `document` as the draft and snapshots it as a version.
async function saveVersion(document, message) {
  const draft = await api(server, 'GET', `/api/projects/${projectId}/draft`);
  await api(server, 'PUT', `/api/projects/${projectId}/draft`, { base_revision: draft.revision, document });
  await api(server, 'POST', `/api/projects/${projectId}/versions`, { message });
}

before(async () => {
  target = createTargetDb('console');
  server = await startServer();
  // Version 1 applied, a row with a NULL note, then version 2 makes note NOT NULL.
  const project = await api(server, 'POST', '/api/projects', { name: 'Failing' });
  projectId = project.id;
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

  // Escape closes the review without running anything.
  await card.locator('[data-testid="apply"]').click();
  await page.locator('[data-testid="confirm-apply"]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="apply-dialog"]').waitFor({ state: 'detached' });
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

test('the failed version is skipped by applying the next one directly, reviewed first', async () => {
  await saveVersion(doc(false, [{ id: 'col_title', name: 'title', type: { kind: 'text' }, not_null: false }]), 'title instead');
  await page.reload();
  await page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  await page.click('[data-testid="tab-console"]');
  const card = page.locator('[data-testid="target"][data-target="db"]');
  await card.locator('[data-testid="migration-row"][data-version="3"][data-state="pending"]').waitFor();
  await card.locator('[data-testid="target-tools"] summary').click();
  await card.locator('[data-testid="tool-version"]').selectOption('3');
  await card.locator('[data-testid="apply-direct"]').click();
  const dialog = page.locator('[data-testid="apply-dialog"]');
  await dialog.locator('[data-testid="direct-note"]').waitFor();
  // Planned from what the database is (v1): only the new column, nothing of the failed v2.
  const statements = await dialog.locator('[data-testid="statement"] .statement-sql').allTextContents();
  assert.deepEqual(statements, ['ALTER TABLE t ADD COLUMN title text;']);
  await screenshot(page, '32-apply-direct-review');
  await consentToHazards(page);
  await page.click('[data-testid="confirm-apply"]');
  await page.locator('[data-testid="apply-succeeded"]').waitFor({ timeout: 30000 });
  await page.click('[data-testid="close-apply"]');
  for (const v of ['1', '2', '3']) {
    await card.locator(`[data-testid="migration-row"][data-version="${v}"][data-state="applied"]`).waitFor();
  }
  assert.equal(psql(target.url, "SELECT string_agg(version || ':' || applied_via, ',' ORDER BY version) FROM joinery.schema_migrations"),
    '1:migration,2:skipped,3:direct');
  assert.deepEqual(errors, []);
});

test('deleting data needs the ticks and the name; lock retries show live; the run list says who ran what', async () => {
  await saveVersion(doc(false), 'drop title');
  await page.reload();
  await page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  await page.click('[data-testid="tab-console"]');
  const card = page.locator('[data-testid="target"][data-target="db"]');
  await card.locator('[data-testid="migration-row"][data-version="4"][data-state="pending"]').waitFor();
  // The target's own timeouts: a short lock wait, several retries.
  await card.locator('[data-testid="target-tools"] summary').click();
  await card.locator('[data-testid="lock-timeout"]').fill('300');
  await card.locator('[data-testid="lock-retries"]').fill('6');
  await card.locator('[data-testid="save-timeouts"]').click();
  await card.locator('[data-testid="tools-note"]', { hasText: 'Saved' }).waitFor();

  await card.locator('[data-testid="apply"]').click();
  await page.locator('[data-testid="confirm-apply"]').waitFor();
  const dialog = page.locator('[data-testid="apply-dialog"]');
  assert.equal(await dialog.locator('[data-kind="deletes_data"]').count(), 1);
  const kinds = await consentToHazards(page);
  assert.ok(kinds.includes('deletes_data'), kinds.join());
  await screenshot(page, '33-apply-consent');
  // Another session reads the table in a transaction for 3 s: the drop must wait for it.
  const holder = spawn('psql', [target.url, '-qc', 'BEGIN; SELECT count(*) FROM t; SELECT pg_sleep(3); COMMIT;']);
  const held = new Promise((resolve) => holder.on('exit', resolve));
  await new Promise((r) => setTimeout(r, 400));
  await page.click('[data-testid="confirm-apply"]');
  await dialog.locator('.apply-log li.retry').first().waitFor({ timeout: 15000 });
  await screenshot(page, '34-apply-retrying');
  await page.locator('[data-testid="apply-succeeded"]').waitFor({ timeout: 60000 });
  await held;
  assert.match(await page.getByTestId('apply-log').textContent(), /waited too long for a lock[^]*retry 1 of 6/);
  assert.equal(psql(target.url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'title'"), '0');
  await page.click('[data-testid="close-apply"]');

  // The run list: newest first, who started it, its SQL.
  const runs = page.locator('[data-testid="run"]');
  await page.locator('[data-testid="run"][data-status="succeeded"][data-kind="migrations"]').first().waitFor();
  const newest = runs.first();
  assert.match(await newest.locator('[data-testid="run-actor"]').textContent(), /by browser session [0-9a-f]{8}/);
  await newest.locator('.run-sql summary').click();
  assert.match(await newest.locator('[data-testid="run-sql"]').textContent(), /ALTER TABLE t DROP COLUMN title/);
  assert.ok(await page.locator('[data-testid="run"][data-kind="direct"]').count() >= 1);
  assert.ok(await page.locator('[data-testid="run"][data-status="failed"] [data-testid="run-error"]').count() >= 1);
  await page.locator('[data-testid="runs"]').scrollIntoViewIfNeeded();
  await screenshot(page, '35-run-list');
  assert.deepEqual(errors, []);
});

// The progress stream lost mid-run (here: the server's events answered with an error, which
// the browser does not retry): the dialog follows the run's record and reports its outcome
// rather than staying "running".
test('a lost progress stream falls back to the run record', async () => {
  await saveVersion(doc(false, [{ id: 'col_extra', name: 'extra', type: { kind: 'text' }, not_null: false }]), 'extra');
  await page.reload();
  await page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  await page.click('[data-testid="tab-console"]');
  const card = page.locator('[data-testid="target"][data-target="db"]');
  await card.locator('[data-testid="migration-row"][data-version="5"][data-state="pending"]').waitFor();
  let cut = 0;
  await page.route('**/applies/*/events', (route) => {
    cut += 1;
    return route.fulfill({ status: 502, contentType: 'text/plain', body: 'gateway lost' });
  });
  await card.locator('[data-testid="apply"]').click();
  await page.locator('[data-testid="confirm-apply"]').waitFor();
  await consentToHazards(page);
  await page.click('[data-testid="confirm-apply"]');
  await page.locator('[data-testid="apply-succeeded"]').waitFor({ timeout: 30000 });
  assert.ok(cut >= 1, 'the events stream was requested');
  assert.match(await page.getByTestId('apply-log').textContent(), /progress stream was lost[^]*Done: every migration applied/);
  await screenshot(page, '36-apply-stream-lost');
  await page.unroute('**/applies/*/events');
  assert.equal(psql(target.url, "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'extra'"), '1');
  await page.click('[data-testid="close-apply"]');
  // The failed 502 of the stream is the only console error, and it is expected.
  errors.splice(0, errors.length, ...errors.filter((e) => !/502|events/.test(e)));
  assert.deepEqual(errors, []);
});
