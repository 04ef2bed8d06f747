// Notices a viewer unloaded behind the session's back (`NutrientViewer.unload(container)` called by
// the app). The SDK has no unload event; it removes the nodes it mounted into the container (or its
// shadow root), so we watch those nodes. Outside a DOM (SSR, unit tests with a fake) it is inert.

/** Calls `onGone` once when every node the viewer mounted has been removed. Returns the stop function. */
export function watchForUnload(container: unknown, onGone: () => void): () => void {
  const element = resolveContainer(container);
  if (!element || typeof MutationObserver === 'undefined') return () => {};
  const parents: Node[] = [element];
  if (element.shadowRoot) parents.push(element.shadowRoot);
  const mounted = parents.flatMap((parent) => [...parent.childNodes].filter((node) => node.nodeType === 1));
  if (mounted.length === 0) return () => {};
  const observer = new MutationObserver(() => {
    // A removed node has no parent; the container itself moving around the page does not count.
    if (mounted.every((node) => node.parentNode === null)) {
      observer.disconnect();
      onGone();
    }
  });
  for (const parent of parents) observer.observe(parent, { childList: true });
  return () => observer.disconnect();
}

/** The element behind a container option: itself, or the first match of a selector. */
export function resolveContainer(container: unknown): Element | undefined {
  if (typeof container === 'string') {
    const doc = (globalThis as { document?: Document }).document;
    return doc?.querySelector(container) ?? undefined;
  }
  const ElementType = (globalThis as { Element?: typeof Element }).Element;
  return ElementType && container instanceof ElementType ? container : undefined;
}
