// Constraint states and index options in the designer, in real Chromium against a real
// `joinery serve`: a schema with NOT VALID, NO INHERIT, DEFERRABLE, MATCH FULL, index storage
// parameters, collations and an index comment is imported, and the table editor shows each state
// instead of presenting the constraints as plain ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenshot, sqlPreview } from '../lib/harness.mjs';
import { useSession } from '../lib/session.mjs';

const s = useSession();

const SQL = `CREATE TABLE customers (id integer PRIMARY KEY, code text COLLATE "C");
CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer,
    qty integer,
    ref text,
    CONSTRAINT orders_qty_positive CHECK (qty > 0) NO INHERIT,
    CONSTRAINT orders_ref_key UNIQUE (ref) DEFERRABLE INITIALLY DEFERRED
);
ALTER TABLE orders ADD CONSTRAINT orders_qty_small CHECK (qty < 1000) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) MATCH FULL NOT VALID;
CREATE INDEX orders_ref_idx ON orders (ref COLLATE "C" DESC) WITH (fillfactor = 70);
COMMENT ON INDEX orders_ref_idx IS 'lookups by reference';
`;

test('the table editor shows constraint states and index options', async () => {
  const { page, errors } = s;
  const work = mkdtempSync(join(tmpdir(), 'joinery-e2e-'));
  writeFileSync(join(work, 'states.sql'), SQL);
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', join(work, 'states.sql'));
  const report = page.locator('[data-testid="import-report"]');
  await report.waitFor();
  assert.match(await report.textContent(), /\b2 tables\b/);
  assert.equal(await page.locator('[data-testid="import-errors"]').count(), 0);
  await page.click('[data-testid="import-apply"]');
  await page.locator('[data-testid="import-dialog"]').waitFor({ state: 'detached' });
  const card = page.locator('g.card', { has: page.locator('text.card-title', { hasText: /^orders$/ }) }).first();
  await card.waitFor();
  await card.click();
  await page.click('[data-testid="tab-table"]');
  const checks = await page.locator('.check-list li').allTextContents();
  assert.ok(checks.some((c) => /orders_qty_small: CHECK \(qty < 1000\) NOT VALID/.test(c)), checks.join(' | '));
  assert.ok(checks.some((c) => /orders_qty_positive: CHECK \(qty > 0\) NO INHERIT/.test(c)), checks.join(' | '));
  const fks = await page.getByTestId('fk-list').textContent();
  assert.match(fks, /MATCH FULL/);
  assert.match(fks, /NOT VALID/);
  const indexes = await page.getByTestId('index-list').textContent();
  assert.match(indexes, /ref COLLATE "C" DESC/);
  assert.match(indexes, /WITH \(fillfactor = 70\)/);
  assert.match(indexes, /lookups by reference/);
  await page.getByTestId('index-list').scrollIntoViewIfNeeded();
  await screenshot(page, '40-constraint-states');
  // The live DDL keeps every state.
  await page.click('[data-testid="tab-sql"]');
  const ddl = await sqlPreview(page);
  assert.match(ddl, /ADD CONSTRAINT orders_qty_small CHECK \(qty < 1000\) NOT VALID;/);
  assert.match(ddl, /MATCH FULL ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID;/);
  assert.match(ddl, /UNIQUE \(ref\) DEFERRABLE INITIALLY DEFERRED/);
  assert.match(ddl, /code text COLLATE "C"/);
  assert.match(ddl, /COMMENT ON INDEX orders_ref_idx IS 'lookups by reference';/);
  assert.deepEqual(errors, []);
});
