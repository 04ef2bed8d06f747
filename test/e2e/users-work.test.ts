// Issue 20: the user's work at the edges, in the real viewer. 10 rectangles pending (autoSaveMode
// DISABLED holds them) when the token endpoint says 401 and when the session unloads the viewer:
// afterwards the engine holds all 10. The control: the SDK's own unload drops pending changes
// without a word, so the library's save is what keeps them. And the legacy pspdfkit package with
// instant: false (its REST provider, now served by the stand-in) through swaps: every rectangle
// reaches the engine and every viewer shows them all. The rules themselves (bounded save, counts
// in events, read-only, the adapters) are unit-tested with fakes: test/unit/users-work*.test.ts.
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './support/harness';
import { useSharedBrowser } from './support/shared-browser';
import { SessionPage, sleep, storedAnnotationIds } from './support/session-page';

const shared = useSharedBrowser(600);
let harness: Harness;
let browser: Browser;
beforeAll(() => ({ harness, browser } = shared));

/** Draws 10 rectangles that stay pending (autosave off); returns their ids. */
async function drawTenPending(page: SessionPage, first: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = first; n < first + 10; n++) ids.push(await page.startRectangle(0, n % 40));
  expect(await page.page.evaluate(() => window.__e2e!.hasUnsavedChanges())).toBe(true);
  expect(await storedAnnotationIds(harness)).not.toEqual(expect.arrayContaining(ids));
  return ids;
}

describe("the user's work at an end (SDK 1.22, instant off, autosave off)", () => {
  it('a 401 from the token endpoint: the 10 pending reach the engine before `ended`; the viewer turns read-only, and editable after renew()', async () => {
    const page = await SessionPage.open(browser, harness, { autoSaveDisabled: true });
    expect(await page.status()).toMatchObject({ status: 'loaded' });
    const ids = await drawTenPending(page, 0);
    harness.standIn.faults.queueTokenFault({ mode: '401', count: 1 });
    await page.page.evaluate(() => window.__e2e!.session!.renew().catch(() => {}));
    const [ended] = await page.waitForEvents('ended', 1);
    expect(ended).toMatchObject({ unsavedChanges: 0 });
    expect(await storedAnnotationIds(harness)).toEqual(expect.arrayContaining(ids));
    expect(await page.eventsOf('save-failed')).toEqual([]);
    expect(await page.page.evaluate(() => window.__e2e!.readOnly())).toBe(true);
    await page.page.evaluate(() => window.__e2e!.session!.renew());
    expect(await page.page.evaluate(() => window.__e2e!.readOnly())).toBe(false);
    expect(await page.neverReloaded()).toBe(true);
  });

  it('session.unload() saves the 10 pending first; the SDK’s own unload (the control) drops them', async () => {
    const saved = await SessionPage.open(browser, harness, { autoSaveDisabled: true });
    const kept = await drawTenPending(saved, 10);
    await saved.page.evaluate(() => window.__e2e!.session!.unload());
    expect(await saved.page.locator('#viewer').evaluate((element) => element.childElementCount)).toBe(0);
    expect(await storedAnnotationIds(harness)).toEqual(expect.arrayContaining(kept));

    const bare = await SessionPage.open(browser, harness, { autoSaveDisabled: true });
    const dropped = await drawTenPending(bare, 20);
    await bare.page.evaluate(() => window.__e2e!.unloadBare());
    await sleep(1_000);
    const stored = await storedAnnotationIds(harness);
    expect(dropped.filter((id) => stored.includes(id))).toEqual([]);
  });
});

describe('pspdfkit 2024.8.2 with instant: false (REST annotations)', () => {
  it('draws across two swaps: the engine holds every rectangle, every viewer shows them all, no annotation errors', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`${error.name}: ${error.message}`));
    page.on('console', (message) => message.text().includes('annotations failed') && problems.push(message.text()));
    const { standIn } = harness;
    const query = new URLSearchParams({ sdk: '2024.8.2', engine: standIn.engineUrl, document: standIn.documentId, method: 'swap', instant: '0' });
    await page.goto(`${harness.pageOrigin}/swap-e2e.html?${query}`, { timeout: 120_000, waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.__swap?.status !== 'loading', undefined, { timeout: 120_000 });
    expect(await page.evaluate(() => [window.__swap!.status, window.__swap!.loadError])).toEqual(['loaded', undefined]);
    const since = standIn.log.lastSeq;
    const drawn: string[] = [];
    const draw = async (from: number) => {
      for (let n = from; n < from + 5; n++) drawn.push(await page.evaluate((i) => window.__swap!.drawRectangle(0, i), n));
    };
    await draw(0);
    await page.evaluate(() => window.__swap!.handOver());
    await draw(5);
    await page.evaluate(() => window.__swap!.handOver());
    await draw(10);
    expect(await swaps(page)).toBe(2);
    // Saved by the REST provider's own autosave, and by the swap before it lets a viewer go.
    await expect.poll(() => storedAnnotationIds(harness), { timeout: 30_000 }).toEqual(expect.arrayContaining(drawn));
    expect(await page.evaluate(() => window.__swap!.annotationIds())).toEqual(expect.arrayContaining(drawn));
    expect(problems).toEqual([]);
    // Through the REST routes, not Instant sync: the viewers read pages' annotations and wrote each one.
    expect(standIn.log.count({ since, path: /\/page-0-annotations$/, status: 200 })).toBeGreaterThanOrEqual(2); // each swap's new viewer
    expect(standIn.log.count({ since, path: /\/annotations$/, status: 200 })).toBeGreaterThanOrEqual(drawn.length);
    expect(standIn.log.count({ since, path: /\/sync$/ })).toBe(0);
    // Issue 22 item 10: a dropdown of the annotation toolbar used just before an unload of ours. The
    // SDK's late screen-reader status timers threw `TypeError: e.createElement is not a function` on
    // the page (docs/sdk-behaviour.md, "Unload noise, second kind"); the library leaves them their element.
    await page.evaluate(() => window.__swap!.setTool('SHAPE_RECTANGLE'));
    await page.mouse.move(400, 300);
    await page.mouse.down();
    await page.mouse.move(500, 380, { steps: 10 });
    await page.mouse.up();
    await page.locator('#viewer button[title="Line Style"]:visible').click();
    await page.locator('#viewer .PSPDFKit-Annotation-Toolbar .PSPDFKit-Input-Dropdown-Button:visible').click();
    await page.keyboard.press('ArrowDown');
    await page.evaluate(() => window.__swap!.unload());
    await sleep(1_000); // the SDK's timers run 200 and 700 ms after the last change of the dropdown
    expect(problems).toEqual([]);
  });
});

describe('pspdfkit 2024.8.2 with instant: false, under chaos', () => {
  // SDK DEFECT found here (docs/sdk-behaviour.md): pspdfkit's REST provider drops a change whose
  // write fails (engine unreachable) and reports nothing unsaved (hasUnsavedChanges() false, no
  // event), so neither the swap's save nor the session's sees it; the next viewer loads without it.
  // The test holds the SDK to that, so a fixed SDK shows up here; everything else must survive.
  it('draws through swaps while the token endpoint fails and hangs and sessions expire: every rectangle shown, and at the engine after the end', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const { standIn } = harness;
    const { faults } = standIn;
    const query = new URLSearchParams({ sdk: '2024.8.2', engine: standIn.engineUrl, document: standIn.documentId, method: 'swap', instant: '0' });
    await page.goto(`${harness.pageOrigin}/swap-e2e.html?${query}`, { timeout: 120_000, waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.__swap?.status !== 'loading', undefined, { timeout: 120_000 });
    const drawn: string[] = [];
    const duringOutage: string[] = [];
    const draw = async (from: number, into = drawn) => {
      for (let n = from; n < from + 3; n++) into.push(await page.evaluate((i) => window.__swap!.drawRectangle(0, i), n));
    };
    const handOver = () => page.evaluate(() => window.__swap!.handOver());
    let unsavedInOutage: unknown;
    try {
      await draw(20);
      faults.queueTokenFault({ mode: '503', count: 2 });
      await handOver(); // retried past the 503s
      await draw(23);
      // Saved before the outage: a write the outage fails is the SDK defect above (on a loaded machine
      // the last of these was still being written when the engine went down, and was dropped).
      await expect.poll(async () => { const stored = await storedAnnotationIds(harness); return drawn.filter((id) => !stored.includes(id)); }, { timeout: 30_000 }).toEqual([]);
      await faults.engineDown();
      await draw(26, duringOutage);
      await sleep(1_000);
      unsavedInOutage = await page.evaluate(() => window.__swap!.unsaved());
      await faults.engineUp();
      await handOver();
      faults.expireSessions();
      await handOver(); // the old viewer's session is gone: the new viewer brings a fresh one
      await draw(29);
      faults.queueTokenFault({ mode: 'hang', count: 1 });
      await handOver(); // the hung request times out, the retry gets the token
      await draw(32);
    } finally {
      await faults.engineUp();
      faults.clearTokenFaults();
    }
    expect(await swaps(page)).toBeGreaterThanOrEqual(4);
    expect(await page.evaluate(() => window.__swap!.annotationIds())).toEqual(expect.arrayContaining(drawn));
    await page.evaluate(() => window.__swap!.unload());
    const failed = await page.evaluate(() => window.__swap!.events.filter((event) => event.type === 'save-failed'));
    expect(failed).toEqual([]);
    const stored = await storedAnnotationIds(harness);
    expect(stored).toEqual(expect.arrayContaining(drawn));
    // The SDK defect above: dropped, and said to be saved.
    expect(unsavedInOutage).toEqual({ viewer: false, session: 0 });
    expect(duringOutage.filter((id) => stored.includes(id))).toEqual([]);
  });
});

const swaps = (page: Page) => page.evaluate(() => window.__swap!.events.filter((event) => event.type === 'renewed' && event.method === 'swap').length);
