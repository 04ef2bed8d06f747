// Renewal for SDKs without setSession (@nutrient-sdk/viewer before 1.14, pspdfkit 2024.x): a
// second viewer is loaded with the fresh token under the first one, given its view, and shown in
// its place once it has rendered (`swap`); or the viewer is unloaded and loaded again in place
// (`reload`: one viewer's memory, a visible reload). Unsaved changes are saved first; a change made
// while the new viewer loaded makes it start over, so nothing is lost. In a hidden tab nothing waits
// for drawing or for a pause in the user's input (no frames come there, and nobody sees the switch).
import { ViewerSwapError } from './errors.js';
import { isPageHidden } from './page-visibility.js';
import type { ReplaceMethod } from './events.js';
import { summarizeError } from './redact.js';
import { watchInteraction, type InteractionWatch } from './interaction-watch.js';
import { captureViewSnapshot, restoreViewSnapshot, type ViewStateInstance } from './view-snapshot.js';
import { unloadQuietly, type ViewerInstance, type ViewerSdk } from './viewer-sdk.js';
import { waitForRender, type RenderWait } from './wait-for-render.js';

/** What a swap uses of a viewer instance; @nutrient-sdk/viewer 1.12 and pspdfkit 2024.8 have it all. */
export interface ReplaceableInstance extends ViewStateInstance {
  hasUnsavedChanges?(): boolean;
  save?(): Promise<void>;
  addEventListener?(type: string, listener: () => void): void;
  removeEventListener?(type: string, listener: () => void): void;
}

export interface ViewerReplacerSetup {
  sdk: ViewerSdk<ViewerInstance>;
  /** The app's container; the viewers live in slots inside it. */
  host: HTMLElement;
  method: ReplaceMethod;
  /** The load configuration for a token, without `container`. */
  configure(jwt: string): Record<string, unknown>;
  /** `Date.now()` ms after which a swap goes ahead even mid-gesture (the token is about to run out). */
  latestStartAt(): number;
}

/** Times a change made during the swap may send it back to the start. */
const MAX_TRIES = 3;

/** The current viewer's slot is above the one being prepared (which is painted, so no blank frame on the switch). */
const SLOT_STYLE = 'position:absolute;inset:0;';
const ABOVE = '1';
const BELOW = '0';

export class ViewerReplacer {
  readonly #setup: ViewerReplacerSetup;
  readonly #interaction: InteractionWatch;
  #slot: HTMLElement;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(setup: ViewerReplacerSetup) {
    this.#setup = setup;
    const { host } = setup;
    // Slots are stacked in the host: it is their containing block, and keeps their z-index to itself.
    if (getComputedStyle(host).position === 'static') host.style.position = 'relative';
    host.style.isolation = 'isolate';
    this.#slot = this.#newSlot();
    this.#interaction = watchInteraction(host);
  }

  get method(): ReplaceMethod {
    return this.#setup.method;
  }

  /** Where the current viewer is (the first one loads here). */
  get container(): HTMLElement {
    return this.#slot;
  }

  /** Gives the viewer a new token by the configured method; resolves with the viewer that has it. One at a time. */
  replace<I extends ViewerInstance>(old: I, jwt: string, signal: AbortSignal): Promise<I> {
    const run = this.#queue.catch(() => {}).then(() => this.#replace(old, jwt, signal));
    this.#queue = run;
    return run;
  }

  /** Stops watching the user's input and removes the slot the SDK left behind. */
  dispose(): void {
    this.#interaction.stop();
    this.#slot.remove();
  }

  async #replace<I extends ViewerInstance>(old: I, jwt: string, signal: AbortSignal): Promise<I> {
    const viewer = old as unknown as ReplaceableInstance & I;
    for (let tries = 1; ; tries++) {
      await this.#interaction.whenIdle(signal, this.#setup.latestStartAt());
      await saveChanges(viewer);
      if (this.#setup.method === 'reload') return this.#reload(viewer, jwt, signal);
      const next = await this.#trySwap(viewer, jwt, signal);
      if (next) return next;
      if (tries === MAX_TRIES) throw new ViewerSwapError(`The user kept changing the document during ${MAX_TRIES} swaps; the old viewer stays until the next renewal`);
    }
  }

  /** Loads the new viewer under the old one; undefined when the user changed something meanwhile. */
  async #trySwap<I extends ViewerInstance>(old: ReplaceableInstance & I, jwt: string, signal: AbortSignal): Promise<I | undefined> {
    const changed = watchChanges(old);
    const slot = this.#newSlot(true);
    const doc = slot.ownerDocument;
    let next: (ReplaceableInstance & I) | undefined;
    try {
      next = (await this.#load(slot, jwt, signal)) as ReplaceableInstance & I;
      await restoreViewSnapshot(next, captureViewSnapshot(old));
      let render: RenderWait;
      do {
        // Neither wait holds up a hidden tab; one shown before the switch waits for drawing after all.
        render = await waitForRender(slot, signal);
        // The view may have moved while the new viewer loaded: follow it once more.
        await restoreViewSnapshot(next, captureViewSnapshot(old));
        await this.#interaction.whenIdle(signal, this.#setup.latestStartAt());
      } while (render === 'hidden' && !isPageHidden(doc));
      if (changed.any() || old.hasUnsavedChanges?.()) {
        await saveChanges(old); // the new viewer loaded before this change reached the engine
        this.#drop(slot, next);
        return undefined;
      }
    } catch (error) {
      this.#drop(slot, next);
      throw signal.aborted ? signal.reason : asSwapError(error);
    } finally {
      changed.stop();
    }
    // No await from here on: no input can come between the check above and the switch.
    const previous = this.#slot;
    slot.style.zIndex = ABOVE;
    slot.inert = false;
    slot.removeAttribute('aria-hidden');
    this.#slot = slot;
    this.#drop(previous, old);
    return next;
  }

  async #reload<I extends ViewerInstance>(old: ReplaceableInstance & I, jwt: string, signal: AbortSignal): Promise<I> {
    const snapshot = captureViewSnapshot(old);
    unloadQuietly(this.#setup.sdk, old);
    try {
      const next = (await this.#load(this.#slot, jwt, signal)) as ReplaceableInstance & I;
      await restoreViewSnapshot(next, snapshot);
      return next;
    } catch (error) {
      throw signal.aborted ? signal.reason : asSwapError(error);
    }
  }

  #load(slot: HTMLElement, jwt: string, signal: AbortSignal): Promise<ViewerInstance> {
    signal.throwIfAborted();
    return this.#setup.sdk.load({ ...this.#setup.configure(jwt), container: slot });
  }

  /** A slot fills the host; a hidden one sits under the current viewer, out of reach of input. */
  #newSlot(hidden = false): HTMLElement {
    const slot = this.#setup.host.ownerDocument.createElement('div');
    slot.style.cssText = SLOT_STYLE;
    slot.style.zIndex = hidden ? BELOW : ABOVE;
    if (hidden) {
      slot.inert = true;
      slot.setAttribute('aria-hidden', 'true');
    }
    slot.dataset.viewerSlot = '';
    this.#setup.host.append(slot);
    return slot;
  }

  #drop(slot: HTMLElement, instance: ViewerInstance | undefined): void {
    unloadQuietly(this.#setup.sdk, instance ?? slot);
    slot.remove();
  }
}

async function saveChanges(instance: ReplaceableInstance): Promise<void> {
  if (instance.hasUnsavedChanges?.()) await instance.save?.();
}

/** Notices any annotation change on the old viewer while the new one loads. */
function watchChanges(instance: ReplaceableInstance): { any(): boolean; stop(): void } {
  let changed = false;
  const onChange = () => {
    changed = true;
  };
  instance.addEventListener?.('annotations.change', onChange);
  return { any: () => changed, stop: () => instance.removeEventListener?.('annotations.change', onChange) };
}

function asSwapError(error: unknown): ViewerSwapError {
  if (error instanceof ViewerSwapError) return error;
  const summary = summarizeError(error); // the SDK's message could quote a token
  return new ViewerSwapError(`Loading the viewer with the new token failed: ${summary.name}: ${summary.message}`, { cause: summary });
}
