// Which build and browser this QA run tests: read when the demo's dev server started
// (demo/vite/build-info.ts) and from the browser. Shown under the page's title and in the report.
import type { BuildInfo } from '../vite/build-info';

declare const __QA_BUILD__: BuildInfo | undefined;

export interface TestedBuild extends BuildInfo {
  /** "Chromium 140 (Linux)" from navigator.userAgentData, or the user agent string. */
  browser: string;
  /** Set when the page runs as a known-bad build (test-only ?break=, broken-build.ts). */
  breakMode?: string;
}

interface UserAgentData { brands?: { brand: string; version: string }[]; platform?: string }

function browserName(nav: Navigator = navigator): string {
  const data = (nav as Navigator & { userAgentData?: UserAgentData }).userAgentData;
  const brand = data?.brands?.find((b) => !/not.?a.?brand/i.test(b.brand) && b.brand !== 'Chromium') ?? data?.brands?.find((b) => b.brand === 'Chromium');
  return brand ? `${brand.brand} ${brand.version}${data?.platform ? ` (${data.platform})` : ''} · ${nav.userAgent}` : nav.userAgent;
}

export function testedBuild(breakMode?: string): TestedBuild {
  const build = typeof __QA_BUILD__ === 'undefined' ? undefined : __QA_BUILD__;
  return {
    version: build?.version ?? 'unknown',
    commit: build?.commit ?? 'unknown',
    modified: build?.modified,
    sdkVersion: build?.sdkVersion ?? 'unknown',
    browser: browserName(),
    ...(breakMode && { breakMode }),
  };
}

/** "nutrient-viewer-session 0.1.0 · commit 1a2b3c4 (src modified) · SDK 1.22.0 · Chromium 140 (Linux)" */
export function buildLine(build: TestedBuild): string {
  const state = build.modified === undefined ? ' (modified: unknown)' : build.modified ? ' (src MODIFIED, not committed)' : ' (clean)';
  return `nutrient-viewer-session ${build.version} · commit ${build.commit.slice(0, 12)}${state} · SDK ${build.sdkVersion} · ${build.browser.split(' · ')[0]}${build.breakMode ? ` · DELIBERATELY BROKEN (?break=${build.breakMode})` : ''}`;
}
