// Renewal for SDKs without setSession (@nutrient-sdk/viewer before 1.14, pspdfkit 2024.x): a
// second viewer is loaded with the fresh token under the first one, given its view, and shown in
// its place once it has rendered (`swap`); or the viewer is unloaded and loaded again in place
// (`reload`: one viewer's memory, a visible reload). Unsaved changes are saved first; a change made
// while the new viewer loaded makes it start over, so nothing is lost. A failed reload loads the
// viewer again with the token it had, so the page is not left without one. Replacements queue, and
// each replaces the viewer the one before left live. In a hidden tab nothing waits for drawing or
// for a pause in the user's input (no frames come there, and nobody sees the switch). An old viewer
// that cannot save (its token ran out) gives its unsaved changes to the new one (swap-carry-changes).
import { ViewerSwapError } from '../errors/errors.js';
import { isPageHidden, type VisibilitySource } from './page-visibility.js';
import type { ReplaceMethod } from '../session/events.js';
import { summarizeError } from '../tokens/redact.js';
import { watchInteraction, type InteractionWatch } from './interaction-watch.js';
import { SCROLLER_SELECTOR, captureViewSnapshot, restoreViewSnapshot, type ViewSnapshot, type ViewStateInstance } from './view-snapshot.js';
import { twoFramesIn, type NextFrame } from './next-frame.js';
import { isAuthLoadError, unloadQuietly, type ViewerInstance, type ViewerSdk } from './viewer-sdk.js';
import { hasRendered, waitForRender } from './wait-for-render.js';
import { focusDropped, focusPlaceIn, restoreFocus, watchFocus, type FocusPlace, type FocusWatch } from './focus-carry.js';
import { makeReadOnly, type Frozen } from './swap-freeze.js';
import { commitOpenEditor, nextChange } from './open-editor.js';
import { applySettings, readSettings, rememberCreatorName, type SettingsInstance } from './viewer-settings.js';
import { interceptAppUnload } from './app-unload.js';
import { resolveContainer } from './unload-watch.js';
import { DEFAULT_SAVE_TIMEOUT_MS, SWAP_LOADS_DROPPED_BEFORE_FREEZE, commitWaitMs, swapAfterSave, swapFreezeIn, swapNeedsFreshToken, swapWaitsForLatestStart } from '../policy/renewal-policy.js';
import { pollUntil, within } from '../session/timer.js';
import type { HandOverToken } from '../session/renewer.js';
import type { UnsavedChange } from '../session/pending-changes.js';
import { applyChanges, readChanges, type CarryingViewer, type CarryOutcome, type ChangeToCarry } from './carry-changes.js';

/** What a swap uses of a viewer instance; @nutrient-sdk/viewer 1.12 and pspdfkit 2024.8 have it all. */
export interface ReplaceableInstance extends SettingsInstance, CarryingViewer {
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
  /** What a swap is allowed (measured on this machine): the reserve a load needs, and how long a freeze waits for the SDK. */
  handOverMs?(): number;
  /**
   * The token the shown viewer was loaded with (the session's current one). A failed reload loads the
   * viewer again with it; without it, only a viewer this replacer loaded itself can be brought back.
   */
  currentJwt?(): string | undefined;
  /** What says whether the page is seen; default: the host's document. */
  page?: VisibilitySource | undefined;
  /**
   * Called when the app itself unloads the viewer with the SDK's `unload(container)` (or the
   * instance): the viewer sits in a slot the SDK would not find there. The session ends then.
   */
  onAppUnload?(): void;
  /** The old viewer's unsaved annotations (the session follows them), for a carry (rule swap-carry-changes). */
  unsavedChanges?(): readonly UnsavedChange[];
  /** A carry is done: what reached the new viewer, and whether it saved it. */
  onCarried?(outcome: CarryOutcome): void;
  /** The old viewer was frozen (rule swap-freeze): after finishing the user's gesture, or committing an open editor, or neither. */
  onFrozen?(how: 'gesture' | 'editor' | 'idle'): void;
  /**
   * The longest the old viewer's save may take (the session's `saveTimeoutMs`, default 5 s), and no
   * longer than its token lasts (`oldExpiresAt`, `Date.now()` ms): longer counts as failed.
   */
  saveTimeoutMs?: number;
  oldExpiresAt?(): number | undefined;
}

/**
 * A reload failed after the old viewer was unloaded. `instance` is the viewer loaded again in its
 * place with the token it had (the one the session must hold from now on), or undefined when that
 * failed too and no viewer is mounted.
 */
export class ViewerReloadError extends ViewerSwapError {
  readonly instance: ViewerInstance | undefined;

  constructor(message: string, instance: ViewerInstance | undefined, options?: ErrorOptions) {
    super(message, options);
    this.instance = instance;
  }
}

/** The least time a save of the old viewer is given, even with its token about to run out (or run out). */
const MIN_SAVE_MS = 1_000;

/** Past the latest start, rounds of following the view before the switch goes ahead even undrawn (pages that never settle). */
const LAST_ROUNDS = 4;

/** The current viewer's slot is above the one being prepared (which is painted, so no blank frame on the switch). */
const SLOT_STYLE = 'position:absolute;inset:0;';
const ABOVE = '1';
const BELOW = '0';

export class ViewerReplacer {
  readonly #setup: ViewerReplacerSetup;
  readonly #interaction: InteractionWatch;
  #slot: HTMLElement;
  #queue: Promise<unknown> = Promise.resolve();
  /** The viewer mounted after the last replacement (null: none); undefined until the first one runs. */
  #live: ViewerInstance | null | undefined;
  readonly #page: VisibilitySource;
  readonly #frames: NextFrame;
  /** The token #live was loaded with, when this replacer loaded it. */
  #liveJwt: string | undefined;
  /** The view of the last viewer a reload unloaded, for when none is mounted now. */
  #lastView: ViewSnapshot | undefined;
  /** The old viewer, made read-only for the end of this replacement (rule swap-freeze). */
  #frozen: Frozen | undefined;
  /** The freeze under way or done: resolves with whether the old viewer's save then went through. */
  #freezing: Promise<boolean> | undefined;
  #focusBeforeFreeze: FocusPlace | undefined;
  /** The old viewer could not save: its changes go to the new one (rule swap-carry-changes). */
  #carrying = false;
  /** Slots a swap is loading a viewer into, not shown yet. */
  readonly #hiddenSlots = new Set<HTMLElement>();
  /** The first viewer, loaded by the session into this replacer's slot. */
  #adopted: WeakRef<ViewerInstance> | undefined; // weak: a dropped viewer must not be kept by us
  #stopIntercept: () => void = () => {};
  readonly #focusWatch: FocusWatch;

  constructor(setup: ViewerReplacerSetup) {
    this.#setup = setup;
    const { host } = setup;
    // Slots are stacked in the host: it is their containing block, and keeps their z-index to itself.
    if (getComputedStyle(host).position === 'static') host.style.position = 'relative';
    host.style.isolation = 'isolate';
    this.#slot = this.#newSlot();
    this.#page = setup.page ?? host.ownerDocument;
    this.#frames = twoFramesIn(this.#page);
    this.#interaction = watchInteraction(host, this.#page);
    this.#focusWatch = watchFocus(host);
    const { onAppUnload } = setup;
    if (onAppUnload) {
      this.#stopIntercept = interceptAppUnload(setup.sdk as { unload(target: unknown): boolean }, {
        claims: (target) => this.#claims(target),
        onUnload: onAppUnload,
      });
    }
  }

  /** The app's unload names this viewer: the app's container (element or selector) or the viewer shown. */
  #claims(target: unknown): boolean {
    const shown = this.#live === undefined ? this.#adopted?.deref() : this.#live;
    if (shown && target === shown) return true;
    try {
      return resolveContainer(target) === this.#setup.host;
    } catch {
      return false; // not a selector: the SDK's own unload says so
    }
  }

  /** How long the old viewer's save may take now: a save after its token ran out fails or hangs (pspdfkit). */
  get #saveTimeoutMs(): number {
    const expiresAt = this.#setup.oldExpiresAt?.();
    const tokenLeft = expiresAt === undefined ? Infinity : Math.max(MIN_SAVE_MS, expiresAt - Date.now());
    return Math.min(this.#setup.saveTimeoutMs ?? DEFAULT_SAVE_TIMEOUT_MS, tokenLeft);
  }

  get method(): ReplaceMethod {
    return this.#setup.method;
  }

  /** Where the current viewer is (the first one loads here). */
  get container(): HTMLElement {
    return this.#slot;
  }

  /**
   * Gives the viewer a new token by the configured method; resolves with the viewer that has it. One
   * at a time: a call made while another runs replaces the viewer that one leaves (not `old`, which
   * it may have unloaded). A failed reload rejects with a `ViewerReloadError` naming the viewer left.
   * With `token` (its expiry and a way to a fresh one) no load uses a token that has run out.
   */
  replace<I extends ViewerInstance>(old: I, jwt: string, signal: AbortSignal, token?: HandOverToken): Promise<I> {
    const run = this.#queue.catch(() => {}).then(() => this.#replace((this.#live === undefined ? old : this.#live) as I | null, jwt, signal, token));
    this.#queue = run;
    return run;
  }

  /**
   * Starts following the run-time settings of a viewer this replacer did not load (the first one):
   * the author set with `setAnnotationCreatorName` is read back from it at the next swap.
   */
  adopt(instance: ViewerInstance): void {
    this.#adopted = new WeakRef(instance);
    rememberCreatorName(instance as SettingsInstance);
    this.#followChanges(instance as ReplaceableInstance);
  }

  /** The interaction watch hears the shown viewer's annotation changes (a committed text ends a pause's wait). */
  readonly #onShownChange = () => this.#interaction.sdkChanged();
  /** Focus moves counted when the old viewer was frozen: a move since is the user's (or the SDK's) choice. */
  #focusMovesAtFreeze = 0;
  #followChanges(instance: ReplaceableInstance, previous?: ReplaceableInstance): void {
    previous?.removeEventListener?.('annotations.change', this.#onShownChange);
    instance.addEventListener?.('annotations.change', this.#onShownChange);
  }

  /**
   * Stops watching the user's input and removes the slot the SDK left behind, and a hidden one a
   * swap is loading (its load settles later, into nothing: the swap then sees the abort).
   */
  dispose(): void {
    this.#stopIntercept();
    this.#focusWatch.stop();
    this.#interaction.stop();
    for (const slot of this.#hiddenSlots) unloadQuietly(this.#setup.sdk, slot);
    for (const slot of [this.#slot, ...this.#hiddenSlots]) slot.remove();
    this.#hiddenSlots.clear();
  }

  async #replace<I extends ViewerInstance>(old: I | null, jwt: string, signal: AbortSignal, token?: HandOverToken): Promise<I> {
    const viewer = old as (ReplaceableInstance & I) | null;
    this.#frozen = undefined;
    this.#freezing = undefined;
    this.#focusBeforeFreeze = undefined;
    this.#carrying = false;
    let expiresAt = token?.expiresAt;
    let refusedOnce = false;
    for (let dropped = 0; ; dropped++) {
      if (viewer && swapWaitsForLatestStart(dropped)) {
        // Rule swap-freeze: the user kept changing what the new viewer loaded; no more pauses are
        // waited for: at the latest start the old viewer is frozen and the last load goes ahead.
        await pollUntil(() => isPageHidden(this.#page), { everyMs: 1_000, latestAt: this.#setup.latestStartAt(), signal });
        await this.#freeze(viewer);
      } else {
        await this.#interaction.whenIdle(signal, this.#setup.latestStartAt());
      }
      if (viewer && !this.#carrying && swapAfterSave(await saveChanges(viewer, this.#saveTimeoutMs), false) === 'carry') await this.#startCarrying(viewer);
      // Rule swap-fresh-token: the user held the swap off, or it starts over, past the token's life:
      // a viewer loaded with it would be refused at /auth (and the swap would stall, then fail).
      if (token && swapNeedsFreshToken(expiresAt, Date.now(), this.#setup.handOverMs?.())) ({ jwt, expiresAt } = await token.refresh());
      // With no viewer mounted (a reload failed twice) there is nothing to swap with: load one.
      if (this.#setup.method === 'reload' || !viewer) return this.#reload(viewer, jwt, signal);
      let next: I | undefined;
      try {
        next = await this.#trySwap(viewer, jwt, signal);
      } catch (error) {
        // Rule swap-fresh-token: the engine refused the new viewer's token (it ran out during a load
        // slower than any before, or was revoked): one fresh token and one more load, as a first load gets.
        if (!token || refusedOnce || !(error instanceof TokenRefusedAtLoad)) throw error;
        refusedOnce = true;
        ({ jwt, expiresAt } = await token.refresh());
        continue;
      }
      if (next) return next;
      // Changed even while frozen (read-only cannot stop what another user's edits sync in).
      if (dropped > SWAP_LOADS_DROPPED_BEFORE_FREEZE) {
        this.#thaw();
        throw new ViewerSwapError(`The document kept changing during ${dropped + 1} loads of the new viewer; the old viewer stays until the next renewal`);
      }
    }
  }

  /**
   * Loads the new viewer under the old one; undefined when the user changed something meanwhile.
   * The view, settings and focus are read from the old viewer again at the moment of the switch.
   */
  async #trySwap<I extends ViewerInstance>(old: ReplaceableInstance & I, jwt: string, signal: AbortSignal): Promise<I | undefined> {
    const changed = watchChanges(old);
    const slot = this.#newSlot(true);
    const doc = this.#page;
    let next: (ReplaceableInstance & I) | undefined;
    try {
      next = (await this.#load(slot, jwt, signal)) as ReplaceableInstance & I;
      applySettings(next, readSettings(old), this.#frozen?.readOnlyBefore);
      // After the settings: what is made on the new viewer has the app's author.
      if (this.#carrying) await this.#carry(old, next);
      await restoreViewSnapshot(next, this.#viewOf(old), this.#frames);
      for (let round = 1; ; round++) {
        // Neither wait holds up a hidden tab; one shown before the switch waits for drawing after all.
        const render = await waitForRender(slot, signal, undefined, doc);
        await this.#interaction.whenIdle(signal, this.#setup.latestStartAt());
        // Past the latest start, mid-gesture or typing: the open editor's text is committed, not unloaded.
        if (this.#interaction.busy()) await this.#freeze(old);
        if (changed.any() || (!this.#carrying && old.hasUnsavedChanges?.())) {
          // Rule swap-freeze: past the latest start, this is the last time a change sends the swap
          // back: the old viewer stays read-only while the new one loads again.
          const frozenSaved = swapFreezeIn(this.#setup.latestStartAt(), Date.now()) === 0 ? await this.#freeze(old) : true;
          // The new viewer loaded before this change reached the engine; one the old viewer cannot save is carried.
          const saved = !this.#carrying && frozenSaved && (await saveChanges(old, this.#saveTimeoutMs));
          if (swapAfterSave(saved, true) === 'carry') {
            if (!this.#carrying) await this.#startCarrying(old);
            changed.reset();
            await this.#carry(old, next);
            continue;
          }
          this.#drop(slot, next);
          this.#live = old;
          return undefined;
        }
        if (render === 'hidden' && !isPageHidden(doc)) continue;
        // The view (and settings) at this moment: the user may have paged or scrolled since the last
        // restore. Switch only to a viewer that shows it, drawn (no blank page, nothing undone).
        const view = this.#viewOf(old);
        const shown = isPageHidden(doc) || (sameView(view, captureViewSnapshot(next)) && sameSettings(old, next) && hasRendered(slot));
        // A user who keeps moving is followed until the latest start; then the switch shows what is
        // drawn (never an undrawn viewer, unless drawing timed out).
        const late = round > 1 && Date.now() >= this.#setup.latestStartAt() && (hasRendered(slot) || round >= LAST_ROUNDS);
        if (shown || render === 'late') break;
        // Late, at the same zoom: no time to follow it round again; the scroll is taken now, in this
        // task (a page's images may finish drawing a frame later; a view put back would be worse).
        // Another zoom (an app's zoom button just now) is followed one more round, up to LAST_ROUNDS:
        // the scroll alone cannot show it, and a switch would undo it (pspdfkit 2024.8.2, 1 of 30).
        if (late && (sameZoom(view, captureViewSnapshot(next)) || round >= LAST_ROUNDS)) {
          followScroll(next, view);
          break;
        }
        applySettings(next, readSettings(old), this.#frozen?.readOnlyBefore, false);
        await restoreViewSnapshot(next, view, this.#frames);
      }
    } catch (error) {
      this.#drop(slot, next);
      this.#thaw();
      this.#live = old; // still shown
      throw signal.aborted ? signal.reason : asSwapError(error, !next && isAuthLoadError(error));
    } finally {
      changed.stop();
    }
    // No await from here on: no input can come between the checks above and the switch.
    // Where focus is now; where it was before a freeze when the freeze dropped it (the SDK's read-only
    // toolbar re-renders: focus on <body>, or on the slot where the freeze put it), not when the user
    // moved it since. Focus the SDK dropped to <body> just before (an editor closing) stays with the viewer too.
    // (Without a move, the focused element may be the same node relabelled: 1.12.0's read-only toolbar
    // reuses the Zoom In button's node for Thumbnails.)
    const now = focusPlaceIn(this.#slot);
    const movedSinceFreeze = this.#focusWatch.moves() > this.#focusMovesAtFreeze;
    const focus = (movedSinceFreeze && now?.selector ? now : undefined) ?? this.#focusBeforeFreeze ?? now ?? (this.#focusWatch.lastInViewer() ? { selector: '', index: 0 } : undefined);
    const previous = this.#slot;
    slot.style.zIndex = ABOVE;
    this.#hiddenSlots.delete(slot);
    slot.inert = false;
    slot.removeAttribute('aria-hidden');
    this.#slot = slot;
    // Focus moves before the old viewer goes: unloading it would drop focus to <body>.
    if (focus) restoreFocus(slot, focus);
    this.#followChanges(next, old);
    this.#drop(previous, old);
    this.#frozen = undefined;
    this.#live = next;
    this.#liveJwt = jwt;
    return next;
  }

  /** The old viewer's view; once frozen, with the tool it had before (read-only mode drops it). */
  #viewOf(old: ViewStateInstance): ViewSnapshot {
    const view = captureViewSnapshot(old);
    return this.#frozen ? { ...view, interactionMode: this.#frozen.interactionModeBefore } : view;
  }

  /** How long the freeze waits for the SDK to make a released shape or a committed text. */
  #commitWaitMs(): number {
    return commitWaitMs(this.#setup.handOverMs?.());
  }

  /** Commits the open editor, makes the old viewer read-only and saves it; once per replacement. */
  #freeze(old: ReplaceableInstance): Promise<boolean> {
    this.#freezing ??= (async () => {
      const editorPlace = focusPlaceIn(this.#slot); // the editor's place (the commit removes it): focus stays in the viewer
      const movesBeforeCommit = this.#focusWatch.moves();
      // A shape being drawn is finished as its release would (read-only mid-gesture drops it).
      const gesture = this.#interaction.holding();
      if (gesture) {
        const shapeMade = nextChange(old, this.#commitWaitMs());
        this.#interaction.finishGesture();
        await shapeMade;
        await this.#frames();
      }
      const editor = await commitOpenEditor(this.#slot, this.#frames, old, { keepFocus: true, waitMs: this.#commitWaitMs() });
      this.#setup.onFrozen?.(gesture ? 'gesture' : editor ? 'editor' : 'idle');
      // Where focus is just before read-only relabels the toolbar: the user may have moved it during the
      // waits above (its commit moves it for an editor, so that one's place is the editor's).
      [this.#focusBeforeFreeze, this.#focusMovesAtFreeze] = editor ? [editorPlace, movesBeforeCommit] : [focusPlaceIn(this.#slot), this.#focusWatch.moves()];
      // The SDK drops focus to <body> with the editor (pspdfkit 2024.8 does): until the switch it
      // stays on the old viewer's slot, so keys go nowhere else and the next Tab is in the viewer.
      if (this.#focusBeforeFreeze && focusDropped(this.#slot.ownerDocument)) restoreFocus(this.#slot, { selector: '', index: 0 });
      this.#frozen ??= makeReadOnly(old);
      return !this.#carrying && saveChanges(old, this.#saveTimeoutMs); // carrying: it cannot save
    })();
    return this.#freezing;
  }

  /** Rule swap-carry-changes: the old viewer cannot save, so it takes no more changes (read-only, its editor committed). */
  async #startCarrying(old: ReplaceableInstance): Promise<void> {
    this.#carrying = true;
    await this.#freeze(old);
  }

  /** Makes the old viewer's unsaved changes again on the new one, which saves them with its token. */
  async #carry(old: ReplaceableInstance, next: ReplaceableInstance): Promise<void> {
    await this.#carryTo(next, await this.#unsavedOf(old));
  }

  /** The old viewer's unsaved changes, read from it (a reload reads them before its unload). */
  async #unsavedOf(old: ReplaceableInstance): Promise<{ changes: ChangeToCarry[]; uncarriable: boolean }> {
    const changes = await readChanges(old, this.#setup.unsavedChanges?.() ?? []);
    // Unsaved, yet no annotation among it (a form value): it cannot be carried, and is said to be lost.
    return { changes, uncarriable: changes.length === 0 && old.hasUnsavedChanges?.() === true };
  }

  async #carryTo(next: ReplaceableInstance, { changes, uncarriable }: { changes: ChangeToCarry[]; uncarriable: boolean }): Promise<void> {
    const outcome = await applyChanges(next, changes);
    this.#setup.onCarried?.(uncarriable ? { ...outcome, left: 1 } : outcome);
  }

  /** The old viewer stays: it gets back what the freeze took. */
  #thaw(): void {
    this.#frozen?.thaw();
    this.#frozen = undefined;
    this.#freezing = undefined;
  }

  async #reload<I extends ViewerInstance>(old: (ReplaceableInstance & I) | null, jwt: string, signal: AbortSignal): Promise<I> {
    const view = old ? this.#viewOf(old) : this.#lastView;
    // Read before the unload: the reloaded viewer makes them again (rule swap-carry-changes).
    const carried = old && this.#carrying ? await this.#unsavedOf(old) : undefined;
    const oldJwt = this.#liveJwt ?? this.#setup.currentJwt?.();
    if (old) unloadQuietly(this.#setup.sdk, old);
    this.#live = null;
    this.#liveJwt = undefined;
    this.#lastView = view;
    let next: ReplaceableInstance & I;
    try {
      next = (await this.#loadInPlace(jwt, signal)) as ReplaceableInstance & I;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // The page must not stay without a viewer: the old token is still valid (renewal runs early).
      const failure = asSwapError(error);
      const restored = oldJwt === undefined ? undefined : await this.#loadInPlace(oldJwt, signal).catch(() => undefined);
      if (restored && view) await restoreViewSnapshot(restored as ReplaceableInstance, view, this.#frames).catch(() => {});
      this.#throwIfAborted(signal);
      throw new ViewerReloadError(
        restored
          ? `${failure.message}; the viewer was loaded again with the token it had`
          : `${failure.message}; loading the viewer again with the token it had failed too, so none is mounted`,
        restored,
        { cause: failure.cause },
      );
    }
    if (carried?.changes.length) await this.#carryTo(next, carried);
    // The viewer has the new token whatever happens to its view.
    if (view) await restoreViewSnapshot(next, view, this.#frames).catch(() => {});
    this.#throwIfAborted(signal);
    return next;
  }

  /** After an abort (the session was unloaded) the viewer a reload mounted must not stay. */
  #throwIfAborted(signal: AbortSignal): void {
    if (!signal.aborted) return;
    if (this.#live) unloadQuietly(this.#setup.sdk, this.#live);
    this.#live = null;
    throw signal.reason;
  }

  /** Loads a viewer into the current slot (which a failed load may still claim) and makes it the live one. */
  async #loadInPlace(jwt: string, signal: AbortSignal): Promise<ViewerInstance> {
    unloadQuietly(this.#setup.sdk, this.#slot);
    const instance = await this.#load(this.#slot, jwt, signal);
    if (signal.aborted) {
      // Unloaded meanwhile: the viewer must not stay mounted.
      unloadQuietly(this.#setup.sdk, instance);
      throw signal.reason;
    }
    this.#live = instance;
    this.#liveJwt = jwt;
    return instance;
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
    if (hidden) this.#hiddenSlots.add(slot);
    return slot;
  }

  #drop(slot: HTMLElement, instance: ViewerInstance | undefined): void {
    unloadQuietly(this.#setup.sdk, instance ?? slot);
    slot.remove();
    this.#hiddenSlots.delete(slot);
  }
}

/**
 * Whether the viewer's changes reached the engine within `timeoutMs` (or it had none); a failed save
 * does not throw. Bounded: pspdfkit 2024.8.2's save() with Instant took 32 s once the old token ran
 * out (it did not reject), and the swap waited for it all that time.
 */
async function saveChanges(instance: ReplaceableInstance, timeoutMs: number): Promise<boolean> {
  if (!instance.hasUnsavedChanges?.()) return true;
  if (typeof instance.save !== 'function') return false;
  return within(instance.save().then(() => true, () => false), timeoutMs, false);
}

/** Notices any annotation change on the old viewer while the new one loads. */
function watchChanges(instance: ReplaceableInstance): { any(): boolean; reset(): void; stop(): void } {
  let changed = false;
  const onChange = () => {
    changed = true;
  };
  instance.addEventListener?.('annotations.change', onChange);
  return { any: () => changed, reset: () => void (changed = false), stop: () => instance.removeEventListener?.('annotations.change', onChange) };
}

/**
 * The same zoom and scroll (to a couple of pixels: the SDK rounds its layout), or the same page when
 * the scroll is unknown. With a scroll, the page is where it scrolls to: in a two-page layout pages 0
 * and 1 are one spread, and the SDK may report either for the same picture.
 */
function sameView(a: ViewSnapshot, b: ViewSnapshot): boolean {
  if (a.sidebarMode !== b.sidebarMode || a.interactionMode !== b.interactionMode) return false;
  if (a.zoomLevel !== undefined && b.zoomLevel !== undefined && !sameZoom(a, b)) return false;
  if (!a.scroll || !b.scroll) return a.pageIndex === b.pageIndex;
  return Math.abs(a.scroll.left - b.scroll.left) <= 2 && Math.abs(a.scroll.top - b.scroll.top) <= 2;
}

/** Both show the view at the same zoom (to the SDK's rounding), or neither says its zoom. */
function sameZoom(a: ViewSnapshot, b: ViewSnapshot): boolean {
  if (a.zoomLevel === undefined || b.zoomLevel === undefined) return a.zoomLevel === b.zoomLevel;
  return Math.abs(a.zoomLevel - b.zoomLevel) <= 0.005;
}

/** Moves the new viewer's scroller to the view's offsets when both show it at the same zoom. */
function followScroll(next: ViewStateInstance, view: ViewSnapshot): void {
  const shown = captureViewSnapshot(next);
  if (!view.scroll || view.zoomLevel === undefined || !sameZoom(view, shown)) return;
  const scroller = (next.contentDocument?.querySelector(SCROLLER_SELECTOR) ?? undefined) as { scrollLeft: number; scrollTop: number } | undefined;
  if (!scroller) return;
  scroller.scrollLeft = view.scroll.left;
  scroller.scrollTop = view.scroll.top;
}

/** View-state settings that change what is drawn (besides page, zoom and scroll). */
const DRAWN_SETTINGS = ['pagesRotation', 'layoutMode', 'scrollMode', 'showToolbar', 'keepFirstSpreadAsSinglePage'];

function sameSettings(a: ViewStateInstance, b: ViewStateInstance): boolean {
  const [left, right] = [a.viewState as unknown as Record<string, unknown>, b.viewState as unknown as Record<string, unknown>];
  return DRAWN_SETTINGS.every((key) => left[key] === right[key]);
}

/** The new viewer's load failed because the engine refused its token (rule swap-fresh-token: one more load with a fresh one). */
class TokenRefusedAtLoad extends ViewerSwapError {}

function asSwapError(error: unknown, refusedAtLoad = false): ViewerSwapError {
  if (error instanceof ViewerSwapError) return error;
  const summary = summarizeError(error); // the SDK's message could quote a token
  const Failure = refusedAtLoad ? TokenRefusedAtLoad : ViewerSwapError;
  return new Failure(`Loading the viewer with the new token failed: ${summary.name}: ${summary.message}`, { cause: summary });
}
