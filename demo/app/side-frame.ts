// A second page shown in a small frame over the viewer's corner, for the checklist scenarios that
// need one: "Two tabs sharing" (demo/tabs-e2e.html: another tab of the same user, sharing tokens
// over BroadcastChannel, same origin like a real tab) and "Swap on an old SDK" (demo/swap-e2e.html:
// SDK 1.12 without setSession). Same origin, so the scenario reads the frame's window directly.
import { byId } from './dom';
import { realNow } from './page-clock';

const LOAD_TIMEOUT_MS = 60_000;

export class SideFrame {
  readonly #box = byId('side-frame');
  readonly #label = byId('side-frame-label');
  #frame: HTMLIFrameElement | undefined;

  /** Opens `url` in the frame under `label`; resolves with its window once `ready(window)` holds. */
  async open<W>(url: string, label: string, ready: (win: Window & W) => boolean): Promise<Window & W> {
    this.close();
    const frame = document.createElement('iframe');
    frame.src = url;
    frame.title = label;
    this.#frame = frame;
    this.#label.textContent = label;
    this.#box.append(frame);
    this.#box.hidden = false;
    const end = realNow() + LOAD_TIMEOUT_MS;
    for (;;) {
      const win = frame.contentWindow as (Window & W) | null;
      if (win && ready(win)) return win;
      if (realNow() > end || this.#frame !== frame) throw new SideFrameError(`${label} did not load within ${LOAD_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Removes the frame (its viewer and session go with it). */
  close(): void {
    this.#frame?.remove();
    this.#frame = undefined;
    this.#box.hidden = true;
  }
}

export class SideFrameError extends Error {
  readonly code = 'side-frame';
  constructor(message: string) {
    super(message);
    this.name = 'SideFrameError';
  }
}
