// One load per container at a time. A cancelled load may still be inside NutrientViewer.load();
// the SDK refuses a second load into a container it is using, so the next one waits for the first
// to finish and be unloaded (React StrictMode mounts, unmounts and mounts again in one go).
import { resolveContainer } from './unload-watch.js';

const busy = new Map<unknown, Promise<unknown>>();

export async function oneLoadAtATime<T>(container: unknown, work: () => Promise<T>): Promise<T> {
  const key = resolveContainer(container) ?? container;
  const before = busy.get(key);
  const mine = (async () => {
    if (before) await before.catch(() => {});
    return work();
  })();
  const settled = mine.catch(() => {});
  busy.set(key, settled);
  try {
    return await mine;
  } finally {
    if (busy.get(key) === settled) busy.delete(key);
  }
}

/**
 * The container stays taken until `until` settles: a viewer saving the user's work before it is
 * unloaded still occupies it, so the next load (a document switch) waits instead of being refused.
 */
export function holdContainer(container: unknown, until: Promise<unknown>): void {
  oneLoadAtATime(container, () => until).catch(() => {});
}
