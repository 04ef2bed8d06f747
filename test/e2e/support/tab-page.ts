// Opens demo/tabs-e2e.html (the real viewer through this library, with `sharing`) as one tab of a
// browser context, and gives test/e2e/tabs.test.ts what it reads: the tab's recorded events.
import type { BrowserContext, Page } from 'playwright-core';
import type { TabEvent } from '../../../demo/tabs-e2e-api';

export interface TabPageOptions {
  engineUrl: string;
  documentId: string;
  /** The sharing scope; omitted: the tab does not share. */
  scope?: string;
  /** The token endpoint; default the page's own `/api/token` (proxied to the harness's stand-in). */
  tokenUrl?: string;
}

export class TabPage {
  private constructor(readonly page: Page, readonly name: string) {}

  static async open(context: BrowserContext, pageOrigin: string, name: string, options: TabPageOptions): Promise<TabPage> {
    const query = new URLSearchParams({
      engine: options.engineUrl,
      document: options.documentId,
      ...(options.scope && { scope: options.scope }),
      ...(options.tokenUrl && { token: options.tokenUrl }),
    });
    const page = await context.newPage();
    // A cold dev server compiles the page and the SDK on first load: wait on the page, not on 'load'.
    await page.goto(`${pageOrigin}/tabs-e2e.html?${query}`, { waitUntil: 'commit', timeout: 90_000 });
    await page.waitForFunction(() => window.__tabs !== undefined && window.__tabs.status !== 'loading', undefined, {
      timeout: 90_000,
      polling: 250,
    });
    return new TabPage(page, name);
  }

  get closed(): boolean {
    return this.page.isClosed();
  }

  status() {
    return this.page.evaluate(() => ({ status: window.__tabs!.status, loadError: window.__tabs!.loadError, visibility: window.__tabs!.visibility }));
  }

  events(): Promise<TabEvent[]> {
    return this.page.evaluate(() => window.__tabs!.events);
  }

  async eventsOf(type: string): Promise<TabEvent[]> {
    return (await this.events()).filter((event) => event.type === type);
  }

  /** Resolves once more than `after` events of `type` (and `reason`, when given) were recorded. */
  async waitForMore(type: string, after: number, { reason, timeoutMs = 30_000 }: { reason?: string; timeoutMs?: number } = {}): Promise<void> {
    await this.page.waitForFunction(
      ([t, n, r]) => window.__tabs!.events.filter((e) => e.type === t && (!r || e.reason === r)).length > (n as number),
      [type, after, reason] as const,
      { timeout: timeoutMs, polling: 50 },
    );
  }

  async count(type: string, reason?: string): Promise<number> {
    return (await this.events()).filter((event) => event.type === type && (!reason || event.reason === reason)).length;
  }

  sessionState(): Promise<string> {
    return this.page.evaluate(() => window.__tabs!.session!.state);
  }

  createRectangle(pageIndex: number, n: number): Promise<string> {
    return this.page.evaluate(([p, i]) => window.__tabs!.createRectangle(p, i), [pageIndex, n] as const);
  }

  zoomTo(zoom: number): Promise<void> {
    return this.page.evaluate((z) => window.__tabs!.zoomTo(z), zoom);
  }

  goToPage(pageIndex: number): Promise<void> {
    return this.page.evaluate((p) => window.__tabs!.goToPage(p), pageIndex);
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
