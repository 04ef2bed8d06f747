// Opens demo/session-e2e.html (the real viewer through this library) against a harness and gives
// the tests what they read: recorded events, the page's reload marker, the stand-in's log.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RecordedEvent } from '../../../demo/session-e2e-api';
import type { Harness } from './harness';

export interface SessionPageOptions {
  proactive?: boolean;
  instant?: boolean;
  /** 'fetch': the page embeds a token it fetched itself, as a server-rendered page would. */
  initial?: 'none' | 'fetch';
  attemptTimeoutMs?: number;
  /** Install Playwright's clock before the page loads, so a test can stop and jump it (sleep). */
  fakeClock?: boolean;
  /** The browser says `navigator.onLine === false` while the network works (Chromium does this). */
  reportsOffline?: boolean;
  /** `debug` on: the session's log entries are kept in `window.__e2e.log`. */
  debug?: boolean;
  /** `autoSaveMode` DISABLED: changes stay pending until something saves them. */
  autoSaveDisabled?: boolean;
}

export class SessionPage {
  /** Console errors and uncaught page errors (name: message) since the page started loading. */
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  /** Every console line's text since the page started loading. */
  readonly consoleLines: string[] = [];
  private marker = 0;

  private constructor(readonly page: Page, private readonly context: BrowserContext) {
    page.on('console', (message) => {
      this.consoleLines.push(message.text());
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.pageErrors.push(`${error.name}: ${error.message}`));
  }

  static async open(browser: Browser, harness: Harness, options: SessionPageOptions = {}): Promise<SessionPage> {
    const { standIn } = harness;
    const query = new URLSearchParams({
      engine: standIn.engineUrl,
      document: standIn.documentId,
      proactive: options.proactive === false ? '0' : '1',
      instant: options.instant ? '1' : '0',
      initial: options.initial ?? 'none',
      ...(options.attemptTimeoutMs && { attemptTimeoutMs: String(options.attemptTimeoutMs) }),
      ...(options.debug && { debug: '1' }),
      ...(options.autoSaveDisabled && { autoSave: 'disabled' }),
    });
    const context = await browser.newContext({ viewport: { width: 1100, height: 850 } });
    const page = await context.newPage();
    const opened = new SessionPage(page, context);
    if (options.fakeClock) await page.clock.install();
    if (options.reportsOffline) {
      await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => false }));
    }
    // Generous: on a busy 2-core machine the dev server's first transforms and the SDK's 6 MB take long.
    await page.goto(`${harness.pageOrigin}/session-e2e.html?${query}`, { timeout: 120_000, waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.__e2e?.status !== 'loading', undefined, { timeout: 120_000 });
    opened.marker = await page.evaluate(() => window.__e2e!.marker);
    return opened;
  }

  status() {
    return this.page.evaluate(() => ({ status: window.__e2e!.status, loadError: window.__e2e!.loadError }));
  }

  events(): Promise<RecordedEvent[]> {
    return this.page.evaluate(() => window.__e2e!.events);
  }

  async eventsOf(type: string): Promise<RecordedEvent[]> {
    return (await this.events()).filter((event) => event.type === type);
  }

  /** Waits until at least `count` events of `type` (optionally with `reason`) were recorded. */
  async waitForEvents(type: string, count = 1, reason?: string, timeoutMs = 40_000): Promise<RecordedEvent[]> {
    await this.page.waitForFunction(
      ([t, c, r]) => window.__e2e!.events.filter((e) => e.type === t && (!r || e.reason === r)).length >= (c as number),
      [type, count, reason] as const,
      { timeout: timeoutMs, polling: 100 },
    );
    return (await this.eventsOf(type)).filter((event) => !reason || event.reason === reason);
  }

  sessionState(): Promise<{ state: string; lastError?: string }> {
    return this.page.evaluate(() => {
      const session = window.__e2e!.session!;
      return { state: session.state, lastError: session.lastError?.name };
    });
  }

  /** True when the page never reloaded: same marker and a single navigation. */
  async neverReloaded(): Promise<boolean> {
    const now = await this.page.evaluate(() => ({
      marker: window.__e2e?.marker,
      navigations: performance.getEntriesByType('navigation').length,
      type: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type,
    }));
    return now.marker === this.marker && now.navigations === 1 && now.type === 'navigate';
  }

  createRectangle(pageIndex: number, n: number): Promise<string> {
    return this.page.evaluate(([p, i]) => window.__e2e!.createRectangle(p, i), [pageIndex, n] as const);
  }

  startRectangle(pageIndex: number, n: number): Promise<string> {
    return this.page.evaluate(([p, i]) => window.__e2e!.startRectangle(p, i), [pageIndex, n] as const);
  }

  moveAnnotation(id: string, dx: number): Promise<void> {
    return this.page.evaluate(([a, d]) => window.__e2e!.moveAnnotation(a, d), [id, dx] as const);
  }

  zoomTo(zoom: number): Promise<void> {
    return this.page.evaluate((z) => window.__e2e!.zoomTo(z), zoom);
  }

  goToPage(pageIndex: number): Promise<void> {
    return this.page.evaluate((p) => window.__e2e!.goToPage(p), pageIndex);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** The annotation ids the engine has stored for the document (its Instant JSON). */
export async function storedAnnotationIds(harness: Harness): Promise<string[]> {
  const response = await fetch(`${harness.standIn.controlUrl}/admin/annotations`);
  const body = (await response.json()) as { annotations?: { id: string }[] };
  return (body.annotations ?? []).map((annotation) => annotation.id);
}

/** Engine answers that the SDK counts as auth failures (401, or 403 with a token message). */
export function authFailuresSince(harness: Harness, since: number): number {
  return harness.standIn.log.count({ server: 'engine', since, status: (s) => s === 401 || s === 403 });
}

export function tokenRequestsSince(harness: Harness, since: number): number {
  return harness.standIn.log.count({ kind: 'token', since });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
