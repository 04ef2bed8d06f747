// A large document for the old SDKs' swap rows (bench/swap-cost.ts, row 7c): many pages of text,
// a grid and filled shapes, written by hand like demo/server/make-sample-pdf.ts (no dependency),
// into a temp folder at bench time (a few MB: not committed).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPdf } from '../demo/server/make-sample-pdf';

const LOREM =
  'Document Engine stand-in large document. Each page carries real text, a grid and shapes so that every tile the ' +
  'server renders has content and the viewer lays out every page.';

function page(n: number, count: number): { width: number; height: number; content: string } {
  const [width, height] = n % 7 === 3 ? [792, 612] : [612, 792];
  const lines = ['0.85 0.88 0.95 RG 0.4 w'];
  for (let x = 36; x < width; x += 36) lines.push(`${x} 0 m ${x} ${height} l S`);
  for (let y = 36; y < height; y += 36) lines.push(`0 ${y} m ${width} ${y} l S`);
  const hue = (n * 37) % 100 / 100;
  lines.push(`${hue.toFixed(2)} 0.4 ${(1 - hue).toFixed(2)} rg 0 ${height - 80} ${width} 80 re f`);
  lines.push(`1 1 1 rg BT /F1 26 Tf 40 ${height - 52} Td (Page ${n + 1} of ${count}) Tj ET`);
  lines.push('0 0 0 rg');
  for (let row = 0; row < 34; row++) {
    const text = `${row + 1}. ${LOREM.slice((row * 7) % 60, (row * 7) % 60 + 80)}`.replace(/[\\()]/g, '');
    lines.push(`BT /F1 10 Tf 40 ${height - 110 - row * 18} Td (${text}) Tj ET`);
  }
  lines.push(`0.9 0.5 0.1 rg ${width - 200} 60 140 90 re f`, `0.2 0.6 0.3 rg ${width - 360} 60 120 90 re f`);
  return { width, height, content: lines.join('\n') };
}

/** Writes a `pages`-page PDF into a new temp folder; returns its path. */
export function writeLargePdf(pages = 240): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bench-large-pdf-')), 'large.pdf');
  writeFileSync(path, buildPdf(Array.from({ length: pages }, (_, n) => page(n, pages))));
  return path;
}
