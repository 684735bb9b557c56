// A generated design opened in the designer, for the profiling aids in bench/: the project's
// `generate` example writes a tables x columns design, seeded as the browser's draft on the
// first load, and the page is returned once the canvas has drawn it and the engine is up.
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser } from './harness.mjs';

export async function openGeneratedDesign(tables = 1000, columns = 15) {
  const json = execFileSync(process.env.JOINERY_GENERATE, [String(tables), String(columns)], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const server = await startServer();
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((draft) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('joinery.draft.v1', draft); sessionStorage.setItem('seeded', '1'); } }, json);
  const page = await context.newPage();
  await page.goto(server.loginLink());
  await page.waitForSelector('g.card, path.overview-cards', { timeout: 120000 });
  await page.waitForFunction(() => { const s = document.querySelector('[data-engine]'); return !s || s.dataset.engine === 'ready'; }, null, { timeout: 120000 });
  return { server, browser, context, page };
}
