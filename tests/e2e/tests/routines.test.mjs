// Functions, triggers and partitions in the designer, in real Chromium against a real
// `joinery serve`: an imported schema shows its trigger and partition badges on the cards, the
// Functions tab edits a routine as SQL (a bad definition is refused with its line and column and
// changes nothing), the table editor adds a trigger, and the live DDL carries all of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenshot } from '../lib/harness.mjs';
import { useSession } from '../lib/session.mjs';

const s = useSession();

const SQL = `CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE FUNCTION _cat(acc text, x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT acc || x $$;
CREATE AGGREGATE cat(text) (SFUNC = _cat, STYPE = text, INITCOND = '');
CREATE TABLE posts (id integer PRIMARY KEY, title text, updated_at timestamptz);
CREATE TRIGGER posts_updated_at BEFORE UPDATE ON posts FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
`;

test('functions, triggers and partitions show and edit as SQL', async () => {
  const { page, errors } = s;
  const work = mkdtempSync(join(tmpdir(), 'joinery-e2e-'));
  writeFileSync(join(work, 'routines.sql'), SQL);
  await page.click('[data-testid="open-import"]');
  await page.setInputFiles('[data-testid="import-file"]', join(work, 'routines.sql'));
  await page.locator('[data-testid="import-report"]').waitFor();
  assert.equal(await page.locator('[data-testid="import-errors"]').count(), 0);
  await page.click('[data-testid="import-apply"]');
  await page.locator('[data-testid="import-dialog"]').waitFor({ state: 'detached' });
  const card = (name) => page.locator('g.card', { has: page.locator('text.card-title', { hasText: new RegExp(`^${name}$`) }) }).first();
  await card('posts').waitFor();
  assert.equal((await card('posts').getByTestId('card-flags').locator('text').textContent()).trim(), '⚡ 1');
  assert.equal((await card('events').getByTestId('card-flags').locator('text').textContent()).trim(), '▦ 2');
  assert.equal(await page.locator('g.card', { has: page.locator('text.card-title', { hasText: /^events_2024$/ }) }).count(), 0);

  // The Functions tab: a bad edit is refused where it is wrong, a good one is kept.
  await page.click('[data-testid="tab-functions"]');
  const form = page.getByTestId('function-form').first();
  await form.waitFor();
  assert.match(await form.getByTestId('function-title').textContent(), /function set_updated_at\(\)/);
  const editor = form.getByTestId('function-sql');
  const original = await editor.inputValue();
  await editor.fill(original.replace('LANGUAGE plpgsql', 'LANGUAGE plpgsql\n 42'));
  await form.getByTestId('function-save').click();
  assert.match(await form.getByTestId('function-error').textContent(), /^line 4, column 2: /);
  await editor.fill(original.replace('now()', 'clock_timestamp()'));
  await form.getByTestId('function-save').click();
  assert.equal(await form.getByTestId('function-error').count(), 0);
  // An aggregate is a routine too: listed, and edited as its CREATE AGGREGATE.
  const agg = page.getByTestId('function-form').filter({ hasText: 'aggregate cat(text)' });
  await agg.waitFor();
  const aggSql = agg.getByTestId('function-sql');
  assert.match(await aggSql.inputValue(), /CREATE AGGREGATE cat\(text\) \(\n {4}SFUNC = _cat,\n {4}STYPE = text,\n {4}INITCOND = ''\n\);/);
  await aggSql.fill((await aggSql.inputValue()).replace("INITCOND = ''", "INITCOND = 'all: '"));
  await agg.getByTestId('function-save').click();
  assert.equal(await agg.getByTestId('function-error').count(), 0);
  // Two functions saved at once, both asked of the engine before either is answered: both
  // edits land (a newer save must not make the engine drop the older one's answer; the DDL
  // below shows both).
  const fnSql = (title) => page.getByTestId('function-form')
    .filter({ has: page.getByTestId('function-title').filter({ hasText: title }) })
    .getByTestId('function-sql');
  const setSql = fnSql(/^function set_updated_at\(\)$/);
  const catSql = fnSql(/^function _cat\(/);
  await setSql.fill((await setSql.inputValue()).replace('clock_timestamp()', 'statement_timestamp()'));
  await catSql.fill((await catSql.inputValue()).replace('acc || x', 'x || acc'));
  await page.evaluate(() => {
    for (const form of document.querySelectorAll('[data-testid="function-form"]')) {
      const title = form.querySelector('[data-testid="function-title"]').textContent;
      if (title === 'function set_updated_at()' || title.startsWith('function _cat(')) {
        form.querySelector('[data-testid="function-save"]').click();
      }
    }
  });
  await screenshot(page, '43-functions');

  // A second trigger from the table editor.
  await card('posts').click();
  await page.click('[data-testid="tab-table"]');
  await page.click('[data-testid="add-trigger-toggle"]');
  await page.getByTestId('new-trigger-sql').fill('CREATE TRIGGER posts_audit AFTER INSERT OR DELETE ON posts FOR EACH STATEMENT EXECUTE FUNCTION set_updated_at()');
  await page.getByTestId('new-trigger-save').click();
  await page.getByTestId('trigger-form').nth(1).waitFor();
  assert.equal((await card('posts').getByTestId('card-flags').locator('text').textContent()).trim(), '⚡ 2');
  // Text typed into a trigger and not saved survives another edit to the table, which builds
  // the table's form again.
  const firstTrigger = page.getByTestId('trigger-form').first().getByTestId('trigger-sql');
  const typed = (await firstTrigger.inputValue()).replace('BEFORE UPDATE', 'BEFORE INSERT OR UPDATE');
  await firstTrigger.fill(typed);
  const columns = await page.getByTestId('column-row').count();
  await page.click('[data-testid="add-column"]');
  await page.getByTestId('column-row').nth(columns).waitFor();
  assert.equal(await page.getByTestId('trigger-form').first().getByTestId('trigger-sql').inputValue(), typed);
  // The new-trigger editor is back to its template once what it made is in the design.
  assert.doesNotMatch(await page.getByTestId('new-trigger-sql').inputValue(), /posts_audit/);
  await screenshot(page, '44-triggers');

  await page.click('[data-testid="tab-sql"]');
  const preview = page.getByTestId('sql-preview');
  await preview.filter({ hasText: 'posts_audit' }).waitFor();
  const ddl = await preview.textContent();
  assert.match(ddl, /NEW\.updated_at := statement_timestamp\(\);/);
  assert.match(ddl, /SELECT x \|\| acc/);
  assert.match(ddl, /CREATE TRIGGER posts_audit AFTER INSERT OR DELETE ON posts FOR EACH STATEMENT EXECUTE FUNCTION set_updated_at\(\);/);
  assert.match(ddl, /INITCOND = 'all: '/);
  assert.match(ddl, /CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM \('2025-01-01'\) TO \('2026-01-01'\);/);
  assert.deepEqual(errors, []);
});
