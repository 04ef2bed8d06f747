// The examples built by their frameworks' own CLIs (`ng build`, `next build` with Turbopack and with webpack), from their own committed lockfiles:
// `npm ci --prefer-offline` (from the npm cache) when node_modules is missing or older than the
// lockfile, the packed tarball unpacked into node_modules, the repository's SDK linked in (the
// same version a team installs; ~150 MB not copied again), then the CLI's production build, served
// on 127.0.0.1. Child processes: they run while the Vite examples build in this process.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { preview } from 'vite';
import { runBuild, type BuiltExample } from './examples';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../../..');

export type FrameworkExampleName = 'angular' | 'next-turbopack' | 'next-webpack';

/** Seconds each step took, for the report (install, build). */
export const frameworkTimings: Record<string, number> = {};

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    frameworkTimings[label] = Math.round((performance.now() - started) / 100) / 10;
  }
}

/** `npm ci` unless node_modules was installed from this lockfile already. */
async function installIfStale(root: string): Promise<void> {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs) return;
  await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: root, maxBuffer: 64 << 20 });
}

/** The tarball as the package, the repository's SDK as the peer. */
async function linkPackages(root: string, tarball: string): Promise<void> {
  const target = join(root, 'node_modules', 'nutrient-viewer-session');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  const sdk = join(root, 'node_modules', '@nutrient-sdk', 'viewer');
  rmSync(sdk, { recursive: true, force: true });
  mkdirSync(join(root, 'node_modules', '@nutrient-sdk'), { recursive: true });
  symlinkSync(join(repo, 'node_modules', '@nutrient-sdk', 'viewer'), sdk, 'dir');
}

/** Installs, builds with the framework's CLI into `work/<name>`, and serves the output. */
export async function buildFrameworkExample(name: FrameworkExampleName, work: string, tarball: string): Promise<Omit<BuiltExample, 'name'> & { name: FrameworkExampleName }> {
  const root = join(repo, 'examples', name);
  const outDir = join(work, name);
  await timed(`${name} install`, () => installIfStale(root));
  await linkPackages(root, tarball);
  await timed(`${name} build`, () => runBuild('npx', ['ng', 'build', '--output-path', outDir], { cwd: root, maxBuffer: 64 << 20, env: { ...process.env, NG_CLI_ANALYTICS: 'false' } }));
  // `--output-path` on the command line puts the browser files in its default `browser/` folder.
  const served = existsSync(join(outDir, 'browser')) ? join(outDir, 'browser') : outDir;
  const server = await preview({
    root: served,
    configFile: false,
    logLevel: 'silent',
    build: { outDir: served },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address() as { port: number };
  return {
    name,
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((done) => server.httpServer.close(() => done())),
  };
}

/** A port that was free a moment ago, for servers that cannot report the one they took. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const nextBin = 'node_modules/next/dist/bin/next';
const quietNext = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

/**
 * The Next.js example: one install, the SDK's files copied into public/ by the package's own
 * `nutrient-viewer-copy-assets` (the README's step, for Turbopack and webpack alike), then
 * `next build` with each bundler into its own distDir, each served by `next start`.
 */
export async function buildNextExamples(tarball: string): Promise<Record<'next-turbopack' | 'next-webpack', Omit<BuiltExample, 'name'>>> {
  const root = join(repo, 'examples', 'next');
  await timed('next install', () => installIfStale(root));
  await linkPackages(root, tarball);
  await timed('next copy-assets', () => run('node', ['node_modules/nutrient-viewer-session/bin/copy-assets.mjs', 'public'], { cwd: root }));
  const built = {} as Record<'next-turbopack' | 'next-webpack', Omit<BuiltExample, 'name'>>;
  for (const [name, flags] of [['next-turbopack', []], ['next-webpack', ['--webpack']]] as const) {
    const env = { ...quietNext, NEXT_DIST_DIR: `.${name}` };
    await timed(`${name} build`, () => runBuild('node', [nextBin, 'build', ...flags], { cwd: root, env, maxBuffer: 64 << 20 }));
    const port = await freePort();
    const server = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: root, env, stdio: 'ignore' });
    const origin = `http://127.0.0.1:${port}`;
    await waitForServer(origin);
    built[name] = {
      origin,
      close: () =>
        new Promise<void>((done) => {
          server.once('exit', () => done());
          server.kill('SIGTERM');
        }),
    };
  }
  return built;
}

/** Until the server answers (next start takes a moment to listen). */
async function waitForServer(origin: string): Promise<void> {
  for (;;) {
    const answered = await fetch(origin).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((done) => setTimeout(done, 200));
  }
}
