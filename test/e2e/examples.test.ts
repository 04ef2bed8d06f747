// The examples from the packed tarball, in Chromium against two stand-ins: the document renders,
// a renewal happens (short tokens), an annotation reaches the engine; React, Vue, Angular and
// Next.js (Turbopack and webpack builds) survive mount, unmount, mount and a document switch with
// one viewer, and stop everything on unmount; the SDK's CDN build loads from a stand-in CDN; a
// container without a height and files of another SDK version reject with the fix.
// What only a real browser proves: the published tarball, bundled by a real Vite build, loads and
// renews a real viewer, and React and Vue really mount it once and let it go.
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn, type StandIn } from '../../demo/server/stand-in';
import { launchChromium } from './support/chromium';
import { buildAndServe, EXAMPLES, packIntoExamples, type BuiltExample } from './support/examples';
import { buildFrameworkExample, buildNextExamples, frameworkTimings } from './support/framework-examples';
import { pixelStats } from './support/pixels';
import { startStaticCdn } from './support/static-cdn';

const TOKEN_SECONDS = 20;
let work = '';
let browser: Browser;
let engines: StandIn[] = [];
const apps = new Map<string, Omit<BuiltExample, 'name'>>();

beforeAll(async () => {
  [engines, browser] = await Promise.all([
    Promise.all(['doc-a', 'doc-b'].map((documentId) => startStandIn({ enginePort: 0, controlPort: 0, documentId, tokenLifetimeSec: TOKEN_SECONDS }))),
    launchChromium(),
  ]);
  work = packIntoExamples();
  // The Angular CLI's install and build run as child processes while Vite builds the others here.
  const tarball = join(work, readdirSync(work).find((file) => file.endsWith('.tgz'))!);
  const angular = buildFrameworkExample('angular', work, tarball);
  const next = buildNextExamples(tarball);
  angular.catch(() => {});
  next.catch(() => {});
  for (const name of EXAMPLES) apps.set(name, await buildAndServe(name, work));
  apps.set('angular', await angular);
  for (const [name, app] of Object.entries(await next)) apps.set(name, app);
  console.log('framework examples, seconds:', JSON.stringify(frameworkTimings));
}, 600_000);

afterAll(async () => {
  await Promise.all([...apps.values()].map((app) => app.close()));
  await browser?.close();
  await Promise.all(engines.map((engine) => engine.close()));
  if (work) rmSync(work, { recursive: true, force: true });
});

/** An installed SDK's dist/ folder. */
const sdkDist = (name: string) => join(import.meta.dirname, '../../node_modules', name, 'dist');

const documentOf = (engine: StandIn) => ({ serverUrl: engine.engineUrl, documentId: engine.documentId, refresh: engine.tokenUrl });

/** A page that records page errors, console warnings and unhandled rejections; `prepare` runs before it opens. */
async function openPage(url: string, prepare?: (page: Page) => Promise<unknown>) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => void (message.type() === 'warning' && warnings.push(message.text())));
  await prepare?.(page);
  await page.addInitScript(() => {
    const rejections: string[] = [];
    Object.assign(window, { exampleRejections: rejections });
    // A reporter that respects `defaultPrevented` (the library marks the SDK's unload noise so; README,
    // Troubleshooting), read after the event since this listener comes before the library's.
    window.addEventListener('unhandledrejection', (event) =>
      setTimeout(() => { if (!event.defaultPrevented) rejections.push(String(event.reason)); }));
  });
  await page.goto(url);
  return { page, errors, warnings, rejections: () => page.evaluate(() => (window as unknown as { exampleRejections: string[] }).exampleRejections), close: () => context.close() };
}

/** Token requests the stand-in has seen. */
const tokenRequests = (engine: StandIn) => engine.log.count({ kind: 'token' });

async function expectRendered(page: Page) {
  await page.waitForFunction(() => document.querySelector('.viewer, #viewer')?.shadowRoot || document.querySelector('.viewer *, #viewer *'), null, { timeout: 60_000 });
  await page.waitForTimeout(0);
  const stats = await pixelStats(await page.screenshot());
  expect(stats.distinctColors).toBeGreaterThan(4);
}

describe('vanilla example: the README snippet plus the Vite plugin', () => {
  it('renders, renews on short tokens, and an annotation reaches the engine', async () => {
    const engine = engines[0]!;
    const app = apps.get('vanilla')!;
    const query = new URLSearchParams(documentOf(engine));
    const { page, errors, warnings, rejections, close } = await openPage(`${app.origin}/?${query}`);
    await page.waitForFunction(() => (window as any).exampleSession?.state === 'active', null, { timeout: 60_000 });
    await expectRendered(page);
    // The plugin serves an empty npm-assets-deprecated.js, as the README tells other bundlers to.
    expect(warnings.filter((text) => /deprecated/i.test(text))).toEqual([]);
    // A renewal within one token lifetime.
    await page.waitForFunction(
      () => new Promise<boolean>((done) => (window as any).exampleSession.on('renewed', () => done(true))),
      null,
      { timeout: (TOKEN_SECONDS + 30) * 1000 },
    );
    const before = await annotationCount(engine);
    await page.evaluate(async () => {
      const NutrientViewer = (await (window as any).exampleSdk()).default;
      const { instance } = (window as any).exampleSession;
      const [created] = await instance.create(
        new NutrientViewer.Annotations.RectangleAnnotation({
          pageIndex: 0,
          boundingBox: new NutrientViewer.Geometry.Rect({ left: 50, top: 50, width: 80, height: 60 }),
        }),
      );
      await instance.ensureChangesSaved(created);
    });
    expect(await annotationCount(engine)).toBe(before + 1);
    expect(errors).toEqual([]);
    expect(await rejections()).toEqual([]);
    await close();
  });
});

describe('vanilla example against the real SDK\'s edges', () => {
  it('notices NutrientViewer.unload(container) by the app: the session says unloaded and stops renewing', async () => {
    const engine = engines[0]!;
    // This page gets the npm package's own npm-assets-deprecated.js, as a folder copied by hand would
    // serve it: the SDK's warning the README's "Other bundlers" advice avoids (the test above has none).
    const npmProbe = readFileSync('node_modules/@nutrient-sdk/viewer/dist/nutrient-viewer-lib/npm-assets-deprecated.js', 'utf8');
    const { page, errors, warnings, close } = await openPage(`${apps.get('vanilla')!.origin}/?${new URLSearchParams(documentOf(engine))}`, (page) =>
      page.route('**/nutrient-viewer-lib/npm-assets-deprecated.js', (route) => route.fulfill({ contentType: 'text/javascript', body: npmProbe })),
    );
    await page.waitForFunction(() => (window as any).exampleSession?.state === 'active', null, { timeout: 60_000 });
    expect(warnings.some((text) => text.includes('Copying assets from the npm package is deprecated'))).toBe(true);
    await page.evaluate(async () => (await (window as any).exampleSdk()).default.unload('#viewer'));
    await page.waitForFunction(() => (window as any).exampleSession.state === 'unloaded', null, { timeout: 10_000 });
    const requests = tokenRequests(engine);
    await page.waitForTimeout((TOKEN_SECONDS + 2) * 1000);
    expect(tokenRequests(engine)).toBe(requests);
    expect(errors).toEqual([]);
    await close();
  });

  it('with the SDK files missing, rejects with ViewerAssetsError naming the URL that failed', async () => {
    const engine = engines[0]!;
    const app = apps.get('vanilla')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('**/nutrient-viewer-lib/**', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
    await page.goto(`${app.origin}/?${new URLSearchParams(documentOf(engine))}`);
    await expect.poll(() => errors, { timeout: 60_000 }).toHaveLength(1);
    expect(errors[0]).toContain('ViewerAssetsError');
    expect(errors[0]).toContain(`${app.origin}/nutrient-viewer-lib/core-worker.js`);
    await context.close();
  });

  it('without the plugin\'s baseUrl, rejects with ViewerAssetsError saying what to add, not the SDK\'s TypeError', async () => {
    const engine = engines[0]!;
    const app = apps.get('vanilla')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    // The page as it would be without the plugin's <meta>: a copy of the built index.html.
    const html = readFileSync(join(work, 'vanilla', 'index.html'), 'utf8');
    expect(html).toContain('name="nutrient-viewer-base-url"');
    writeFileSync(join(work, 'vanilla', 'no-meta.html'), html.replace(/<meta name="nutrient-viewer-base-url"[^>]*>/, ''));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
    await page.goto(`${app.origin}/no-meta.html?${new URLSearchParams(documentOf(engine))}`);
    await expect.poll(() => errors, { timeout: 60_000 }).toHaveLength(1);
    expect(errors[0]).toContain('ViewerAssetsError');
    expect(errors[0]).toContain('nutrient-viewer-session/vite');
    await context.close();
  });
});

describe('the SDK\'s CDN build: sdk: window.NutrientViewer with the CDN\'s baseUrl (a local stand-in for the CDN)', () => {
  it('renders and renews, with every SDK file from the CDN\'s origin', async () => {
    const engine = engines[0]!;
    const cdn = await startStaticCdn();
    const { page, errors, rejections, close } = await openPage('about:blank');
    const fromApp: string[] = [];
    const app = apps.get('vanilla')!;
    page.on('request', (request) => {
      if (request.url().startsWith(app.origin) && /nutrient-viewer/.test(request.url())) fromApp.push(request.url());
    });
    await page.goto(`${app.origin}/cdn.html?${new URLSearchParams({ ...documentOf(engine), cdn: cdn.url })}`);
    await page.waitForFunction(() => (window as any).exampleSession?.state === 'active', null, { timeout: 60_000 });
    await expectRendered(page);
    await page.waitForFunction(
      () => new Promise<boolean>((done) => (window as any).exampleSession.on('renewed', () => done(true))),
      null,
      { timeout: (TOKEN_SECONDS + 30) * 1000 },
    );
    expect(fromApp).toEqual([]);
    expect(errors).toEqual([]);
    expect(await rejections()).toEqual([]);
    await close();
    await cdn.close();
  });

  it('nutrient-viewer-lib/ of another SDK version than the JavaScript: ViewerAssetsError naming both versions and the fix', async () => {
    const engine = engines[0]!;
    // 1.22's JavaScript beside 1.18's files: a copy left from before an upgrade.
    const mixed = join(work, 'mixed-cdn');
    mkdirSync(mixed, { recursive: true });
    symlinkSync(join(sdkDist('@nutrient-sdk/viewer'), 'nutrient-viewer.js'), join(mixed, 'nutrient-viewer.js'));
    symlinkSync(join(sdkDist('nutrient-viewer-1.18'), 'nutrient-viewer-lib'), join(mixed, 'nutrient-viewer-lib'));
    const cdn = await startStaticCdn(mixed);
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
    await page.goto(`${apps.get('vanilla')!.origin}/cdn.html?${new URLSearchParams({ ...documentOf(engine), cdn: cdn.url })}`);
    await expect.poll(() => errors, { timeout: 60_000 }).toHaveLength(1);
    expect(errors[0]).toMatch(/^ViewerAssetsError: The viewer's files at .*nutrient-viewer-lib\/core-worker\.js are SDK 1\.18\.0, its JavaScript is 1\.22\.0: copy/);
    await context.close();
    await cdn.close();
  });
});

describe('the README snippet in a container without a height (a fresh vanilla template)', () => {
  it('rejects with a ConfigurationError naming the CSS, instead of the SDK\'s uncaught error and a load that never ends', async () => {
    const engine = engines[0]!;
    const app = apps.get('vanilla')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    // The example's page without its one line of CSS: #viewer is an empty div, 0 px high.
    const html = readFileSync(join(work, 'vanilla', 'index.html'), 'utf8');
    writeFileSync(join(work, 'vanilla', 'no-height.html'), html.replace(/<style>[^<]*<\/style>/, ''));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
    await page.goto(`${app.origin}/no-height.html?${new URLSearchParams(documentOf(engine))}`);
    await expect.poll(() => errors, { timeout: 60_000 }).toHaveLength(1);
    expect(errors[0]).toMatch(/^ConfigurationError: The viewer's container #viewer has no height: .*#viewer \{ height: 100vh; \}/);
    expect(await page.evaluate(() => document.querySelector('#viewer')!.childElementCount)).toBe(0);
    await context.close();
  });
});

async function annotationCount(engine: StandIn): Promise<number> {
  const body = (await (await fetch(`${engine.controlUrl}/admin/annotations`)).json()) as { annotations?: unknown[] };
  return body.annotations?.length ?? 0;
}

// Angular: injectViewerSession in a zoneless standalone component, built by ng build. Next.js: the
// React hook in a 'use client' component under reactStrictMode, built by next build with Turbopack
// and with webpack, the SDK's files copied into public/ by nutrient-viewer-copy-assets.
describe.each(['angular', 'next-turbopack', 'next-webpack'] as const)('%s example', (name) => {
  it('renders, renews on short tokens, and an annotation reaches the engine', async () => {
    const engine = engines[0]!;
    const query = new URLSearchParams({ documents: JSON.stringify([documentOf(engine)]) });
    const { page, errors, rejections, close } = await openPage(`${apps.get(name)!.origin}/?${query}`);
    await page.waitForSelector('#state:text("active")', { timeout: 60_000 });
    await expectRendered(page);
    await page.waitForFunction(
      () => new Promise<boolean>((done) => (window as any).exampleViewer().session.on('renewed', () => done(true))),
      null,
      { timeout: (TOKEN_SECONDS + 30) * 1000 },
    );
    const before = await annotationCount(engine);
    await page.evaluate(async () => {
      const NutrientViewer = (await (window as any).exampleSdk()).default;
      const { instance } = (window as any).exampleViewer();
      const [created] = await instance.create(
        new NutrientViewer.Annotations.RectangleAnnotation({
          pageIndex: 0,
          boundingBox: new NutrientViewer.Geometry.Rect({ left: 50, top: 50, width: 80, height: 60 }),
        }),
      );
      await instance.ensureChangesSaved(created);
    });
    expect(await annotationCount(engine)).toBe(before + 1);
    expect(errors).toEqual([]);
    expect(await rejections()).toEqual([]);
    await close();
  });
});

describe.each(['react', 'vue', 'angular', 'next-turbopack', 'next-webpack'] as const)('%s example', (name) => {
  it('mount, unmount, mount and a document switch leave one viewer; the final unmount stops everything', async () => {
    const app = apps.get(name)!;
    const query = new URLSearchParams({ documents: JSON.stringify(engines.map(documentOf)) });
    const { page, errors, rejections, close } = await openPage(`${app.origin}/?${query}`);
    const live = () => page.evaluate(() => (window as any).exampleLive.sessions as number);
    const mountedViewers = () =>
      page.evaluate(() => [...document.querySelectorAll('.viewer')].filter((el) => (el.shadowRoot?.childElementCount ?? 0) + el.childElementCount > 0).length);
    await page.waitForSelector('#state:text("active")', { timeout: 60_000 });
    // Unmount and mount again in quick succession, while the first viewer is there.
    await page.click('#toggle');
    await page.click('#toggle');
    await page.waitForSelector('#state:text("active")', { timeout: 60_000 });
    expect(await live()).toBe(1);
    expect(await mountedViewers()).toBe(1);
    // Unmount and mount while the viewer is still loading.
    await page.click('#toggle');
    await page.click('#toggle');
    await page.click('#toggle');
    await page.click('#toggle');
    await page.waitForSelector('#state:text("active")', { timeout: 60_000 });
    // Document switch: the old viewer goes, the new one loads.
    await page.click('#switch');
    await page.waitForSelector('#state:text("active")', { timeout: 60_000 });
    await expectRendered(page);
    expect(await live()).toBe(1);
    expect(await mountedViewers()).toBe(1);
    // Final unmount: nothing left, and no token request afterwards.
    await page.click('#toggle');
    await page.waitForFunction(() => (window as any).exampleLive.sessions === 0, null, { timeout: 10_000 });
    const requestsAtUnmount = engines.map(tokenRequests);
    await page.waitForTimeout((TOKEN_SECONDS + 2) * 1000);
    expect(engines.map(tokenRequests)).toEqual(requestsAtUnmount);
    expect(await live()).toBe(0);
    expect(await mountedViewers()).toBe(0);
    expect(errors).toEqual([]);
    expect(await rejections()).toEqual([]);
    await close();
  });
});
