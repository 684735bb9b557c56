// Helpers for the versions, conflict and console tests: throwaway target databases made with
// psql, API calls with the server's token, and designer gestures.
import { execFileSync } from 'node:child_process';

export const admin = process.env.JOINERY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/// Creates a uniquely named database; `urlWithPassword` carries a dummy password (trust auth
/// ignores it) so tests can check it is never shown back.
export function createTargetDb(tag) {
  const name = `joinery_e2e_${tag}_${process.pid}_${Date.now()}`;
  execFileSync('psql', [admin, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE "${name}"`]);
  const url = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const urlWithPassword = url.replace('postgres://postgres@', 'postgres://postgres:hunter2@');
  return { name, url, urlWithPassword };
}

export function dropTargetDb(db) {
  execFileSync('psql', [admin, '-qc', `DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`]);
}

export function psql(url, sql) {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' }).trim();
}

export async function api(server, method, path, body) {
  const res = await fetch(server.url.replace(/\/$/, '') + path, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function setInput(locator, value) {
  await locator.fill(value);
  await locator.press('Tab');
}

export async function cardByName(page, name) {
  const card = page.locator('g.card', { has: page.locator('text.card-title', { hasText: new RegExp(`^${name}$`) }) });
  await card.first().waitFor();
  return card.first();
}

export async function addColumn(page, name, type, { notNull = false } = {}) {
  await page.click('[data-testid="tab-table"]');
  await page.click('[data-testid="add-column"]');
  const row = page.locator('[data-testid="column-row"]').last();
  await setInput(row.locator('.col-name-input'), name);
  const fresh = page.locator('[data-testid="column-row"]').last();
  await setInput(fresh.locator('.col-type-input'), type);
  if (notNull) await page.locator('[data-testid="column-row"]').last().getByLabel('Not null').check();
}

export async function waitSaved(page, timeout = 15000) {
  await page.waitForSelector('[data-testid="sync-status"][data-state="saved"]', { timeout });
}

/// The apply dialog refuses until every hazard kind is allowed: checks Apply is disabled, ticks
/// each consent box, checks it is enabled. Returns the kinds ticked.
export async function consentToHazards(page) {
  const boxes = page.locator('[data-testid="hazard-consent"] input[type="checkbox"]');
  const n = await boxes.count();
  const kinds = [];
  if (n > 0) {
    if (!(await page.locator('[data-testid="confirm-apply"]').isDisabled())) {
      throw new Error('Apply is enabled before the hazards were allowed');
    }
    for (let i = 0; i < n; i++) {
      kinds.push(await boxes.nth(i).getAttribute('data-consent'));
      await boxes.nth(i).check();
    }
  }
  // Statements that delete data also need the target's name typed.
  const name = page.locator('[data-testid="confirm-target-name"]');
  if (await name.count()) {
    if (!(await page.locator('[data-testid="confirm-apply"]').isDisabled())) {
      throw new Error("Apply is enabled before the target's name was typed");
    }
    await name.fill('not the name');
    if (!(await page.locator('[data-testid="confirm-apply"]').isDisabled())) {
      throw new Error('Apply is enabled with the wrong name typed');
    }
    await name.fill(await name.getAttribute('data-target'));
  }
  if (await page.locator('[data-testid="confirm-apply"]').isDisabled()) {
    throw new Error('Apply is still disabled after allowing every hazard');
  }
  return kinds;
}
