// Things done to the viewer itself. Zoom and page changes need tiles the viewer has not got yet,
// so after "Expire all sessions" they make the engine refuse the old token right away; drawing
// needs a sync.
import type { DemoSession } from './demo-session';

export function zoomIn(demo: DemoSession): string {
  const instance = demo.session?.instance;
  if (!instance) return 'zoom in: no viewer loaded';
  instance.setViewState((state) => state.zoomIn());
  return 'zoom in';
}

/** Zoom to a level not shown yet (new tiles), alternating so repeated calls keep asking. */
export function zoomToFresh(demo: DemoSession, step: number): string {
  const instance = demo.session?.instance;
  if (!instance) return 'zoom: no viewer loaded';
  const zoom = 1.05 + ((step * 7) % 19) * 0.05;
  instance.setViewState((state) => state.set('zoom', zoom));
  return `zoom to ${Math.round(zoom * 100)} %`;
}

export function nextPage(demo: DemoSession): string {
  const instance = demo.session?.instance;
  if (!instance) return 'next page: no viewer loaded';
  const next = (instance.viewState.currentPageIndex + 1) % instance.totalPageCount;
  instance.setViewState((state) => state.set('currentPageIndex', next));
  return `go to page ${next + 1} of ${instance.totalPageCount}`;
}

/** Draws a small rectangle on page 1 and waits until the engine has stored it (a sync). */
export async function drawRectangle(demo: DemoSession, n: number): Promise<string> {
  const instance = demo.session?.instance;
  if (!instance) return 'draw: no viewer loaded';
  const { default: sdk } = await import('@nutrient-sdk/viewer');
  const rectangle = new sdk.Annotations.RectangleAnnotation({
    pageIndex: 0,
    boundingBox: new sdk.Geometry.Rect({ left: 40 + (n % 8) * 60, top: 60 + (Math.floor(n / 8) % 10) * 60, width: 50, height: 40 }),
    strokeColor: sdk.Color.BLUE,
    strokeWidth: 3,
  });
  const [created] = await instance.create(rectangle);
  await instance.ensureChangesSaved(created!);
  return 'draw a rectangle on page 1 (saved)';
}

/** session.renew(); a failure already shows as error/ended events, so the rejection is dropped. */
export function renewNow(demo: DemoSession): string {
  const session = demo.session;
  if (!session) return 'renew now: no viewer loaded';
  session.renew().catch(() => undefined);
  return 'renew now (session.renew())';
}
