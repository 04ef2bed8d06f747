// Issues 13 and 22: SDKs without setSession (@nutrient-sdk/viewer 1.12.0, pspdfkit 2024.8.2) through the library,
// on short tokens: every renewal swaps in a second viewer while a scripted user pages, zooms, scrolls
// with the wheel, draws with the mouse and types, both SDKs at once. Every frame is checked for a
// blank viewer on top; after each switch the view is the one the old viewer showed in its last frame;
// whatever was drawn or typed reaches the engine and is shown; settings made at run time (rotation,
// two-page layout, a toolbar item, the author) and keyboard focus are carried over; the app's own
// unload(container) ends the session. What only a real browser proves: the real SDKs' pointer and
// editor handling against the pause detector, real drawing, real focus. When to swap, and starting
// over after a change, are proven with fakes in test/unit/viewer-swap.test.ts and renewer-swap.test.ts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect as expectOutside, it, type ExpectStatic } from 'vitest';
import type { SwapE2eEvent } from '../../demo/swap-e2e-api';
import type { ReplaceMethod } from '../../src/session/events';
import type { ViewSnapshot } from '../../src/viewer/view-snapshot';
import { NEEDS_INSTANT, SWAP_SDK_VERSIONS } from '../../demo/vite/sdk-versions';
import { launchChromium } from './support/chromium';
import { type Harness, startHarness } from './support/harness';
import { pixelStats } from './support/pixels';
import { sleep } from './support/session-page';

const TOKEN_SECONDS = 13;
const SWAPS = 30;
const AUTHOR = 'Alice Swap';
let harness: Harness;
let browser: Browser;
beforeAll(async () => {
  [harness, browser] = await Promise.all([startHarness({ tokenLifetimeSec: TOKEN_SECONDS }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

async function openSwapPage(version: string, method: ReplaceMethod, expect: ExpectStatic = expectOutside) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
  const { standIn } = harness;
  const instant = NEEDS_INSTANT.includes(version) ? '1' : '0';
  const query = new URLSearchParams({ sdk: version, engine: standIn.engineUrl, document: standIn.documentId, method, instant });
  await page.goto(`${harness.pageOrigin}/swap-e2e.html?${query}`, { timeout: 120_000, waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.__swap?.status !== 'loading', undefined, { timeout: 120_000 });
  expect(await page.evaluate(() => [window.__swap!.status, window.__swap!.loadError])).toEqual(['loaded', undefined]);
  return { page, pageErrors, close: () => context.close() };
}

const events = (page: Page): Promise<SwapE2eEvent[]> => page.evaluate(() => window.__swap!.events);
const count = async (page: Page, type: string) => (await events(page)).filter((event) => event.type === type).length;

/** Waits for the `n`th event of `type`. */
async function waitForEvent(page: Page, type: string, n: number, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await count(page, type)) < n) {
    if (Date.now() > deadline) throw new Error(`no ${type} event #${n}: ${JSON.stringify(await events(page))}`);
    await sleep(50);
  }
}

/** The engine's annotations (Instant JSON), by id. */
async function stored(): Promise<Map<string, { type: string; creatorName?: string; text?: string | { value?: string } }>> {
  const response = await fetch(`${harness.standIn.controlUrl}/admin/annotations`);
  const body = (await response.json()) as { annotations?: { id: string; type: string; creatorName?: string; text?: string | { value?: string } }[] };
  return new Map((body.annotations ?? []).map((annotation) => [annotation.id, annotation]));
}
const textOf = (annotation: { text?: string | { value?: string } } | undefined) =>
  typeof annotation?.text === 'string' ? annotation.text : (annotation?.text?.value ?? '');

/** A rectangle drawn with the real mouse: press, drag for about 0.3 s, release. */
async function drag(page: Page, n: number) {
  await page.keyboard.press('Escape'); // nothing selected: a press on a selected shape would move it
  await page.evaluate(() => window.__swap!.setTool('SHAPE_RECTANGLE'));
  const [x, y] = [380 + (n % 5) * 40, 260 + (n % 7) * 35];
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let step = 1; step <= 6; step++) {
    await page.mouse.move(x + step * 9, y + step * 7);
    await sleep(50);
  }
  await page.mouse.up();
}

/** Opens a text annotation with the text tool (a click on the page); false when no editor opened (the click hit something else). */
async function openTextEditor(page: Page, n: number): Promise<boolean> {
  await page.keyboard.press('Escape'); // deselects the shape just drawn: a click would only deselect it
  await page.evaluate(() => window.__swap!.setTool('TEXT'));
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.mouse.click(400 + ((n + attempt) % 4) * 35, 520 - ((n + attempt) % 5) * 35);
    const opened = await page
      .waitForFunction(() => {
        let active: Element | null = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return !!active && (active as HTMLElement).isContentEditable;
      }, undefined, { timeout: 2_000, polling: 50 })
      .then(() => true, () => false);
    if (opened) return true;
  }
  return false;
}

/** What the user does with the view between drawings. */
const moves: ((page: Page) => Promise<unknown>)[] = [
  (page) => page.evaluate(() => window.__swap!.goToPage(1)),
  (page) => page.evaluate(() => window.__swap!.zoomTo(1.4)),
  async (page) => {
    await page.evaluate(() => window.__swap!.setTool(null));
    await page.mouse.move(500, 400);
    for (let step = 0; step < 4; step++) await page.mouse.wheel(0, 120); // continuous wheel scrolling
  },
  (page) => page.evaluate(() => window.__swap!.goToPage(2)),
  (page) => page.evaluate(() => window.__swap!.zoomTo(1)),
  (page) => page.evaluate(() => window.__swap!.goToPage(0)),
];

/** Same zoom and scroll (the page is where it scrolls to: in the two-page layout pages 0 and 1 are one spread). */
const sameView = (before: ViewSnapshot, after: ViewSnapshot) =>
  Math.abs((before.zoomLevel ?? 0) - (after.zoomLevel ?? 0)) < 0.01 &&
  Math.abs(before.scroll!.top - after.scroll!.top) <= 2 &&
  Math.abs(before.scroll!.left - after.scroll!.left) <= 2;

describe('a scripted user across 30 swaps per SDK', () => {
  it.concurrent.for(SWAP_SDK_VERSIONS)('%s: no blank frame, nothing drawn or typed lost, the view, settings and focus carried over, the app can unload', { timeout: 290_000 }, async (version, { expect }) => {
    const { page, pageErrors, close } = await openSwapPage(version, 'swap', expect);
    try {
      const { log } = harness.standIn;
      const since = log.lastSeq;
      await page.evaluate((author) => window.__swap!.changeSettings(author), AUTHOR);
      const settingsBefore = await page.evaluate(() => window.__swap!.settings());
      expect(settingsBefore).toMatchObject({ pagesRotation: 90, layoutMode: 'DOUBLE' });
      const reference = await pixelStats(await page.screenshot());
      const typed: { text: string; forced: boolean }[] = [];
      const focusChecks: string[] = [];
      let screenshots = 0;
      for (let round = 0; (await count(page, 'instance')) < SWAPS; round++) {
        const swapsSoFar = await count(page, 'instance');
        if (round % 10 === 4) {
          // Typing across a forced swap: the editor opens as a swap starts and the user types on until
          // the switch (the swap waits for a pause until the token runs short, then commits the text).
          await waitForEvent(page, 'renewing', swapsSoFar + 2);
          if (!(await openTextEditor(page, round))) continue;
          let text = '';
          while ((await count(page, 'instance')) === swapsSoFar && text.length < 400) {
            const word = `w${text.length} `;
            await page.keyboard.type(word, { delay: 15 });
            text += word;
          }
          if (text.trim()) typed.push({ text, forced: true }); // (the switch may come before the first key)
          expect(await page.evaluate(() => window.__swap!.focused())).not.toBe('body');
          continue;
        }
        if (round % 10 === 7) {
          // Focus on a toolbar button through a swap: it is on the same button in the new viewer.
          expect(await page.evaluate(() => window.__swap!.focusToolbarButton('Zoom In'))).toBe(true);
          await waitForEvent(page, 'instance', swapsSoFar + 1);
          focusChecks.push(await page.evaluate(() => window.__swap!.focused()));
          continue;
        }
        await moves[round % moves.length]!(page);
        await drag(page, round);
        if (round % 3 === 1 && (await openTextEditor(page, round))) {
          const text = `note ${round}`;
          await page.keyboard.type(text, { delay: 20 });
          await page.evaluate(() => window.__swap!.commitEditor()); // what a click elsewhere does (Escape would discard it)
          typed.push({ text, forced: false });
        }
        const shot = await pixelStats(await page.screenshot());
        screenshots++;
        expect(shot.distinctColors).toBeGreaterThan(4);
        expect(shot.luminanceStdDev).toBeGreaterThan(reference.luminanceStdDev * 0.3);
      }
      const swaps = await count(page, 'instance');
      const all = await events(page);
      expect(all.filter((event) => event.type === 'error')).toEqual([]);
      expect(new Set(all.filter((event) => event.type === 'renewed' && event.reason !== 'initial').map((event) => event.method))).toEqual(new Set(['swap']));
      // Every frame had a drawn page on top.
      const frames = await page.evaluate(() => ({ blank: window.__swap!.blankFrames, checked: window.__swap!.framesChecked, readOnly: window.__swap!.readOnlyFrames }));
      // The view the old viewer showed in its last frame is the new one's (unless input came in that very frame).
      const switches = await page.evaluate(() => window.__swap!.switches);
      const undone = switches.filter((entry) => entry.before && !entry.inputSinceFrame && !sameView(entry.before, entry.after));
      // Settings made at run time, focus.
      const settingsAfter = await page.evaluate(() => window.__swap!.settings());
      // Nothing drawn or typed lost: at the engine and on screen.
      const created = await page.evaluate(() => window.__swap!.created);
      await page.evaluate(() => window.__swap!.setTool(null));
      const missing = async () => {
        const engine = await stored();
        return created.filter((id) => !engine.has(id));
      };
      await expect.poll(missing, { timeout: 20_000 }).toEqual([]);
      const shown = new Set(await page.evaluate(() => window.__swap!.annotationIds()));
      const engine = await stored();
      const texts = [...engine.values()].filter((annotation) => annotation.type === 'pspdfkit/text').map(textOf);
      const authored = created.map((id) => engine.get(id)?.creatorName);
      console.log(
        `swap e2e ${version}: ${swaps} swaps, ${created.length} annotations made (${typed.length} typed), ${screenshots} screenshots, ` +
          `${frames.blank}/${frames.checked} blank frames, ${frames.readOnly} read-only frames, ${undone.length} views undone, focus after swaps: ${focusChecks.join(', ')}`,
      );
      expect(frames.checked).toBeGreaterThan(300);
      expect(frames.blank).toBe(0);
      expect(undone).toEqual([]);
      expect(created.length).toBeGreaterThanOrEqual(8);
      expect(typed.filter((entry) => entry.forced).length).toBeGreaterThanOrEqual(1);
      expect(typed.filter((entry) => !entry.forced).length).toBeGreaterThanOrEqual(4);
      expect(created.filter((id) => !shown.has(id))).toEqual([]);
      for (const { text, forced } of typed) {
        // A forced swap keeps what was typed before it committed the editor (what came after had no editor).
        const kept = texts.find((candidate) => (forced ? candidate.length > 0 && text.startsWith(candidate.trim()) : candidate === text));
        expect(kept, `typed ${JSON.stringify(text)}; the engine has ${JSON.stringify(texts)}`).toBeDefined();
      }
      expect(authored.filter((name) => name !== AUTHOR)).toEqual([]);
      expect(settingsAfter).toEqual(settingsBefore);
      expect(focusChecks).toEqual(focusChecks.map(() => 'Zoom In'));
      expect(log.count({ since, server: 'engine', status: (status) => status === 401 || status === 403 })).toBe(0);
      expect(await page.evaluate(() => window.__swap!.instanceFollows())).toBe(true);
      expect(await page.evaluate(() => document.querySelectorAll('#viewer > [data-viewer-slot]').length)).toBe(1);
      // The app's own unload of its container ends the session: no viewer left, no more renewals.
      expect(await page.evaluate(() => window.__swap!.appUnload('#viewer'))).toBe(true);
      expect(await page.evaluate(() => [window.__swap!.state(), document.querySelector('#viewer')!.children.length])).toEqual(['unloaded', 0]);
      const tokensThen = log.count({ since, kind: 'token' });
      await sleep(TOKEN_SECONDS * 1000);
      expect(log.count({ since, kind: 'token' })).toBe(tokensThen);
      expect(pageErrors).toEqual([]);
      expect(await page.evaluate(() => window.__swap!.errors)).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('a drawing finished on the old viewer after the new one has drawn', () => {
  beforeAll(() => harness.standIn.faults.configure({ tokenLifetimeSec: 30 })); // room to hold a gesture before the token runs short
  afterAll(() => harness.standIn.faults.configure({ tokenLifetimeSec: TOKEN_SECONDS }));

  it.concurrent.for(SWAP_SDK_VERSIONS)('%s: the swap waits for the gesture, the shape is created, saved and shown by the new viewer', async (version, { expect }) => {
    const { page, pageErrors, close } = await openSwapPage(version, 'swap', expect);
    try {
      await waitForEvent(page, 'renewing', 2);
      await page.evaluate(() => window.__swap!.setTool('SHAPE_RECTANGLE'));
      await page.mouse.move(450, 350);
      await page.mouse.down();
      // The second viewer has read the annotations and drawn its page: now the user finishes the shape in the first.
      await page.waitForFunction(() => {
        const slots = document.querySelectorAll('#viewer > [data-viewer-slot]');
        const root = slots.length === 2 ? slots[1]!.querySelector('.PSPDFKit-Container')?.shadowRoot : undefined;
        return !!root?.querySelector('.PSPDFKit-Page[data-page-is-loaded="true"] img');
      }, undefined, { timeout: 30_000, polling: 50 });
      expect(await count(page, 'instance')).toBe(0); // not while the button is down
      for (let step = 1; step <= 6; step++) {
        await page.mouse.move(450 + step * 15, 350 + step * 12);
        await sleep(50);
      }
      await page.mouse.up();
      await waitForEvent(page, 'instance', 1);
      const created = await page.evaluate(() => window.__swap!.created);
      expect(created.length).toBeGreaterThanOrEqual(1);
      await expect.poll(async () => { const engine = await stored(); return created.filter((id) => !engine.has(id)); }, { timeout: 20_000 }).toEqual([]);
      const shown = await page.evaluate(() => window.__swap!.annotationIds());
      expect(created.filter((id) => !shown.includes(id))).toEqual([]);
      expect((await events(page)).filter((event) => event.type === 'renewed' && event.reason !== 'initial')).toMatchObject([{ method: 'swap' }]);
      expect(pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});
