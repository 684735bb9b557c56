// One signed-in browser session per test file, for the files that need nothing else: kept apart
// from harness.mjs, which the canvas benchmark imports outside the test runner.
import { before, after } from 'node:test';
import { startServer, launchBrowser, openPage } from './harness.mjs';

/// Registers `before`/`after` hooks that start a server, a browser and a signed-in page (canvas
/// shown), and returns the object the tests read them from: `s.page`, `s.errors`, `s.server`.
export function useSession(options = {}) {
  const s = {};
  before(async () => {
    s.server = await startServer();
    s.browser = await launchBrowser();
    Object.assign(s, await openPage(s.browser, s.server, options));
    await s.page.waitForSelector('[data-testid="canvas"]', { timeout: 30000 });
  });
  after(async () => {
    await s.context?.close();
    await s.browser?.close();
    await s.server?.stop();
  });
  return s;
}
