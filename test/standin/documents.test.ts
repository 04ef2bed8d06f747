import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandIn, startStandIn } from '../../demo/server/stand-in';
import { type OpenSession, openSession } from './engine-client';

describe('document and tiles', () => {
  let standIn: StandIn;
  let session: OpenSession;
  beforeAll(async () => {
    standIn = await startStandIn();
    session = await openSession(standIn);
  });
  afterAll(() => standIn.close());

  it('reports the real page sizes of the sample PDF', async () => {
    const { data } = (await (await session.request('document.json')).json()) as { data: any };
    expect(data.pageCount).toBe(3);
    expect(data.pages.map((p: any) => [p.width, p.height])).toEqual([[612, 792], [595, 842], [792, 612]]);
    expect(data.pages[1]).toMatchObject({ pageIndex: 1, pageLabel: '2', matrix: [1, 0, 0, -1, 0, 842], rawPdfBoxes: { mediaBox: [0, 0, 595, 842] } });
  });

  it('renders a tile of the requested size with visible content', async () => {
    const response = await session.request('page-0-dimensions-1224-1584-tile-0-0-512-512-overprint', { imageToken: true });
    expect(response.headers.get('content-type')).toBe('image/png');
    const image = await loadImage(Buffer.from(await response.arrayBuffer()));
    expect([image.width, image.height]).toEqual([512, 512]);
    const context = createCanvas(512, 512).getContext('2d');
    context.drawImage(image, 0, 0);
    const [r, g, b] = context.getImageData(200, 150, 1, 1).data; // inside the blue header band at 2x
    expect(b).toBeGreaterThan(120);
    expect(r).toBeLessThan(100);
    expect(g).toBeLessThan(120);
  });

  it('accepts POST tiles (annotations to draw) and answers the page image', async () => {
    const form = new FormData();
    form.append('data', JSON.stringify({ annotations: [] }));
    const response = await session.request('page-2-dimensions-396-306-tile-0-0-396-306', { method: 'POST', body: form, imageToken: true });
    expect(response.status).toBe(200);
  });

  it('answers the small endpoints the viewer asks for', async () => {
    const answers = await Promise.all(
      ['page-0-text-content-v-2', 'page-2-text-content-v-1', 'page-1-text', 'outline.json', 'form.json', 'embedded-files', 'signatures']
        .map(async (name) => (await session.request(name)).json()),
    );
    expect(answers).toEqual([[], [], { textLines: [] }, { data: { outline: [] } },
      { data: { v: 1, type: 'pspdfkit/form', annotations: [], fields: [] } }, { data: { embeddedFiles: [] } }, { data: null }]);
    expect((await session.request('annotations-tab-order')).status).toBe(404);
    expect((await session.request('page-0-text-content-v-3')).status).toBe(404);
  });

  it.each([
    ['a page that does not exist', 'page-7-dimensions-100-100-tile-0-0-100-100', 404],
    ['an absurd tile size', 'page-0-dimensions-100-100-tile-0-0-99999-100', 400],
    ['an absurd page size', 'page-0-dimensions-999999-100-tile-0-0-100-100', 400],
  ])('answers %s with a 4xx', async (_name, tile, status) => {
    expect((await session.request(tile, { imageToken: true })).status).toBe(status);
  });
});
