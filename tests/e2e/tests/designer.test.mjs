// The designer, end to end in real Chromium against a real `joinery serve`: build part of the
// demo schema from an empty canvas with mouse and keyboard (tables, columns, an enum, an FK by
// dragging), undo and redo, import a real pg_dump file, export SVG and DDL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, openPage, screenshot, sqlPreview } from '../lib/harness.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
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
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const sql = async () => {
  await page.click('[data-testid="tab-sql"]');
  return sqlPreview(page);
};

async function setInput(locator, value) {
  await locator.fill(value);
  await locator.press('Tab');
}

async function cardByName(name) {
  const card = page.locator('g.card', { has: page.locator('text.card-title', { hasText: new RegExp(`^${name}$`) }) });
  await card.first().waitFor();
  return card.first();
}

async function addColumn(name, type, { notNull = false } = {}) {
  await page.click('[data-testid="tab-table"]');
  await page.click('[data-testid="add-column"]');
  const row = page.locator('[data-testid="column-row"]').last();
  await setInput(row.locator('.col-name-input'), name);
  const fresh = page.locator('[data-testid="column-row"]').last();
  await setInput(fresh.locator('.col-type-input'), type);
  if (notNull) await page.locator('[data-testid="column-row"]').last().getByLabel('Not null').check();
}

test('the demo schema is the first-run design', async () => {
  const cards = await page.locator('g.card').count();
  assert.ok(cards >= 6, `demo shows its tables, got ${cards}`);
  await screenshot(page, '02-demo');
});

test('build tables, columns, an enum and an FK by drag from an empty canvas', async () => {
  await page.click('summary:has-text("New")');
  await page.click('[data-testid="new-empty"]');
  assert.equal(await page.locator('g.card').count(), 0);
  await page.locator('.canvas-empty').waitFor();

  // communities: a new table puts the cursor in its name, selected, so typing names it.
  await page.click('[data-testid="add-table"]');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'table-name'
    && document.activeElement.selectionStart === 0 && document.activeElement.selectionEnd === document.activeElement.value.length);
  await page.keyboard.type('communities');
  await page.keyboard.press('Tab');
  await addColumn('name', 'varchar(100)', { notNull: true });
  await addColumn('min_trust', 'jsonb');
  const row = page.locator('[data-testid="column-row"]').last();
  await setInput(row.locator('.col-default-input'), '{"type":"number","value":15}');

  // An enum, from the Enums tab.
  await page.click('[data-testid="tab-enums"]');
  await page.click('[data-testid="add-enum"]');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'enum-name');
  await setInput(page.locator('[data-testid="enum-name"]').last(), 'wealth_status');
  for (const value of ['fulfilled', 'expired']) {
    await page.locator('[data-testid="enum-new-value"]').last().fill(value);
    await page.locator('[data-testid="enum-add-value"]').last().click();
  }

  // wealth, placed to the right of communities by dragging its card.
  await page.keyboard.press('Escape');
  await page.click('[data-testid="add-table"]');
  await setInput(page.locator('[data-testid="table-name"]'), 'wealth');
  await addColumn('community_id', 'uuid', { notNull: true });
  await addColumn('status', 'wealth_status', { notNull: true });
  // A new table never lands on another one.
  const wealth = await cardByName('wealth');
  const box = await wealth.locator('.card-header').boundingBox();
  const cbox = await (await cardByName('communities')).boundingBox();
  const wbox = await wealth.boundingBox();
  assert.ok(
    wbox.x >= cbox.x + cbox.width || wbox.x + wbox.width <= cbox.x || wbox.y >= cbox.y + cbox.height || wbox.y + wbox.height <= cbox.y,
    `wealth ${JSON.stringify(wbox)} overlaps communities ${JSON.stringify(cbox)}`,
  );
  await page.mouse.move(box.x + 40, box.y + 10);
  await page.mouse.down();
  // Below and to the left of communities, clear of it whatever the cards' widths.
  const dropX = Math.max(20, cbox.x - wbox.width - 40) + 40;
  const dropY = cbox.y + cbox.height + 60 + 10;
  await page.mouse.move((box.x + dropX) / 2, (box.y + dropY) / 2, { steps: 8 });
  await page.mouse.move(dropX, dropY, { steps: 8 });
  await page.mouse.up();
  assert.match(await page.getByTestId('undo').getAttribute('title'), /Undo Move table/, 'a drag is one undo entry');

  // FK by dragging from wealth.community_id's handle to communities.id.
  const communities = await cardByName('communities');
  const handle = (await cardByName('wealth')).locator('g.row', { has: page.locator('text.col-name', { hasText: /^community_id$/ }) }).locator('circle.handle');
  const target = communities.locator('g.row', { has: page.locator('text.col-name', { hasText: /^id$/ }) });
  await (await cardByName('wealth')).hover();
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
  await screenshot(page, '03-dragging-fk');
  await page.mouse.up();
  assert.equal(await page.locator('g.relationship').count(), 1, 'one relationship line');

  const ddl = await sql();
  assert.match(ddl, /CREATE TYPE wealth_status AS ENUM \('value_1', 'fulfilled', 'expired'\)/);
  assert.match(ddl, /CREATE TABLE communities \(/);
  // The project's default conventions: the seed's uuid key and created_at timestamptz.
  assert.match(ddl, /id uuid PRIMARY KEY DEFAULT gen_random_uuid\(\)/);
  assert.match(ddl, /created_at timestamp with time zone DEFAULT now\(\) NOT NULL/);
  assert.match(ddl, /name varchar\(100\) NOT NULL/);
  assert.match(ddl, /min_trust jsonb DEFAULT '\{"type":"number","value":15\}'::jsonb/);
  assert.match(ddl, /status wealth_status NOT NULL/);
  assert.match(ddl, /FOREIGN KEY \(community_id\) REFERENCES communities \(id\) ON DELETE CASCADE/);
  await screenshot(page, '04-built-schema');

  // Undo removes the FK, redo brings it back; the canvas follows.
  await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  assert.equal(await page.locator('g.relationship').count(), 0);
  assert.doesNotMatch(await sql(), /FOREIGN KEY/);
  await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Shift+z');
  assert.equal(await page.locator('g.relationship').count(), 1);
  assert.match(await sql(), /FOREIGN KEY \(community_id\) REFERENCES communities \(id\)/);

  // Validation problems show up inline: a duplicate column name.
  await (await cardByName('wealth')).click();
  await page.click('[data-testid="tab-table"]');
  await setInput(page.locator('[data-testid="column-row"]').last().locator('.col-name-input'), 'community_id');
  await page.locator('[data-testid="table-problems"]').waitFor();
  assert.match(await page.locator('[data-testid="table-problems"]').textContent(), /community_id/);
  // Ctrl+Z inside a field is the field's own undo; on the canvas it is the designer's.
  await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await (await cardByName('wealth')).click();
  await page.click('[data-testid="tab-table"]');
  await page.locator('[data-testid="table-editor"]').waitFor();
  await page.locator('[data-testid="table-problems"]').waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-testid="table-problems"]').count(), 0);
});

test('a real pg_dump file imports and is laid out', async () => {
  // Make a pg_dump --schema-only file from a real database holding the demo schema.
  const admin = process.env.JOINERY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `joinery_e2e_${process.pid}_${Date.now()}`;
  const dbUrl = admin.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
  const work = mkdtempSync(join(tmpdir(), 'joinery-e2e-dump-'));
  execFileSync('psql', [admin, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE "${dbName}"`]);
  try {
    const ddl = execFileSync(process.env.JOINERY_BIN, ['ddl', join(repo, 'shared', 'demo', 'seed.json')], { encoding: 'utf8' });
    writeFileSync(join(work, 'demo.sql'), ddl);
    execFileSync('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-f', join(work, 'demo.sql')]);
    execFileSync('pg_dump', ['--schema-only', '--no-owner', '-f', join(work, 'dump.sql'), dbUrl]);
  } finally {
    execFileSync('psql', [admin, '-qc', `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`]);
  }
  assert.match(readFileSync(join(work, 'dump.sql'), 'utf8'), /PostgreSQL database dump/);

  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', join(work, 'dump.sql'));
  const report = page.locator('[data-testid="import-report"]');
  await report.waitFor();
  assert.match(await report.textContent(), /\b7 tables, 3 enums\b/);
  assert.equal(await page.locator('[data-testid="import-errors"]').count(), 0, 'pg_dump output imports without errors');
  await screenshot(page, '05-import-dialog');
  await page.click('[data-testid="import-apply"]');
  await page.locator('[data-testid="import-dialog"]').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('g.card').length === 7);
  // Laid out: no two cards overlap.
  const boxes = await page.locator('g.card .card-body').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [ax, ay, aw, ah] = boxes[i];
      const [bx, by, bw, bh] = boxes[j];
      assert.ok(ax + aw <= bx || bx + bw <= ax || ay + ah <= by || by + bh <= ay, `cards ${i} and ${j} overlap`);
    }
  }
  assert.ok(await page.locator('g.relationship').count() >= 8, 'imported relationships are drawn');
  await screenshot(page, '06-imported');
  // The import is one undoable step.
  assert.match(await page.getByTestId('undo').getAttribute('title'), /Undo Import SQL/);
});

test('exports the diagram as SVG and the schema as DDL', async () => {
  await page.click('[data-testid="export-menu"]');
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-svg"]')]);
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  for (const name of ['communities', 'wealth_requests', 'resource_memberships']) assert.ok(svg.includes(`>${name}<`), `SVG has ${name}`);
  await page.click('[data-testid="export-menu"]');
  const [sqlDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-sql"]')]);
  const ddl = readFileSync(await sqlDownload.path(), 'utf8');
  assert.match(ddl, /CREATE TYPE wealth_status AS ENUM/);
  assert.match(ddl, /CREATE TABLE resource_memberships/);
  // A Drizzle project: schema files and a drizzle-kit migration folder, zipped.
  await page.click('[data-testid="export-menu"]');
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-drizzle"]')]);
  const zip = readFileSync(await zipDownload.path());
  assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK');
  const listing = zip.toString('latin1');
  for (const path of ['schema/index.ts', 'migrations/meta/_journal.json', 'migrations/0000_init.sql']) assert.ok(listing.includes(path), `zip has ${path}`);
  assert.match(listing, /pgTable\('resource_memberships'/);
  assert.deepEqual(errors, []);
});

test('sticky notes and table groups (layout only, undoable)', async () => {
  await page.click('[data-testid="add-note"]');
  const note = page.locator('g.note').last();
  await note.waitFor();
  const box = await note.locator('.note-body').boundingBox();
  await page.mouse.move(box.x + 20, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 100, { steps: 6 });
  await page.mouse.up();
  assert.match(await page.getByTestId('undo').getAttribute('title'), /Undo Move note/);
  const moved = await note.locator('.note-body').boundingBox();
  assert.ok(moved.x > box.x + 50, 'the note moved');

  page.once('dialog', (dialog) => dialog.accept('Remember soft deletes on every table'));
  await note.hover();
  await note.locator('[data-note-action="edit"]').click();
  await page.waitForFunction(() => [...document.querySelectorAll('g.note .note-text')].some((t) => t.textContent.includes('soft deletes')));

  // Group two tables: click one, shift-click the other, Group.
  await (await cardByName('communities')).click();
  await (await cardByName('wealth')).click({ modifiers: ['Shift'] });
  page.once('dialog', (dialog) => dialog.accept('Core'));
  await page.click('[data-testid="group-selection"]');
  const group = page.locator('g.group');
  await group.waitFor();
  assert.equal(await group.locator('.group-label').textContent(), 'Core');
  await screenshot(page, '07-notes-and-groups');
  // Layout only: no SQL changes.
  assert.doesNotMatch(await sql(), /Core|soft deletes/);
  await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  assert.equal(await page.locator('g.group').count(), 0, 'undo removes the group');
  assert.deepEqual(errors, []);
});

test('an edit in the table form changes only what it edited: the rows stay, an open section stays open', async () => {
  await (await cardByName('communities')).click();
  await page.click('[data-testid="tab-table"]');
  const rows = page.locator('[data-testid="column-row"]');
  const count = await rows.count();
  assert.ok(count >= 3, `${count} columns`);
  await rows.nth(2).locator('details.column-extras summary').click();
  // A row built again would be a new element, without this mark.
  await rows.evaluateAll((els) => els.forEach((e, i) => { e.dataset.mark = String(i); }));
  const marks = () => rows.evaluateAll((els) => els.map((e) => e.dataset.mark ?? 'new'));
  const name = rows.nth(0).locator('.col-name-input');
  const before = await name.inputValue();
  await setInput(name, `${before}_renamed`);
  await page.waitForFunction(() => document.querySelector('[data-testid="undo"]').title.includes('Rename column'));
  assert.deepEqual(await marks(), [...Array(count).keys()].map(String), 'no row was built again');
  assert.equal(await rows.nth(2).locator('details.column-extras').evaluate((d) => d.open), true, 'the open "more" stays open');
  // A new NOT NULL shows in its row only; undo puts the old name back in the same field.
  const notNull = rows.nth(1).getByLabel('Not null');
  const wasNotNull = await notNull.isChecked();
  await notNull.setChecked(!wasNotNull);
  await page.click('[data-testid="undo"]');
  assert.equal(await notNull.isChecked(), wasNotNull);
  await page.click('[data-testid="undo"]');
  await page.waitForFunction((v) => document.querySelector('[data-testid="column-row"] .col-name-input').value === v, before);
  assert.deepEqual(await marks(), [...Array(count).keys()].map(String), 'undo built no row again either');
  // Moving a column down moves its row (the same element) and updates the arrows.
  await rows.nth(0).getByLabel('Move column down').click();
  await page.waitForFunction((v) => document.querySelectorAll('[data-testid="column-row"] .col-name-input')[1].value === v, before);
  assert.deepEqual((await marks()).slice(0, 2), ['1', '0']);
  assert.equal(await rows.nth(0).getByLabel('Move column up').isDisabled(), true);
  assert.equal(await rows.nth(1).getByLabel('Move column up').isDisabled(), false);
  await page.click('[data-testid="undo"]');
  assert.deepEqual(errors, []);
});
