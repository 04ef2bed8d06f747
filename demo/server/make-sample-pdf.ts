// Writes demo/server/sample.pdf: three hand-made pages (PDF syntax by hand, no dependency), with
// text, filled shapes and different page sizes, so rendered tiles are visibly non-blank and
// document.json must report real per-page sizes. Run: npx tsx demo/server/make-sample-pdf.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface SamplePage { width: number; height: number; content: string }

function text(x: number, y: number, size: number, s: string): string {
  const escaped = s.replace(/[\\()]/g, (c) => `\\${c}`);
  return `BT /F1 ${size} Tf ${x} ${y} Td (${escaped}) Tj ET`;
}

function box(x: number, y: number, w: number, h: number, rgb: [number, number, number]): string {
  return `${rgb.join(' ')} rg ${x} ${y} ${w} ${h} re f`;
}

function grid(width: number, height: number, step: number): string {
  const lines: string[] = ['0.75 0.8 0.9 RG 0.5 w'];
  for (let x = step; x < width; x += step) lines.push(`${x} 0 m ${x} ${height} l S`);
  for (let y = step; y < height; y += step) lines.push(`0 ${y} m ${width} ${y} l S`);
  return lines.join('\n');
}

const pages: SamplePage[] = [
  {
    width: 612, height: 792, // US Letter
    content: [
      box(0, 692, 612, 100, [0.13, 0.33, 0.66]),
      '1 1 1 rg', text(48, 730, 32, 'Document Engine stand-in'),
      '0 0 0 rg', text(48, 640, 16, 'Page 1 of 3 - sample document for the contract test.'),
      box(48, 380, 240, 200, [0.95, 0.55, 0.15]),
      box(324, 380, 240, 200, [0.2, 0.7, 0.4]),
      '0.1 0.1 0.1 RG 4 w 48 320 m 564 320 l S',
      '0 0 0 rg', text(48, 280, 14, 'Rendered on the server by pdf.js, served as PNG tiles.'),
    ].join('\n'),
  },
  {
    width: 595, height: 842, // A4
    content: [grid(595, 842, 50), box(100, 500, 395, 200, [0.6, 0.2, 0.6]),
      '0 0 0 rg', text(60, 780, 24, 'Page 2 - A4 with a grid')].join('\n'),
  },
  {
    width: 792, height: 612, // Letter, landscape
    content: [box(60, 60, 672, 492, [0.9, 0.9, 0.75]), box(120, 120, 200, 200, [0.8, 0.1, 0.1]),
      '0 0 0 rg', text(360, 400, 28, 'Page 3 - landscape')].join('\n'),
  },
];

/** Serialises objects 1..n with a correct cross-reference table (byte offsets). */
export function buildPdf(samplePages: SamplePage[]): Buffer {
  const objects: string[] = [];
  const pageIds = samplePages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${samplePages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  samplePages.forEach((page, i) => {
    const pageId = pageIds[i]!;
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] ` +
      `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${Buffer.byteLength(page.content)} >>\nstream\n${page.content}\nendstream`;
  });
  const infoId = objects.length;
  objects[infoId] = '<< /Title (Stand-in sample) /Producer (make-sample-pdf.ts) >>';

  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(body);
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xrefAt = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info ${infoId} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('./sample.pdf', import.meta.url));
  writeFileSync(target, buildPdf(pages));
  console.log(`wrote ${target}`);
}
