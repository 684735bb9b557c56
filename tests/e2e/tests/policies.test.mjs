// Row-level security in the designer, in real Chromium against a real `joinery serve`: a schema
// with RLS on and policies is imported, the card shows an RLS badge with the policy count, the
// table editor lists the policies and adds one, and the live DDL carries them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenshot } from '../lib/harness.mjs';
import { useSession } from '../lib/session.mjs';

const s = useSession();

const SQL = `CREATE TABLE notes (id integer PRIMARY KEY, owner text NOT NULL, body text);
CREATE TABLE tags (id integer PRIMARY KEY, name text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_notes ON notes FOR SELECT USING (owner = current_user);
CREATE POLICY no_empty ON notes AS RESTRICTIVE FOR INSERT WITH CHECK (body <> '');
`;

test('RLS shows on the card, in the table editor and in the DDL', async () => {
  const { page, errors } = s;
  const work = mkdtempSync(join(tmpdir(), 'joinery-e2e-'));
  writeFileSync(join(work, 'rls.sql'), SQL);
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', join(work, 'rls.sql'));
  await page.locator('[data-testid="import-report"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-errors"]').count(), 0);
  await page.click('[data-testid="import-apply"]');
  await page.locator('[data-testid="import-dialog"]').waitFor({ state: 'detached' });
  const card = page.locator('g.card', { has: page.locator('text.card-title', { hasText: /^notes$/ }) }).first();
  await card.waitFor();
  assert.equal((await card.getByTestId('rls-badge').locator('text').textContent()).trim(), 'RLS · 2');
  // A table without RLS has no badge.
  const tags = page.locator('g.card', { has: page.locator('text.card-title', { hasText: /^tags$/ }) }).first();
  assert.equal(await tags.getByTestId('rls-badge').count(), 0);
  await card.click();
  await page.click('[data-testid="tab-table"]');
  const list = page.getByTestId('policy-list');
  await list.scrollIntoViewIfNeeded();
  const items = await list.locator('li').allTextContents();
  assert.ok(items.some((t) => /own_notes: FOR SELECT TO PUBLIC USING \(owner = current_user\)/.test(t)), items.join(' | '));
  assert.ok(items.some((t) => /no_empty: AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK \(body <> ''\)/.test(t)), items.join(' | '));
  assert.ok(await page.getByTestId('rls-enabled').isChecked());
  // Add a policy from the form.
  await page.getByTestId('policy-command').selectOption('delete');
  await page.getByTestId('policy-using').fill('owner = current_user');
  await page.getByTestId('add-policy').click();
  await page.locator('[data-testid="policy-list"] li', { hasText: 'notes_policy: FOR DELETE' }).waitFor();
  assert.equal((await card.getByTestId('rls-badge').locator('text').textContent()).trim(), 'RLS · 3');
  await screenshot(page, '42-row-level-security');
  await page.click('[data-testid="tab-sql"]');
  const preview = page.getByTestId('sql-preview');
  await preview.filter({ hasText: 'notes_policy' }).waitFor();
  const ddl = await preview.textContent();
  assert.match(ddl, /ALTER TABLE notes ENABLE ROW LEVEL SECURITY;/);
  assert.match(ddl, /CREATE POLICY notes_policy ON notes FOR DELETE USING \(owner = current_user\);/);
  assert.deepEqual(errors, []);
});
