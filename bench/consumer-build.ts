// Headline 4: the initial-chunk cost in a consumer's Vite build, ours vs the guide's code. One
// production build of bench/consumer/ (three pages: ours, guide, floor); the same build is served
// to Chromium for the cold-start benchmark.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { bytes, type Result, type Row } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CONSUMER_DIR = fileURLToPath(new URL('./consumer/', import.meta.url));
const PAGES_DIR = fileURLToPath(new URL('./pages/', import.meta.url));
export const PAGES = ['ours', 'guide', 'floor'] as const;
export type ConsumerPage = (typeof PAGES)[number];
/** Measured for size only: the adapters against the same app without them, and createViewerSession. */
const ADAPTER_PAGES = ['react-bare', 'react-ours', 'vue-bare', 'vue-ours', 'manual'] as const;
type MeasuredPage = ConsumerPage | (typeof ADAPTER_PAGES)[number];
const MEASURED: readonly string[] = [...PAGES, ...ADAPTER_PAGES];
/** Built too, not measured: the stall-length page (bench/pages/viewer.html), served from `outDir/viewer/`. */
const BUILDS: Array<{ name: string; dir: string }> = [
  ...MEASURED.map((name) => ({ name, dir: CONSUMER_DIR })),
  { name: 'viewer', dir: PAGES_DIR },
];
const TARGET_ABOVE_GUIDE = 1024;
const MUST_BE_LAZY = ['@nutrient-sdk/viewer', 'ky', 'p-retry', 'jose'];

export interface ConsumerBuild {
  outDir: string;
  /** Per page: the chunks loaded before anything lazy (entry + static imports), gzip bytes, packages in them. */
  initial: Record<MeasuredPage, { files: string[]; gzip: number; raw: number; packages: Map<string, number> }>;
  viteVersion: string;
}

const gz = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length;

/** Who a module belongs to: a package name, "library (src/)", "app code" or a Vite helper. */
function ownerOf(id: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (pkg) return pkg[1]!;
  const path = relative(root, id.replace(/^\0/, ''));
  if (path.startsWith('src/')) return 'library (src/)';
  if (path.startsWith('bench/')) return 'app code';
  return id.replace(/^\0/, '').split('?')[0]!.split('/').at(-1)!;
}

/** One production build per page, as separate apps would be built, into `outDir/<page>/`. */
export async function buildConsumer(): Promise<ConsumerBuild> {
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  const outDir = mkdtempSync(join(tmpdir(), 'bench-consumer-'));
  const initial = {} as ConsumerBuild['initial'];
  for (const { name: page, dir } of BUILDS) {
    const output = (await build({
      configFile: false,
      root: dir,
      base: './',
      logLevel: 'error',
      build: {
        outDir: join(outDir, page),
        emptyOutDir: true,
        target: 'es2022',
        chunkSizeWarningLimit: 8_000,
        rolldownOptions: { input: join(dir, `${page}.html`), checks: { pluginTimings: false } },
      },
    })) as Rollup.RollupOutput | Rollup.RollupOutput[];
    if (!MEASURED.includes(page)) continue;
    const outputs = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
    const chunks = new Map(outputs.filter((o): o is Rollup.OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]));
    const entry = [...chunks.values()].find((c) => c.isEntry);
    if (!entry) throw new Error(`no entry chunk for ${page}.html`);
    const files = new Set([entry.fileName]);
    const queue = [entry.fileName];
    while (queue.length) {
      for (const imported of chunks.get(queue.pop()!)!.imports) {
        if (!files.has(imported) && chunks.has(imported)) {
          files.add(imported);
          queue.push(imported);
        }
      }
    }
    const packages = new Map<string, number>();
    let gzip = 0;
    let raw = 0;
    for (const file of files) {
      const chunk = chunks.get(file)!;
      gzip += gz(chunk.code);
      raw += Buffer.byteLength(chunk.code);
      for (const [id, module] of Object.entries(chunk.modules)) {
        const owner = ownerOf(id);
        packages.set(owner, (packages.get(owner) ?? 0) + module.renderedLength);
      }
    }
    initial[page as MeasuredPage] = { files: [...files], gzip, raw, packages };
  }
  const { version } = await import('vite');
  return { outDir, initial, viteVersion: version };
}

const listPackages = (packages: Map<string, number>) =>
  [...packages.entries()]
    .filter(([, size]) => size > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, size]) => `${name} ${bytes(size)}`)
    .join(', ');

export function consumerChunkResult(result: ConsumerBuild): Result {
  const { ours, guide } = result.initial;
  const above = ours.gzip - guide.gzip;
  const eager = MUST_BE_LAZY.filter((name) => ours.packages.has(name));
  const adapterCost = (framework: 'react' | 'vue') => {
    const [bare, withAdapter] = [result.initial[`${framework}-bare`], result.initial[`${framework}-ours`]];
    const eagerHere = MUST_BE_LAZY.filter((name) => withAdapter.packages.has(name));
    const above = withAdapter.gzip - bare.gzip;
    return {
      metric: `initial chunk added by the ${framework === 'react' ? 'React hook' : 'Vue composable'} (README's snippet vs the same app without it), gzip`,
      ours: bytes(above),
      guide: '—',
      floor: '—',
      compare: `${framework === 'react' ? 'React' : 'Vue'} app alone ${bytes(bare.gzip)}; with it ${bytes(withAdapter.gzip)}${eagerHere.length ? `; in it: ${eagerHere.join(', ')}` : ''}`,
      // As lazy as loadViewer: at most 1 KB more than the loadViewer page's whole first chunk (the hook, the store and
      // Vite's import() helper, which a bare app does not have), and nothing of the session code or the SDK.
      target: `≤ loadViewer's ${bytes(ours.gzip)} + ${bytes(TARGET_ABOVE_GUIDE)}; SDK, ky, p-retry, jose outside`,
      verdict: above <= ours.gzip + TARGET_ABOVE_GUIDE && eagerHere.length === 0 ? { kind: 'met' } : { kind: 'missed' },
    } satisfies Row;
  };
  const manual = result.initial.manual;
  const rows: Row[] = [
    {
      metric: 'initial chunk in a consumer\'s Vite build, gzip (the first chunk only: bytes on the way to the first tile are headline 3)',
      ours: bytes(ours.gzip),
      guide: bytes(guide.gzip),
      floor: bytes(guide.gzip),
      compare: `ours − guide ${above >= 0 ? '+' : '−'}${bytes(Math.abs(above))}`,
      target: `≤ guide + ${bytes(TARGET_ABOVE_GUIDE)}`,
      verdict: above <= TARGET_ABOVE_GUIDE ? { kind: 'met' } : { kind: 'missed' },
    },
    {
      metric: 'SDK, ky, p-retry, jose outside the initial chunk',
      ours: eager.length ? `in it: ${eager.join(', ')}` : 'all outside',
      guide: MUST_BE_LAZY.some((name) => guide.packages.has(name)) ? 'SDK in it' : 'all outside',
      floor: 'all outside',
      compare: '—',
      target: 'all outside',
      verdict: eager.length === 0 ? { kind: 'met' } : { kind: 'missed' },
    },
    adapterCost('react'),
    adapterCost('vue'),
    {
      metric: 'initial chunk with createViewerSession (your own NutrientViewer.load, SDK by import()), gzip',
      ours: bytes(manual.gzip),
      guide: bytes(guide.gzip),
      floor: '—',
      compare: `ours − guide +${bytes(manual.gzip - guide.gzip)}: the session code (ky, p-retry, jose) comes with it`,
      target: '(reported)',
      verdict: { kind: 'info' },
    },
  ];
  return {
    number: '4',
    title: 'Initial-chunk cost in a consumer\'s Vite build',
    rows,
    notes: [
      `\`vite build\` (Vite ${result.viteVersion}, production defaults: minified, \`target: 'es2022'\`) of bench/consumer/, ` +
        `one build per page (each its own app): ours.ts (\`loadViewer\` as the README shows, from src/index.ts, which is what the package's dist is built ` +
        `from), guide.ts (the guide's code from bench/baseline.ts, the SDK imported with \`import()\` so it stays lazy and the ` +
        `token requested at the same time, as a page that cares would write it) and floor.ts (the same with the token already ` +
        `in the HTML). Initial chunk = the ` +
        `page's entry chunk and every chunk it imports statically; gzip level 9. Sizes are deterministic (no interval needed).`,
      `Ours: ${bytes(ours.gzip)} gzip (${bytes(ours.raw)} minified) in ${ours.files.join(', ')}; by module owner (bytes as ` +
        `rendered into the chunk, before minification): ${listPackages(ours.packages)}.`,
      `Adapters: bench/consumer/react-ours.ts and vue-ours.ts are the README's React and Vue snippets (without JSX or an SFC), ` +
        `react-bare.ts and vue-bare.ts the same apps without the hook; the row is the difference of their initial chunks. ` +
        `manual.ts is the Angular snippet's calls (createViewerSession): ${bytes(manual.gzip)} gzip; by module owner: ${listPackages(manual.packages)}.`,
      `Guide: ${bytes(guide.gzip)} gzip (${bytes(guide.raw)} minified) in ${guide.files.join(', ')}; by package: ` +
        `${listPackages(guide.packages)}.`,
      ...(rows[0]!.verdict.kind === 'missed'
        ? [
            `**Missed** by ${bytes(above - TARGET_ABOVE_GUIDE)}: the renewal machinery and its dependencies load before anything ` +
              `else. What would fix it (issue 10): a tiny entry that imports the renewal core and the SDK in parallel with ` +
              `\`import()\` and starts the token request as soon as the core is there.`,
          ]
        : []),
    ],
  };
}
