// Buttons that act on the viewer itself. Zoom and page changes need tiles the viewer has not got
// yet, so after "Expire all sessions" they make the engine refuse the old token right away.
import type { DemoSession } from './demo-session';

export function zoomIn(demo: DemoSession): string {
  const instance = demo.session?.instance;
  if (!instance) return 'zoom in: no viewer loaded';
  instance.setViewState((state) => state.zoomIn());
  return 'zoom in';
}

export function nextPage(demo: DemoSession): string {
  const instance = demo.session?.instance;
  if (!instance) return 'next page: no viewer loaded';
  const next = (instance.viewState.currentPageIndex + 1) % instance.totalPageCount;
  instance.setViewState((state) => state.set('currentPageIndex', next));
  return `go to page ${next + 1} of ${instance.totalPageCount}`;
}

/** session.renew(); a failure already shows as error/ended events, so the rejection is dropped. */
export function renewNow(demo: DemoSession): string {
  const session = demo.session;
  if (!session) return 'renew now: no viewer loaded';
  session.renew().catch(() => undefined);
  return 'renew now (session.renew())';
}
