// Which build the QA page tests, read once when the demo's dev server starts: the package version,
// the git commit, whether src/ has uncommitted changes, and the SDK version installed. The page
// shows it and the QA report names it, so a report proves which build was certified.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  /** package.json's version. */
  version: string;
  /** `git rev-parse HEAD`, or 'unknown' outside a git checkout. */
  commit: string;
  /** src/ differs from the commit (`git status --porcelain -- src`); undefined when git cannot tell. */
  modified: boolean | undefined;
  /** The installed @nutrient-sdk/viewer's version. */
  sdkVersion: string;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

function git(...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function versionOf(packageJson: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, packageJson), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function readBuildInfo(): BuildInfo {
  const status = git('status', '--porcelain', '--', 'src');
  return {
    version: versionOf('package.json'),
    commit: git('rev-parse', 'HEAD') ?? 'unknown',
    modified: status === undefined ? undefined : status.length > 0,
    sdkVersion: versionOf('node_modules/@nutrient-sdk/viewer/package.json'),
  };
}
