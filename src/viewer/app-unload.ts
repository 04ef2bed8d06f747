// The app's own `NutrientViewer.unload(container)` while the viewer is swapped. Under a swap the
// viewer lives in a slot inside the app's container, so the SDK finds nothing to unload there
// (it returns false), and renewals would go on for a viewer the app meant to close. The SDK's
// `unload` is wrapped while such a session lives: a call naming the app's container (element or
// selector) or the session's viewer ends the session, which unloads the viewer it holds. The
// library's own unloads (`unloadQuietly`) pass straight through.

type Unload = (target: unknown) => boolean;
interface Watcher {
  claims(target: unknown): boolean;
  onUnload(): void;
}

const watchers = new Map<object, { original: Unload; watchers: Set<Watcher> }>();
let libraryUnloads = 0;

/** Runs the library's own unload: the wrapper lets it through untouched. */
export function asLibraryUnload<T>(run: () => T): T {
  libraryUnloads++;
  try {
    return run();
  } finally {
    libraryUnloads--;
  }
}

/**
 * Until the returned stop function is called, `sdk.unload(target)` with a target `claims` accepts
 * calls `onUnload` (once) instead and returns true. An SDK object whose `unload` cannot be replaced
 * is left alone (the app's unload then does what the SDK does).
 */
export function interceptAppUnload(sdk: { unload: Unload }, watcher: Watcher): () => void {
  let entry = watchers.get(sdk);
  if (!entry) {
    const original = sdk.unload;
    const wrapped = function (this: unknown, target: unknown): boolean {
      if (libraryUnloads === 0) {
        const claimed = [...(watchers.get(sdk)?.watchers ?? [])].find((candidate) => candidate.claims(target));
        if (claimed) {
          stopFor(sdk, claimed);
          asLibraryUnload(() => claimed.onUnload());
          return true;
        }
      }
      return original.call(this ?? sdk, target);
    };
    try {
      sdk.unload = wrapped;
    } catch {
      return () => {};
    }
    if (sdk.unload !== wrapped) return () => {};
    entry = { original, watchers: new Set() };
    watchers.set(sdk, entry);
  }
  entry.watchers.add(watcher);
  return () => stopFor(sdk, watcher);
}

function stopFor(sdk: { unload: Unload }, watcher: Watcher): void {
  const entry = watchers.get(sdk);
  if (!entry?.watchers.delete(watcher) || entry.watchers.size > 0) return;
  watchers.delete(sdk);
  try {
    sdk.unload = entry.original;
  } catch {
    // It was replaced by the app meanwhile: leave that alone.
  }
}
