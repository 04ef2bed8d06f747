import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renewalDefaults } from '../../src/policy/options.js';

// The README is short and links to docs/ and BENCHMARKS.md for the rest: those links must land.
const handWritten = ['README.md', 'BENCHMARKS.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const anchorsOf = (markdown: string) =>
  new Set(
    [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'),
    ),
  );

describe('links between the README and docs/', () => {
  for (const file of handWritten) {
    it(`in ${file} point at files and headings that exist`, () => {
      const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
      const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/.test(href));
      for (const href of links) {
        const [path, anchor] = href.split('#') as [string, string | undefined];
        const target = path ? normalize(join(dirname(file), path)) : file;
        expect(existsSync(target), `${href} in ${file}`).toBe(true);
        if (anchor) expect(anchorsOf(readFileSync(target, 'utf8')).has(anchor), `#${anchor} of ${href} in ${file}`).toBe(true);
      }
    });
  }
});

describe('docs/reference.md', () => {
  const reference = readFileSync('docs/reference.md', 'utf8');

  it('lists every renewal option, and no other', () => {
    const table = /`renewal` \(all optional\):\n\n([\s\S]*?)\n\n/.exec(reference)?.[1] ?? '';
    const names = [...table.matchAll(/^\| ([^|]+) \|/gm)]
      .slice(1) // the header
      .flatMap((m) => [...m[1]!.matchAll(/`(\w+)`/g)].map((n) => n[1]!));
    expect(names.sort()).toEqual(Object.keys(renewalDefaults).sort());
  });

  it('states the defaults the code has', () => {
    const table = /`renewal` \(all optional\):\n\n([\s\S]*?)\n\n/.exec(reference)?.[1] ?? '';
    for (const row of table.split('\n').slice(2)) {
      const [names = '', defaults = ''] = row.split(' | ');
      const keys = [...names.matchAll(/`(\w+)`/g)].map((n) => n[1]! as keyof typeof renewalDefaults);
      const values = [...defaults.matchAll(/`([^`]+)`/g)].map((n) => n[1]!);
      expect(values.length, row).toBe(keys.length);
      const written = (value: unknown) => (value === Infinity ? 'Infinity' : JSON.stringify(value).replace(/"/g, "'"));
      keys.forEach((key, i) => expect(values[i], row).toBe(written(renewalDefaults[key])));
    }
  });
});
