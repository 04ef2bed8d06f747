// Issue 21, item 3: can headless Chromium show whether a proactive renewal in a long-hidden tab is
// delayed by timer throttling, by network throttling, or not at all? This probe tries every way
// CDP offers to make a page hidden or frozen and measures what each does to a 100 ms interval, an
// 80 ms response and a 1 s timeout raced against it. What it printed on Chromium 156 (headless):
//   visibility: visible (start), visible (another tab in front), visible (window minimized), visible (focus emulation off)
//   frozen 3 s (Page.setWebLifecycleState): ~30 interval ticks, the response at ~100 ms, no timeout
// so Chromium driven by Playwright keeps every page visible and does not freeze it: neither timer
// nor network throttling can be observed here. (Issue 23: the same with Playwright's throttling flags
// removed and headful under Xvfb. Driven directly over CDP without Playwright, bench/raw-chromium.ts,
// `--headless=new` Chromium hides a tab when another is activated and runs its 100 ms interval once a
// second: headline 8's hidden rows use that.) The simulation (bench/virtual-clock.ts) therefore follows Chrome's
// documented policy (developer.chrome.com/blog/timer-throttling-in-chrome-88): hidden pages align
// timers to 1 s, and chained timers to 1 min after 5 min hidden; loading (network) tasks are not
// throttled. Run: npx tsx bench/hidden-tab-probe.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchChromium } from '../test/e2e/support/chromium';

const server = createServer((request, response) => {
  if (request.url?.startsWith('/slow')) return void setTimeout(() => response.end('ok'), 80);
  response.setHeader('content-type', 'text/html');
  response.end('<!doctype html><title>probe</title>');
}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchChromium();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const cdp = await context.newCDPSession(page);
  const visibility = () => page.evaluate('document.visibilityState');
  const seen = [`${await visibility()} (start)`];
  const other = await context.newPage();
  await other.bringToFront();
  seen.push(`${await visibility()} (another tab in front)`);
  try {
    const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
    seen.push(`${await visibility()} (window minimized)`);
  } catch (error) {
    seen.push(`window not minimized: ${(error as Error).message}`);
  }
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  seen.push(`${await visibility()} (focus emulation off)`);
  console.log(`visibility: ${seen.join(', ')}`);

  // A string, not a function: tsx would add its __name helper, which the page does not have.
  await page.evaluate(`(() => {
    window.probe = { ticks: 0, order: [] };
    setInterval(() => window.probe.ticks++, 100);
    const started = performance.now();
    const controller = new AbortController();
    const timeout = setTimeout(() => { window.probe.order.push('timeout at ' + Math.round(performance.now() - started) + ' ms'); controller.abort(); }, 1000);
    fetch('/slow', { signal: controller.signal }).then((r) => r.text()).then(
      () => { clearTimeout(timeout); window.probe.order.push('response at ' + Math.round(performance.now() - started) + ' ms'); },
      () => {});
  })()`);
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  const probe = (await page.evaluate('window.probe')) as { ticks: number; order: string[] };
  console.log(`frozen 3 s (Page.setWebLifecycleState): ${probe.ticks} interval ticks, ${probe.order.join(', ') || 'nothing settled'}`);
} finally {
  await browser.close();
  server.close();
}
