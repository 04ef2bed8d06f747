// Parses tile names: page-{i}-dimensions-{W}-{H}-tile-{left}-{top}-{w}-{h}[-print][-overprint][-pureblack].
// W x H is the whole page in pixels at the current zoom; the rest is the tile's rectangle in it.
import { BadRequestError } from './http-errors';

export interface TileRequest {
  pageIndex: number;
  pageWidthPx: number;
  pageHeightPx: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

const TILE_NAME = /^page-(\d+)-dimensions-(\d+)-(\d+)-tile-(\d+)-(\d+)-(\d+)-(\d+)((?:-print|-overprint|-pureblack)*)$/;
const MAX_PAGE_PX = 20_000; // beyond what any zoom level the viewer allows asks for
const MAX_TILE_PX = 4_096;

export function isTileName(name: string): boolean {
  return TILE_NAME.test(name);
}

export function parseTileName(name: string): TileRequest {
  const match = TILE_NAME.exec(name);
  if (!match) throw new BadRequestError('Malformed tile name');
  const [pageIndex, pageWidthPx, pageHeightPx, left, top, width, height] = match.slice(1, 8).map(Number) as [
    number, number, number, number, number, number, number,
  ];
  const tile = { pageIndex, pageWidthPx, pageHeightPx, left, top, width, height };
  if (pageWidthPx < 1 || pageHeightPx < 1 || pageWidthPx > MAX_PAGE_PX || pageHeightPx > MAX_PAGE_PX) {
    throw new BadRequestError('Page dimensions out of range');
  }
  if (width < 1 || height < 1 || width > MAX_TILE_PX || height > MAX_TILE_PX) {
    throw new BadRequestError('Tile size out of range');
  }
  return tile;
}

export function tileCacheKey(tile: TileRequest): string {
  const { pageIndex, pageWidthPx, pageHeightPx, left, top, width, height } = tile;
  return [pageIndex, pageWidthPx, pageHeightPx, left, top, width, height].join('-');
}
