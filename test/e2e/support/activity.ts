// A user working in the viewer: zooming to sizes not rendered yet, paging, drawing and moving
// rectangles. Every step needs the engine (tiles or sync), so expired sessions show at once.
import type { SessionPage } from './session-page';
import { sleep } from './session-page';

export interface Activity {
  created: string[];
  steps: number;
}

/** Works for `durationMs` (real time: the tokens live that long), one step every `stepMs`. */
export async function workFor(page: SessionPage, durationMs: number, stepMs = 2_500, firstId = 0): Promise<Activity> {
  const activity: Activity = { created: [], steps: 0 };
  const end = Date.now() + durationMs;
  for (let step = 0; Date.now() < end; step++) {
    const started = Date.now();
    await act(page, step, activity, firstId);
    activity.steps++;
    await sleep(Math.max(0, stepMs - (Date.now() - started)));
  }
  return activity;
}

async function act(page: SessionPage, step: number, activity: Activity, firstId: number): Promise<void> {
  switch (step % 4) {
    case 0:
      activity.created.push(await page.createRectangle(0, firstId + activity.created.length));
      return;
    case 1:
      return page.zoomTo(1 + ((step * 7) % 23) * 0.05);
    case 2:
      if (activity.created.length > 0) await page.moveAnnotation(activity.created.at(-1)!, 5);
      return;
    default:
      return page.goToPage(step % 3);
  }
}
