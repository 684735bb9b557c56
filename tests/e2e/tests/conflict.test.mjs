// Two browsers editing the same project: a stale save is detected (409), shown, and resolved
// either way without losing anything; and edits made while the server is unreachable are kept
// and sent once it is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openPage, screenshot } from '../lib/harness.mjs';
import { api, setInput, cardByName, waitSaved } from '../lib/versions.mjs';

let server;
let browser;
let a;
let b;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  a = await openPage(browser, server);
  await a.page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  await waitSaved(a.page);
  // The second browser has its own storage: it finds the project the first one created.
  b = await openPage(browser, server);
  await b.page.waitForSelector('[data-testid="canvas"] .card', { timeout: 30000 });
  await waitSaved(b.page);
});

after(async () => {
  await a?.context.close();
  await b?.context.close();
  await browser?.close();
  await server?.stop();
});

async function addNamedTable(page, name) {
  await page.keyboard.press('Escape');
  await page.click('[data-testid="add-table"]');
  await setInput(page.locator('[data-testid="table-name"]'), name);
}

const tableNames = (doc) => doc.schema.tables.map((t) => t.name);

async function serverDraft() {
  const [project] = await api(server, 'GET', '/api/projects');
  return api(server, 'GET', `/api/projects/${project.id}/draft`);
}

const names = (page) => page.locator('text.card-title').allTextContents();

test('both browsers opened the same project', async () => {
  const projects = await api(server, 'GET', '/api/projects');
  assert.equal(projects.length, 1);
  assert.equal(await a.page.getByTestId('project-name').textContent(), await b.page.getByTestId('project-name').textContent());
});

test('a stale save is detected; reloading theirs keeps mine one Undo away', async () => {
  await addNamedTable(a.page, 'from_a');
  await waitSaved(a.page);
  assert.ok(tableNames((await serverDraft()).document).includes('from_a'));

  // B still works on the old revision: its save is refused, nothing is overwritten.
  await addNamedTable(b.page, 'from_b');
  await b.page.locator('[data-testid="conflict"]').waitFor({ timeout: 15000 });
  assert.equal(await b.page.getByTestId('sync-status').getAttribute('data-state'), 'conflict');
  assert.match(await b.page.getByTestId('conflict-message').textContent(), /changed since revision \d+ \(it is now at revision \d+\)/);
  const server1 = await serverDraft();
  assert.ok(tableNames(server1.document).includes('from_a'));
  assert.ok(!tableNames(server1.document).includes('from_b'), 'the stale save did not overwrite');
  assert.ok((await names(b.page)).includes('from_b'), 'B keeps its edit on screen');
  await screenshot(b.page, '20-conflict');

  // Reload theirs: B now has A's table, and its own draft is one Undo away.
  await b.page.click('[data-testid="reload-theirs"]');
  await b.page.locator('[data-testid="conflict"]').waitFor({ state: 'detached' });
  await cardByName(b.page, 'from_a');
  assert.ok(!(await names(b.page)).includes('from_b'));
  assert.match(await b.page.getByTestId('undo').getAttribute('title'), /Undo Reload the saved draft/);
  await waitSaved(b.page);

  // B goes on from the current revision: saved normally.
  await addNamedTable(b.page, 'from_b2');
  await b.page.waitForFunction(() => document.querySelector('[data-testid="sync-status"]').dataset.state !== 'saved');
  await waitSaved(b.page);
  const server2 = tableNames((await serverDraft()).document);
  assert.ok(server2.includes('from_a') && server2.includes('from_b2'));
});

test('keep mine overwrites with the revision from the conflict', async () => {
  // A is now stale.
  await addNamedTable(a.page, 'from_a2');
  await a.page.locator('[data-testid="conflict"]').waitFor({ timeout: 15000 });
  const before = await serverDraft();
  assert.ok(!tableNames(before.document).includes('from_a2'));
  await a.page.click('[data-testid="keep-mine"]');
  await a.page.locator('[data-testid="conflict"]').waitFor({ state: 'detached' });
  await waitSaved(a.page);
  const after = await serverDraft();
  assert.equal(after.revision, before.revision + 1);
  assert.ok(tableNames(after.document).includes('from_a2'));
  assert.ok(!tableNames(after.document).includes('from_b2'), "A chose its own draft");
});

test('offline: edits are kept and sent when the server is back', async () => {
  // Bring B up to date first (it is stale after A's overwrite): reload theirs.
  await addNamedTable(b.page, 'probe');
  await b.page.locator('[data-testid="conflict"]').waitFor({ timeout: 15000 });
  await b.page.click('[data-testid="reload-theirs"]');
  await waitSaved(b.page);

  await b.context.route('**/api/**', (route) => route.abort('connectionrefused'));
  await addNamedTable(b.page, 'made_offline');
  await b.page.waitForSelector('[data-testid="sync-status"][data-state="offline"]', { timeout: 15000 });
  await screenshot(b.page, '21-offline');
  // The offline copy holds the edit.
  const local = await b.page.evaluate(() => JSON.parse(localStorage.getItem('joinery.draft.v1')).schema.tables.map((t) => t.name));
  assert.ok(local.includes('made_offline'));
  assert.ok(!tableNames((await serverDraft()).document).includes('made_offline'));

  await b.context.unroute('**/api/**');
  await waitSaved(b.page, 20000);
  assert.ok(tableNames((await serverDraft()).document).includes('made_offline'), 'sent once the server is back');
});

test('offline across a reload: the edit survives in localStorage and is sent later', async () => {
  await b.context.route('**/api/**', (route) => route.abort('connectionrefused'));
  await addNamedTable(b.page, 'survives_reload');
  await b.page.waitForSelector('[data-testid="sync-status"][data-state="offline"]', { timeout: 15000 });
  await b.page.reload();
  await cardByName(b.page, 'survives_reload');
  await b.page.waitForSelector('[data-testid="sync-status"][data-state="offline"]', { timeout: 15000 });
  assert.ok(!tableNames((await serverDraft()).document).includes('survives_reload'));
  await b.context.unroute('**/api/**');
  await waitSaved(b.page, 20000);
  assert.ok(tableNames((await serverDraft()).document).includes('survives_reload'), 'sent on the revision it was based on');
  assert.deepEqual([...a.errors, ...b.errors].filter((e) => e.startsWith('pageerror')), []);
});
