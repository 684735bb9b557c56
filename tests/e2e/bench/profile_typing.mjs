// A profiling aid, not a test or a benchmark (nothing runs it): a Chrome trace of the main thread
// in a generated 1,000-table design, summed by event name, for finding what a slow frame spends.
// Modes (first argument): `all` (default: typing in a column name, panning between keystrokes,
// committing every 10th), `typeonly`, `pan` (a 60-move drag-pan), `panfit` (the bench's pan at fit, every thread's events), `zoom` (the bench's zoom at
// 33 %, every thread's events), `layout` (forced-layout cost
// with parts of the page hidden). The trace is written to /tmp/prof/trace.json.
// Usage, from tests/e2e after `cargo xtask build-ui`:
//   JOINERY_BIN=../../target/release/joinery JOINERY_UI_DIR=../../dist \
//   JOINERY_GENERATE=../../target/release/examples/generate node bench/profile_typing.mjs [mode]
import { mkdirSync, writeFileSync } from 'node:fs';
import { openGeneratedDesign } from '../lib/generated.mjs';
const { server, browser, context, page } = await openGeneratedDesign();
const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
const cx = canvas.x + canvas.width / 2, cy = canvas.y + canvas.height / 2;
await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
await page.keyboard.press('F'); await page.keyboard.press('0'); await page.waitForTimeout(300);
const headers = page.locator('g.card .card-header');
let hb = null;
for (let i = 0, n = await headers.count(); i < n && !hb; i++) { const b = await headers.nth(i).boundingBox(); if (b && b.x > canvas.x + 10 && b.y > canvas.y + 10 && b.x + 40 < canvas.x + canvas.width && b.y + 20 < canvas.y + canvas.height) hb = b; }
await page.mouse.click(hb.x + 20, hb.y + 8);
await page.getByTestId('tab-table').click();
const nameInput = page.locator('[data-testid="column-row"] input.col-name-input').first();
await nameInput.waitFor();
if (process.argv[2] !== 'pan') await page.getByTestId('tab-changes').click();
if (process.argv[2] !== 'pan') await page.waitForSelector('[data-testid="changes-panel"][aria-busy="false"]', { timeout: 600000 });
await page.getByTestId('tab-table').click();
await nameInput.waitFor();

if (process.argv[2] === 'layout') {
  const r = await page.evaluate(() => {
    const inp = document.querySelector('input.col-name-input');
    const t = () => { let tot = 0; for (let k = 0; k < 5; k++) { inp.value += 'x'; const s = performance.now(); document.body.offsetHeight; tot += performance.now() - s; } return (tot / 5).toFixed(2); };
    const out = { base: t() };
    const sel = ['[data-testid="canvas"]', '[data-testid="side-panel"]', '.minimap', 'header', '.toolbar', 'svg', 'datalist', 'select'];
    for (const q of sel) {
      const els = [...document.querySelectorAll(q)];
      const old = els.map((e) => e.style.display);
      els.forEach((e) => e.style.display = 'none');
      out[q + ' x' + els.length] = t();
      els.forEach((e, i) => e.style.display = old[i]);
    }
    out.counts = { all: document.querySelectorAll('*').length, option: document.querySelectorAll('option').length, text: document.querySelectorAll('text').length, path: document.querySelectorAll('path').length };
    return out;
  });
  console.log(JSON.stringify(r, null, 1));
  await browser.close(); await server.stop(); process.exit(0);
}

// A gesture traced on every thread, with the main thread's sampled CPU time per function.
async function traceGesture(gesture) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'disabled-by-default-v8.cpu_profiler'] });
  await gesture();
  const buf = await browser.stopTracing();
  mkdirSync('/tmp/prof', { recursive: true });
  writeFileSync('/tmp/prof/trace.json', buf);
  const ev = JSON.parse(buf.toString()).traceEvents;
  const threads = {}; for (const e of ev) if (e.name === 'thread_name') threads[`${e.pid}:${e.tid}`] = e.args?.name;
  const agg = {}; for (const e of ev) { const t = threads[`${e.pid}:${e.tid}`]; if (!t || e.ph !== 'X' || !e.dur) continue; const k = `${t} ${e.name}`; agg[k] = (agg[k] || 0) + e.dur / 1000; }
  console.log(Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('\n'));
  // Sampled CPU time per function, self and inclusive (names when the wasm keeps its name section).
  const nodes = new Map(); const self = {}; const incl = {};
  for (const e of ev) {
    if (e.name !== 'ProfileChunk') continue;
    const c = e.args?.data?.cpuProfile; if (!c) continue;
    for (const n of c.nodes || []) nodes.set(n.id, n);
    const deltas = e.args.data.timeDeltas || [];
    (c.samples || []).forEach((id, k) => {
      const ms = (deltas[k] || 0) / 1000;
      const n = nodes.get(id); if (!n) return;
      const name = n.callFrame.functionName || '(anon)';
      self[name] = (self[name] || 0) + ms;
      const seen = new Set();
      for (let m = n; m; m = nodes.get(m.parent)) { const nm = m.callFrame.functionName || '(anon)'; if (!seen.has(nm)) { seen.add(nm); incl[nm] = (incl[nm] || 0) + ms; } }
    });
  }
  const top = (o) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v.toFixed(1)} ${k.slice(0, 160)}`).join('\n');
  console.log('--- self\n' + top(self));
  console.log('--- inclusive\n' + top(incl));
  await browser.close(); await server.stop(); process.exit(0);
}
if (process.argv[2] === 'zoom') {
  // The bench's `zoom at 33%`: Fit, 100 %, five steps out, then 30 ctrl+wheel steps.
  await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('F'); await page.keyboard.press('0');
  for (let i = 0; i < 5; i++) await page.keyboard.press('-');
  await page.waitForTimeout(300);
  await traceGesture(async () => {
    await page.mouse.move(cx, cy); await page.keyboard.down('Control');
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i < 15 ? 20 : -20);
    await page.keyboard.up('Control');
  });
}
if (process.argv[2] === 'panfit') {
  // The bench's `pan at fit`: the whole design in view (the overview), a 90-move drag.
  await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('F'); await page.waitForTimeout(500);
  await traceGesture(async () => {
    await page.mouse.move(cx, cy); await page.mouse.down();
    for (let i = 0; i < 90; i++) await page.mouse.move(cx - i * 6, cy - i * 3);
    await page.mouse.up();
  });
}
if (process.argv[2] === 'pan') {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'] });
  await page.mouse.move(cx, cy); await page.mouse.down();
  for (let i = 0; i < 60; i++) await page.mouse.move(cx - i * 6, cy - i * 3);
  await page.mouse.up();
  const buf = await browser.stopTracing();
  mkdirSync('/tmp/prof', { recursive: true });
  writeFileSync('/tmp/prof/trace.json', buf);
  const ev = JSON.parse(buf.toString()).traceEvents;
  const names = {}; for (const e of ev) if (e.name === 'thread_name' && e.args?.name === 'CrRendererMain') names[`${e.pid}:${e.tid}`] = 1;
  const agg = {}; for (const e of ev) { if (!names[`${e.pid}:${e.tid}`] || e.ph !== 'X' || !e.dur) continue; agg[e.name] = (agg[e.name] || 0) + e.dur / 1000; }
  console.log(Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('\n'));
  const counts = await page.evaluate(() => ({ all: document.querySelectorAll('*').length, cards: document.querySelectorAll('g.card').length, edges: document.querySelectorAll('g.edges > *').length, text: document.querySelectorAll('text').length }));
  console.log(JSON.stringify(counts));
  await browser.close(); await server.stop(); process.exit(0);
}
const mode = process.argv[2] || 'all';
await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'] });
const t0 = Date.now();
if (mode !== 'typeonly') { await page.getByTestId('tab-changes').click(); await page.getByTestId('tab-table').click(); }
await nameInput.click(); await page.keyboard.press('End');
let typed = 0;
while (Date.now() < t0 + 2000) {
  await page.keyboard.type('x'); typed++;
  if (mode !== 'typeonly') { await page.mouse.move(cx, cy); await page.mouse.wheel(12, 6); }
  if (typed % 10 === 0) { await page.keyboard.press('Enter'); await nameInput.click(); await page.keyboard.press('End'); }
}
const buf = await browser.stopTracing();
mkdirSync('/tmp/prof', { recursive: true });
  writeFileSync('/tmp/prof/trace.json', buf);
const trace = JSON.parse(buf.toString());
const events = trace.traceEvents || trace;
// main thread: the renderer's CrRendererMain
const names = {}; for (const e of events) if (e.name === 'thread_name' && e.args?.name === 'CrRendererMain') names[`${e.pid}:${e.tid}`] = 1;
const agg = {}; const tasks = [];
for (const e of events) {
  if (!names[`${e.pid}:${e.tid}`] || e.ph !== 'X' || !e.dur) continue;
  if (e.name === 'RunTask') tasks.push(e);
  agg[e.name] = (agg[e.name] || 0) + e.dur / 1000;
}
tasks.sort((a, b) => b.dur - a.dur);
console.log('typed', typed, 'long tasks (ms):', tasks.slice(0, 15).map((t) => (t.dur / 1000).toFixed(1)).join(' '));
// For the 5 longest tasks: which child events
for (const t of tasks.slice(0, 6)) {
  const kids = {};
  for (const e of events) { if (names[`${e.pid}:${e.tid}`] && e.ph === 'X' && e.ts >= t.ts && e.ts + (e.dur||0) <= t.ts + t.dur && e !== t && e.dur > 300) kids[e.name] = (kids[e.name] || 0) + e.dur / 1000; }
  console.log((t.dur / 1000).toFixed(1), JSON.stringify(Object.fromEntries(Object.entries(kids).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => [k, +v.toFixed(1)]))));
}
console.log(Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('\n'));
await browser.close(); await server.stop();
