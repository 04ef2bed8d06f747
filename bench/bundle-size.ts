import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { kb, type Result } from './stats.js';

const root = new URL('..', import.meta.url).pathname;
const TARGET_BYTES = 8 * 1024;
const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

/** Groups a metafile input path by package (node_modules/<pkg>) or by our own file. */
function owner(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? match[1]! : input;
}

/** Gzipped size of the entry alone with some packages left as imports (the SDK always external). */
async function entryGzWithout(external: string[]): Promise<number> {
  const result = await build({
    entryPoints: [join(root, 'src/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    write: false,
    external: ['@nutrient-sdk/viewer', ...external],
    logLevel: 'silent',
  });
  return gz(result.outputFiles[0]!.contents);
}

/**
 * Bundle cost of src/index.ts with its runtime dependencies (ky, p-retry, jose's used parts), as a page's
 * bundler would ship it: esbuild, esm, browser, minified, tree-shaken, code splitting on, the SDK bundled
 * too so that its placement is visible. Gzip: zlib level 9.
 */
export async function bundleSize(): Promise<Result> {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  try {
    const result = await build({
      entryPoints: { index: join(root, 'src/index.ts') },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      treeShaking: true,
      metafile: true,
      write: true,
      outdir,
      logLevel: 'silent',
      // The SDK's own asset URLs are not our cost: keep anything it would load as a file.
      loader: { '.wasm': 'file', '.woff': 'file', '.woff2': 'file', '.png': 'file', '.svg': 'file' },
    });
    const meta: Metafile = result.metafile;
    const outputs = Object.entries(meta.outputs).filter(([file]) => file.endsWith('.js'));
    const entry = outputs.find(([, out]) => out.entryPoint?.endsWith('src/index.ts'));
    if (!entry) throw new Error('no entry chunk in the metafile');
    const [entryFile, entryOut] = entry;

    // What the page loads before loadViewer runs: the entry plus its static imports, transitively.
    const initial = new Set<string>([entryFile]);
    const queue = [entryFile];
    while (queue.length) {
      const file = queue.pop()!;
      for (const imp of meta.outputs[file]!.imports) {
        if (imp.kind === 'import-statement' && !initial.has(imp.path)) {
          initial.add(imp.path);
          queue.push(imp.path);
        }
      }
    }
    const sizeOf = (file: string) => {
      const bytes = readFileSync(file); // metafile paths are relative to the working directory
      return { raw: bytes.length, gz: gz(bytes) };
    };
    const initialSizes = [...initial].map((file) => ({ file, ...sizeOf(file) }));
    const initialRaw = initialSizes.reduce((sum, s) => sum + s.raw, 0);
    const initialGz = initialSizes.reduce((sum, s) => sum + s.gz, 0);

    // Top contributors to the initial chunk(s), by bytes in output, grouped by package.
    const byOwner = new Map<string, number>();
    for (const file of initial) {
      for (const [input, { bytesInOutput }] of Object.entries(meta.outputs[file]!.inputs)) {
        const key = owner(relative(root, input));
        byOwner.set(key, (byOwner.get(key) ?? 0) + bytesInOutput);
      }
    }
    const top = [...byOwner.entries()].sort((a, b) => b[1] - a[1]);
    const deps = ['ky', 'p-retry', 'jose', 'is-network-error'].map((name) => [name, byOwner.get(name) ?? 0] as const);
    const ownBytes = top.filter(([key]) => key.startsWith('src/')).reduce((sum, [, b]) => sum + b, 0);

    // Where the SDK went: which chunks hold its inputs, and how the entry reaches them.
    const sdkChunks = outputs.filter(([, out]) => Object.keys(out.inputs).some((input) => input.includes('@nutrient-sdk/viewer')));
    const sdkInInitial = sdkChunks.some(([file]) => initial.has(file));
    const dynamicFromEntry = entryOut.imports.filter((imp) => imp.kind === 'dynamic-import').map((imp) => imp.path);
    const sdkReachedDynamically = sdkChunks.every(([file]) => dynamicFromEntry.includes(file));
    const sdkGz = sdkChunks.reduce((sum, [file]) => sum + sizeOf(file).gz, 0);

    const met = initialGz <= TARGET_BYTES;
    const withoutKy = await entryGzWithout(['ky']);
    const withoutAll = await entryGzWithout(['ky', 'p-retry', 'jose']);
    const name = (file: string) => relative(outdir, join(root, file)) || file;
    const notes = [
      `esbuild ${(await import('esbuild')).version}: \`bundle, splitting, format: 'esm', platform: 'browser', target: 'es2022', ` +
        `minify, treeShaking, metafile\`, entry src/index.ts, gzip = node:zlib level 9. The SDK is bundled as well, ` +
        `so its placement is part of the proof, not an assumption.`,
      `Initial chunk(s) (entry + static imports): ${initialSizes.map((s) => `${name(s.file)} ${s.raw} B min / ${s.gz} B gz`).join('; ')}.`,
      `Top contributors to the initial chunk (minified bytes before gzip, from the metafile): ` +
        top.slice(0, 8).map(([key, bytes]) => `${key} ${bytes} B`).join(', ') + '. ' +
        `By package: ours (src/) ${ownBytes} B, ` + deps.map(([dep, bytes]) => `${dep} ${bytes} B`).join(', ') + '.',
      `The viewer is not in the initial chunk: @nutrient-sdk/viewer is in ${sdkChunks.length} chunk(s) ` +
        `(${sdkChunks.map(([file]) => name(file)).join(', ')}, ${kb(sdkGz)} gz), ` +
        `${sdkInInitial ? '**one of them IS statically imported by the entry**' : 'none of them statically imported'}; ` +
        `the entry reaches ${sdkReachedDynamically ? 'all of them' : 'NOT all of them'} through \`import()\` ` +
        `(dynamic imports of the entry: ${dynamicFromEntry.map(name).join(', ') || 'none'}).`,
    ];
    if (!met) {
      const [biggest, biggestBytes] = top[0]!;
      notes.push(
        `**Missed** by ${kb(initialGz - TARGET_BYTES)} gz (${kb(initialGz)} vs ${kb(TARGET_BYTES)}). ` +
          `The largest contributor is ${biggest} (${biggestBytes} B minified). What would fix it: replace ky with fetch ` +
          `(we use retry 0 and timeout false, i.e. none of ky's features), and jose's decodeJwt/decodeProtectedHeader ` +
          `with a base64url + JSON.parse decode; p-retry's loop is also replaceable by our own retry-policy.ts loop. ` +
          `Same build with ky left out: ${kb(withoutKy)} gz; with ky, p-retry and jose left out: ${kb(withoutAll)} gz ` +
          `(their replacements would add a few hundred bytes back).`,
      );
    }
    return {
      id: 'bundle-size',
      title: '5. Bundle cost (src/index.ts + runtime deps, esbuild min + gzip)',
      rows: [
        { metric: 'initial chunk, min + gzip', ours: kb(initialGz), baseline: '—', ratio: '—', target: '≤ 8.00 KB gz', met },
        { metric: 'initial chunk, minified', ours: kb(initialRaw), baseline: '—', ratio: '—', target: '(reported)', met: undefined },
        {
          metric: '@nutrient-sdk/viewer in initial chunk',
          ours: sdkInInitial ? 'yes' : 'no (lazy chunk)',
          baseline: '—',
          ratio: '—',
          target: 'no',
          met: !sdkInInitial && sdkReachedDynamically && sdkChunks.length > 0,
        },
      ],
      notes,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
