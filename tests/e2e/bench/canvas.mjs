// Canvas performance benchmark (a script, not a timed test): loads a generated 1,000-table x
// 15-column schema into the designer in headless Chromium, then pans, zooms and drags for a few
// seconds while recording frame times with requestAnimationFrame, and types into a column name
// while panning as the engine worker plans the whole design. Prints p50/p95 frame time,
// time to first render and to the engine worker being ready (the demo, then the 1,000 tables),
// and the transfer sizes as the server sends them (first load and engine worker, br and gzip).
//
// Run with `cargo xtask bench-ui [-- tables columns]`.
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, screenshot } from '../lib/harness.mjs';
import { transferReport, kib } from '../lib/transfer.mjs';

const [tables = 1000, columns = 15] = process.argv.slice(2).map(Number);
const generator = process.env.JOINERY_GENERATE;
const json = execFileSync(generator, [String(tables), String(columns)], { encoding: 'utf8', maxBuffer: 1 << 30 });

const server = await startServer();
const browser = await launchBrowser();

// The demo on a first visit (fresh profile, nothing cached): first render, then the engine. Its
// own server, so the project it creates does not replace the 1,000-table draft below.
const demoServer = await startServer();
const demoContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
// The page's own clock as well: from the start of the navigation (the sign-in redirect
// included) to the frame after the first card is in the document, without Playwright's round
// trips (its goto and polling add tens of milliseconds to the wall-clock figure).
await demoContext.addInitScript(() => {
  new MutationObserver((_, observer) => {
    if (!document.querySelector('g.card')) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__firstRender = performance.now(); }));
  }).observe(document, { childList: true, subtree: true });
});
const demoPage = await demoContext.newPage();
const d0 = Date.now();
await demoPage.goto(demoServer.loginLink());
await demoPage.waitForSelector('g.card', { timeout: 120000 });
await demoPage.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const demoFirstRender = Date.now() - d0;
const demoInPage = Math.round(await demoPage.waitForFunction(() => window.__firstRender).then((h) => h.jsonValue()));
// (A build without the worker has its engine on the main thread: ready at first render.)
const engineReadyIn = (p) => p.waitForFunction(() => {
  const shell = document.querySelector('[data-engine]');
  return !shell || shell.dataset.engine === 'ready';
}, null, { timeout: 120000 });
await engineReadyIn(demoPage);
const demoEngineReady = Date.now() - d0;
await demoContext.close();
await demoServer.stop();
console.log(`demo: first render ${demoFirstRender} ms (in page ${demoInPage} ms), engine ready ${demoEngineReady} ms`);

const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
await context.addInitScript((draft) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('joinery.draft.v1', draft); sessionStorage.setItem('seeded', '1'); } }, json);
const page = await context.newPage();

const t0 = Date.now();
await page.goto(server.loginLink());
await page.waitForSelector('g.card, path.overview-cards', { timeout: 120000 });
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const firstRender = Date.now() - t0;
await engineReadyIn(page);
const engineReady = Date.now() - t0;
console.log(`${tables} tables: first render ${firstRender} ms, engine ready ${engineReady} ms`);
const cardsAtFit = await page.locator('g.card').count();
const overviewAtFit = await page.locator('path.overview-cards').count() > 0;

const SETTLE_TAIL_MS = 250;

async function measure(label, action) {
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => { window.__frames.push(now - last); last = now; if (window.__recording) requestAnimationFrame(tick); };
    window.__recording = true;
    requestAnimationFrame(tick);
  });
  await action();
  // The frames just after the gesture count too: the canvas is drawn again, sharp and where
  // the view is, once the view has been still for 150 ms.
  await page.waitForTimeout(SETTLE_TAIL_MS);
  const frames = await page.evaluate(() => { window.__recording = false; return window.__frames.slice(1); });
  frames.sort((a, b) => a - b);
  const pct = (p) => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))];
  // Frames later than one and a half refresh intervals: at 60 Hz a frame is 16.7 ms give or
  // take the timer's jitter, so p95 = 16.8 means no frame was missed at the 95th percentile.
  const late = frames.filter((f) => f > 25).length;
  return { label, frames: frames.length, p50: pct(0.5), p95: pct(0.95), max: frames[frames.length - 1], late };
}

const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
const cx = canvas.x + canvas.width / 2;
const cy = canvas.y + canvas.height / 2;
const results = [];
const panDrag = (label) => measure(label, async () => {
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 90; i++) await page.mouse.move(cx - i * 6, cy - i * 3);
  await page.mouse.up();
});
// Whole diagram in view: every card rendered (compact, without rows) and every line.
results.push(await panDrag('pan at fit (all cards)'));
results.push(await measure('zoom at fit (ctrl+wheel)', async () => {
  await page.mouse.move(cx, cy);
  await page.keyboard.down('Control');
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i < 15 ? -40 : 40);
  await page.keyboard.up('Control');
}));
// Working zoom: 100% (key 0, about the middle of the view, after Fit), centred on the diagram.
await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
await page.keyboard.press('F');
await page.keyboard.press('0');
await page.waitForTimeout(300);
const cardsAtWork = await page.locator('g.card').count();
results.push(await panDrag('pan at 100%'));
results.push(await measure('pan at 100% (wheel)', async () => {
  for (let i = 0; i < 60; i++) await page.mouse.wheel(20, 30);
}));
results.push(await measure('zoom at 100% (ctrl+wheel)', async () => {
  await page.keyboard.down('Control');
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i < 15 ? 60 : -60);
  await page.keyboard.up('Control');
}));
results.push(await measure('drag a table at 100%', async () => {
  const card = page.locator('g.card .card-header').first();
  const box = await card.boundingBox();
  await page.mouse.move(box.x + 20, box.y + 8);
  await page.mouse.down();
  for (let i = 0; i < 90; i++) await page.mouse.move(box.x + 20 + i * 4, box.y + 8 + i * 2);
  await page.mouse.up();
}));
await screenshot(page, 'bench-1000-tables');
// Between overview and detail (22-45%): compact cards, many of them in view.
await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
await page.keyboard.press('F');
await page.keyboard.press('0');
for (let i = 0; i < 5; i++) await page.keyboard.press('-');
await page.waitForTimeout(300);
const zoomMid = await page.getByTestId('zoom-level').textContent();
const cardsAtMid = await page.locator('g.card').count();
results.push(await panDrag(`pan at ${zoomMid}`));
results.push(await measure(`zoom at ${zoomMid} (ctrl+wheel)`, async () => {
  await page.mouse.move(cx, cy);
  await page.keyboard.down('Control');
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i < 15 ? 20 : -20);
  await page.keyboard.up('Control');
}));
await screenshot(page, 'bench-1000-tables-mid-zoom');

// Typing into a column name and panning while the engine plans the whole design (diff + plan of
// 1,000 tables from an empty database, in the worker): the main thread must not wait for it.
await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
await page.keyboard.press('F');
await page.keyboard.press('0');
await page.waitForTimeout(300);
// A card whose header is in view (the first in the DOM may be culled or off screen).
const headers = page.locator('g.card .card-header');
let headerBox = null;
for (let i = 0, n = await headers.count(); i < n && !headerBox; i++) {
  const b = await headers.nth(i).boundingBox();
  if (b && b.x > canvas.x + 10 && b.y > canvas.y + 10 && b.x + 40 < canvas.x + canvas.width && b.y + 20 < canvas.y + canvas.height) headerBox = b;
}
if (!headerBox) throw new Error('no card header in view at 100%');
await page.mouse.click(headerBox.x + 20, headerBox.y + 8);
await page.getByTestId('tab-table').click();
const nameInput = page.locator('[data-testid="column-row"] input.col-name-input').first();
await nameInput.waitFor({ timeout: 60000 });
// How long one such plan takes: the Changes tab plans when it opens and says when it is done.
const planStart = Date.now();
await page.getByTestId('tab-changes').click();
await page.waitForSelector('[data-testid="changes-panel"][aria-busy="false"]', { timeout: 600000 });
const planMs = Date.now() - planStart;
await page.getByTestId('tab-table').click();
await nameInput.waitFor({ timeout: 60000 });
let typed = 0;
const typingStart = Date.now();
results.push(await measure('type + pan while planning', async () => {
  // Opening the Changes tab sends a new plan of the whole design; back on the Table tab the
  // worker keeps planning while we type (each Enter renames the column: an edit, so the
  // validation also runs in the worker) and pan with the wheel.
  await page.getByTestId('tab-changes').click();
  await page.getByTestId('tab-table').click();
  await nameInput.click();
  await page.keyboard.press('End');
  const until = Date.now() + Math.max(1000, planMs * 0.8);
  while (Date.now() < until) {
    await page.keyboard.type('x');
    typed++;
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(12, 6);
    if (typed % 10 === 0) {
      await page.keyboard.press('Enter');
      await nameInput.click();
      await page.keyboard.press('End');
    }
  }
}));
const typingMs = Date.now() - typingStart;
const columnName = await nameInput.inputValue();

const transfer = await transferReport(server.url);

console.log(`\nCanvas benchmark: ${tables} tables x ${columns} columns (headless Chromium 1280x800, --disable-gpu)`);
console.log(`demo: first render ${demoFirstRender} ms wall clock, ${demoInPage} ms by the page's clock from navigation start; engine ready ${demoEngineReady} ms (fresh profile: page load + wasm start + first paint; the worker loads after)`);
console.log(`${tables} tables: first render ${firstRender} ms (page load + wasm start + JSON parse + first paint), engine ready ${engineReady} ms`);
console.log(`at fit: ${overviewAtFit ? 'overview mode (cards and lines as 3 paths)' : `${cardsAtFit} card elements`}; at 100%: ${cardsAtWork} card elements (culling); at ${zoomMid}: ${cardsAtMid}`);
console.log(`engine: one plan of the ${tables}-table design (from an empty database) ${planMs} ms; typed ${typed} characters (column now ${columnName.length} long) and panned for ${typingMs} ms while the next one ran`);
for (const r of results) console.log(`${r.label.padEnd(24)} frames=${String(r.frames).padStart(4)}  p50=${r.p50.toFixed(1)} ms  p95=${r.p95.toFixed(1)} ms  max=${r.max.toFixed(1)} ms  missed=${r.late}`);
for (const e of ['br', 'gzip']) {
  const { first, worker } = transfer[e];
  const parts = first.files.map((f) => `${f.path.replace(/^\//, '') || 'index.html'} ${(f.bytes / 1024).toFixed(1)}`).join(', ');
  console.log(`transfer (${e}, as served): first load ${kib(first.total)} [${parts}]; engine worker ${kib(worker.total)} (loaded after first render)`);
}

await context.close();
await browser.close();
await server.stop();
