// The document the engine serves: page geometry for document.json, and PNG tiles rendered by
// pdf.js (legacy build for Node). Rendered tiles are cached; the parsed PDF stays open.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ByteLru } from './byte-lru';
import { NotFoundError } from './http-errors';
import type { TileRequest } from './tile-request';
import { tileCacheKey } from './tile-request';

export interface PageGeometry { pageIndex: number; width: number; height: number }

// pdf.js brings its own @napi-rs/canvas; canvases must come from its factory, because its
// Path2D objects are rejected by a canvas from another copy of the package.
interface PdfCanvas { encode(format: 'png'): Promise<Buffer> }
interface CanvasFactory { create(w: number, h: number): { canvas: PdfCanvas }; destroy(c: { canvas: PdfCanvas }): void }

const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

export class PdfDocument {
  private readonly tiles = new ByteLru(64 * 1024 * 1024);
  private readonly rendering = new Map<string, Promise<Buffer>>();

  private constructor(
    private readonly pdf: PDFDocumentProxy,
    readonly pages: PageGeometry[],
    readonly title: string,
  ) {}

  static async open(path: string): Promise<PdfDocument> {
    const data = new Uint8Array(await readFile(path));
    const pdf = await getDocument({ data, standardFontDataUrl, isEvalSupported: false, verbosity: 0 }).promise;
    const pages: PageGeometry[] = [];
    for (let i = 0; i < pdf.numPages; i++) {
      const page = await pdf.getPage(i + 1);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      pages.push({ pageIndex: i, width: x1 - x0, height: y1 - y0 });
    }
    const info = (await pdf.getMetadata()).info as { Title?: unknown };
    return new PdfDocument(pdf, pages, typeof info.Title === 'string' ? info.Title : 'Untitled');
  }

  /** Rendered tiles come from the cache; overlapping requests for one tile share one render. */
  async renderTile(tile: TileRequest): Promise<Buffer> {
    const key = tileCacheKey(tile);
    const cached = this.tiles.get(key);
    if (cached) return cached;
    let rendering = this.rendering.get(key);
    if (!rendering) {
      rendering = this.render(tile).finally(() => this.rendering.delete(key));
      this.rendering.set(key, rendering);
    }
    const png = await rendering;
    this.tiles.set(key, png);
    return png;
  }

  private async render(tile: TileRequest): Promise<Buffer> {
    const geometry = this.pages[tile.pageIndex];
    if (!geometry) throw new NotFoundError('No such page');
    const page = await this.pdf.getPage(tile.pageIndex + 1);
    const factory = this.pdf.canvasFactory as CanvasFactory;
    const target = factory.create(tile.width, tile.height);
    try {
      const sx = tile.pageWidthPx / geometry.width;
      const sy = tile.pageHeightPx / geometry.height;
      // Scale page points to the requested page pixels, then shift the tile's corner to 0,0.
      await page.render({
        canvas: target.canvas as never,
        viewport: page.getViewport({ scale: 1 }),
        transform: [sx, 0, 0, sy, -tile.left, -tile.top],
      }).promise;
      return await target.canvas.encode('png');
    } finally {
      factory.destroy(target);
    }
  }

  async close(): Promise<void> {
    await this.pdf.destroy();
  }
}
