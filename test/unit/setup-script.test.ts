import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// scripts/setup.sh in a throwaway project whose `npm` only writes down that it was called: which
// installs does the script take as done, and when does it run `npm ci`?
const lock = {
  name: 'p',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'p', version: '1.0.0', devDependencies: { a: '^1.0.0', esbuild: '^0.28.0' } },
    'node_modules/a': { version: '1.0.0', resolved: 'https://registry.example/a-1.0.0.tgz', integrity: 'sha512-a', dev: true },
    'node_modules/esbuild': { version: '0.28.2', dev: true, optionalDependencies: { '@esbuild/darwin-arm64': '0.28.2' } },
    // Another platform's binary: npm ci skips it and leaves it out of node_modules/.package-lock.json.
    'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', dev: true, optional: true, os: ['darwin'], cpu: ['arm64'] },
  },
};
/** What npm ci writes to node_modules/.package-lock.json for `lockfile`: no root entry, no skipped optional packages. */
function installedBy(lockfile: typeof lock) {
  const packages = Object.fromEntries(Object.entries(lockfile.packages).filter(([path]) => path !== '' && !path.includes('darwin')));
  return { name: lockfile.name, version: lockfile.version, lockfileVersion: 3, requires: true, packages };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project({ installed }: { installed?: object }) {
  const root = mkdtempSync(join(tmpdir(), 'nvs-setup-'));
  dirs.push(root);
  mkdirSync(join(root, 'scripts'));
  copyFileSync('scripts/setup.sh', join(root, 'scripts/setup.sh'));
  mkdirSync(join(root, 'node_modules/.bin'), { recursive: true });
  writeFileSync(join(root, 'node_modules/.bin/vitest'), '#!/bin/sh\n');
  chmodSync(join(root, 'node_modules/.bin/vitest'), 0o755);
  if (installed) writeFileSync(join(root, 'node_modules/.package-lock.json'), JSON.stringify(installed, null, 2));
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'bin/npm'), `#!/bin/sh\necho "npm $*" >> "${join(root, 'npm.log')}"\n`);
  chmodSync(join(root, 'bin/npm'), 0o755);
  const writeLock = (lockfile: object) => writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lockfile, null, 2));
  const setup = () => {
    const run = spawnSync('bash', [join(root, 'scripts/setup.sh')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(root, 'bin')}:${process.env.PATH}` },
    });
    expect(run.status, run.stderr).toBe(0);
    const log = join(root, 'npm.log');
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    rmSync(log, { force: true });
    return calls;
  };
  return { root, writeLock, setup };
}

describe('scripts/setup.sh', () => {
  it('takes an install npm ci already did for this lockfile as done (no second install), then uses its own marker', () => {
    const { root, writeLock, setup } = project({ installed: installedBy(lock) });
    writeLock(lock);
    expect(setup()).toEqual([]);
    expect(existsSync(join(root, 'node_modules/.lock-hash'))).toBe(true);
    expect(setup()).toEqual([]);
  });

  it('installs when the lockfile changed since npm ci: another version, or a package added', () => {
    const changed = structuredClone(lock);
    changed.packages['node_modules/a'].version = '1.0.1';
    const first = project({ installed: installedBy(lock) });
    first.writeLock(changed);
    expect(first.setup()).toEqual(['npm ci --no-audit --no-fund']);

    const added = structuredClone(lock) as typeof lock & { packages: Record<string, object> };
    added.packages['node_modules/b'] = { version: '2.0.0', dev: true };
    const second = project({ installed: installedBy(lock) });
    second.writeLock(added);
    expect(second.setup()).toEqual(['npm ci --no-audit --no-fund']);
  });

  it('installs when there is no install at all, or only a marker for another lockfile', () => {
    const bare = project({});
    bare.writeLock(lock);
    expect(bare.setup()).toEqual(['npm ci --no-audit --no-fund']);

    const stale = project({});
    stale.writeLock(lock);
    writeFileSync(join(stale.root, 'node_modules/.lock-hash'), 'another lockfile\n');
    expect(stale.setup()).toEqual(['npm ci --no-audit --no-fund']);
  });
});
