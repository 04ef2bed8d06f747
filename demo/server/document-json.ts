// Bodies of GET H/document.json and the small per-document endpoints the viewer asks for.
import type { PageGeometry } from './pdf-document';

function pageJson({ pageIndex, width: w, height: h }: PageGeometry) {
  return {
    pageIndex,
    pageLabel: String(pageIndex + 1),
    width: w,
    height: h,
    rotation: 0,
    matrix: [1, 0, 0, -1, 0, h],
    reverseMatrix: [1, 0, 0, -1, 0, h],
    untransformedBBox: [0, 0, w, h],
    transformedBBox: [0, 0, w, h],
    rawPdfBoxes: { mediaBox: [0, 0, w, h], cropBox: null, bleedBox: null, trimBox: null },
  };
}

export function documentJson(title: string, pages: PageGeometry[]) {
  return {
    data: {
      pageCount: pages.length,
      title,
      permissions: {
        annotationsAndForms: true, assemble: true, extract: true, extractAccessibility: true,
        fillForms: true, modification: true, printHighQuality: true, printing: true,
      },
      pages: pages.map(pageJson),
    },
  };
}

/** Answers for the endpoints that carry no content in our sample (no text layer, no outline, ...). */
export const EMPTY_ANSWERS: Record<string, unknown> = {
  'outline.json': { data: { outline: [] } },
  'form.json': { data: { v: 1, type: 'pspdfkit/form', annotations: [], fields: [] } },
  'embedded-files': { data: { embeddedFiles: [] } },
  signatures: { data: null },
};

// SDK 1.17+ asks for text-content-v-2, SDK 1.14 for text-content-v-1 (and 404 is a page error there).
const PAGE_TEXT = /^page-(\d+)-(text-content-v-[12]|text-content|text|highlighted)$/;

/** For page-N-text*, the empty answer; undefined when `name` is no such endpoint. */
export function pageTextAnswer(name: string): { pageIndex: number; body: unknown } | undefined {
  const match = PAGE_TEXT.exec(name);
  if (!match) return undefined;
  const variant = match[2];
  const body = variant === 'text' ? { textLines: [] } : variant === 'highlighted' ? { text: '' } : [];
  return { pageIndex: Number(match[1]), body };
}
