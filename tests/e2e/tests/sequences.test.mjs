// The Sequences panel in real Chromium against a real `joinery serve`: a standalone sequence is
// added, renamed and given a start and an increment, and the live DDL creates it; undo takes the
// last edit back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, sqlPreview } from '../lib/harness.mjs';
import { useSession } from '../lib/session.mjs';

const s = useSession();

async function commit(locator, value) {
  await locator.fill(value);
  await locator.press('Tab');
}

test('a sequence is designed in its panel and rendered in the DDL', async () => {
  const { page, errors } = s;
  await page.click('[data-testid="tab-sequences"]');
  await page.click('[data-testid="add-sequence"]');
  const form = page.getByTestId('sequence-form').last();
  await form.waitFor();
  await commit(form.getByTestId('sequence-name'), 'invoice_number');
  await commit(page.getByTestId('sequence-form').last().getByLabel('Start with'), '1000');
  await commit(page.getByTestId('sequence-form').last().getByLabel('Increment by'), '5');
  await screenshot(page, '41-sequences-panel');
  await page.click('[data-testid="tab-sql"]');
  const ddl = await sqlPreview(page);
  assert.match(ddl, /CREATE SEQUENCE invoice_number START WITH 1000 INCREMENT BY 5;/);
  // Undo takes the increment back.
  await page.click('[data-testid="undo"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="sql-preview"]').textContent.includes('INCREMENT BY 5'));
  assert.match(await sqlPreview(page), /CREATE SEQUENCE invoice_number START WITH 1000;/);
  assert.deepEqual(errors, []);
});
