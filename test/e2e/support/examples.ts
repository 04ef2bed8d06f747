// The example apps as a team gets them: the library packed with `npm pack`, the tarball unpacked
// into each example's node_modules (its own dependencies resolve from the repository's), each
// built with `vite build` and served by `vite preview` on a random port.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { preview, type PreviewServer } from 'vite';

/**
 * A build at a lower priority (nice 10; its workers inherit it): work that can wait takes the CPU the
 * other e2e files' browsers leave. At the same priority the examples' builds starved pages loading
 * beside them (a demo page over 200 s to load, a swap that outlived its token: stop 32's fresh-clone
 * runs and CI).
 */
export const runBuild = (command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; maxBuffer?: number }) =>
  promisify(execFile)('nice', ['-n', '10', command, ...args], { maxBuffer: 64 << 20, ...options });

export const EXAMPLES = ['vanilla', 'react', 'vue'] as const;
export type ExampleName = (typeof EXAMPLES)[number];
const repo = resolve(import.meta.dirname, '../../..');

/**
 * Builds the library, packs it, and unpacks the tarball into every example. Returns the temp dir.
 * `npm run test:all` builds dist/ itself just before (and checks it with publint and attw) and says
 * so with NVS_DIST_BUILT=1: that build is packed rather than made again.
 */
export function packIntoExamples(): string {
  const work = mkdtempSync(join(tmpdir(), 'nvs-examples-'));
  if (process.env.NVS_DIST_BUILT !== '1') execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore' });
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, encoding: 'utf8' })) as {
    filename: string;
  }[];
  for (const name of EXAMPLES) {
    const target = join(repo, 'examples', name, 'node_modules', 'nutrient-viewer-session');
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, packed!.filename), '-C', target, '--strip-components=1']);
  }
  return work;
}

export interface BuiltExample {
  name: ExampleName;
  origin: string;
  close(): Promise<void>;
}

/** `vite build` of one example into `work`, then `vite preview` of it. React is built in development mode so StrictMode double-mounts. */
export async function buildAndServe(name: ExampleName, work: string): Promise<BuiltExample> {
  const root = join(repo, 'examples', name);
  const outDir = join(work, name);
  const development = name === 'react';
  const env = development ? { ...process.env, NODE_ENV: 'development' } : process.env;
  const vite = join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = ['build', root, '--config', join(root, 'vite.config.ts'), '--logLevel', 'warn', '--mode', development ? 'development' : 'production', '--outDir', outDir, '--emptyOutDir'];
  await runBuild(process.execPath, [vite, ...args], { cwd: root, env });
  const server: PreviewServer = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address() as { port: number };
  return {
    name,
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((done) => server.httpServer.close(() => done())),
  };
}
