// A profiling aid, not a test or a benchmark (nothing runs it): the bench's `zoom at 33%` gesture
// (Fit, 100 %, five steps out, then 30 ctrl+wheel steps through the overview and back), repeated
// RUNS times (default 3) in one page, printing each run's frame count, missed frames (over 25 ms)
// and p95; with VERBOSE=1 every frame's time, zoom, mounted cards, mounted lines, overview titles
// and whether the overview is drawn (counting elements every frame slows the frames a little).
// Usage, from tests/e2e after `cargo xtask bench-ui`:
//   JOINERY_BIN=../../target/release/joinery JOINERY_UI_DIR=../../dist \
//   JOINERY_GENERATE=../../target/release/examples/generate [RUNS=5] [VERBOSE=1] node bench/zoom_frames.mjs
import { openGeneratedDesign } from '../lib/generated.mjs';
const { server, browser, context, page } = await openGeneratedDesign();
const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
const cx = canvas.x + canvas.width / 2, cy = canvas.y + canvas.height / 2;
const runs = Number(process.env.RUNS || 3);
for (let run = 0; run < runs; run++) {
  await page.locator('[data-testid="canvas"]').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('F');
  await page.keyboard.press('0');
  for (let i = 0; i < 5; i++) await page.keyboard.press('-');
  await page.waitForTimeout(500);
  await page.evaluate((verbose) => {
    window.__f = [];
    let last = performance.now();
    const tick = (now) => {
      window.__f.push(verbose ? [now - last, document.querySelector('[data-testid="zoom-level"]').textContent,
        document.querySelectorAll('g.card').length, document.querySelectorAll('g.relationship').length,
        document.querySelectorAll('.overview-title').length, document.querySelectorAll('path.overview-cards').length] : [now - last]);
      last = now; if (window.__rec) requestAnimationFrame(tick);
    };
    window.__rec = true; requestAnimationFrame(tick);
  }, !!process.env.VERBOSE);
  await page.mouse.move(cx, cy);
  await page.keyboard.down('Control');
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, i < 15 ? 20 : -20);
  await page.keyboard.up('Control');
  const f = await page.evaluate(() => { window.__rec = false; return window.__f.slice(1); });
  const slow = f.filter((x) => x[0] > 25).length;
  const sorted = f.map((x) => x[0]).sort((a, b) => a - b);
  console.log(`run ${run}: frames=${f.length} missed=${slow} p95=${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)}`);
  if (process.env.VERBOSE) f.forEach((x, i) => { if (process.env.VERBOSE || x[0] > 25 || (i > 0 && f[i - 1][0] > 25)) console.log(i, x.map((v) => typeof v === 'number' ? Math.round(v * 10) / 10 : v).join(' ')); });
}
await context.close(); await browser.close(); await server.stop();
