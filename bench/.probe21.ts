import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
const server = createServer((req, res) => {
  if (req.url?.startsWith('/slow')) { setTimeout(() => res.end('ok'), 600); return; }
  res.setHeader('content-type', 'text/html'); res.end('<html><body>probe</body></html>');
}).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as any).port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${port}/`);
const cdp = await page.context().newCDPSession(page);
for (const [freezeMs, timeoutMs] of [[3000, 1000], [3000, 1000], [3000, 2000]]) {
  await page.evaluate((timeoutMs) => {
    const w = window as any; w.order = []; w.ticks = 0; clearInterval(w.iv); w.iv = setInterval(() => w.ticks++, 100); const t0 = performance.now(); const d0 = Date.now();
    const controller = new AbortController();
    const timer = setTimeout(() => { w.order.push(['timeout', Math.round(performance.now() - t0), Date.now() - d0]); controller.abort(); }, timeoutMs);
    fetch('/slow?' + Math.random(), { signal: controller.signal }).then((r) => r.text()).then(
      () => { clearTimeout(timer); w.order.push(['response', Math.round(performance.now() - t0), Date.now() - d0]); },
      (e) => w.order.push(['aborted', String(e.name)]));
  }, timeoutMs);
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await new Promise((r) => setTimeout(r, freezeMs));
  const tickDuring = await page.evaluate(() => (window as any).ticks).catch((e) => 'eval failed ' + e);
  console.log('ticks while frozen (read via evaluate):', tickDuring);
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  await page.waitForFunction(() => (window as any).order.length > 0);
  await new Promise((r) => setTimeout(r, 200));
  console.log(`frozen ${freezeMs} ms, timeout ${timeoutMs} ms:`, JSON.stringify(await page.evaluate(() => (window as any).order)));
}
await browser.close(); server.close();
