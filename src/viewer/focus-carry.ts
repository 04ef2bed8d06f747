// Where keyboard focus is in the old viewer, and the same place in the new one. Unloading the old
// viewer removes the focused element, and the browser drops focus to <body>: the next Tab would
// start over at the top of the page, and a screen reader would lose its place. The SDK's toolbar
// buttons and panels carry stable class names and labels, so an element is found again by those.

/** The focused element, looking inside shadow roots (the SDK renders into one). */
export function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Focus is nowhere in particular: on <body> (where the browser drops it when its element goes), or none. */
export function focusDropped(doc: Document): boolean {
  const active = deepActiveElement(doc);
  return !active || active === doc.body;
}

/** `host.contains(node)`, across shadow-root boundaries. */
export function containsAcrossShadows(host: Node, node: Node | null): boolean {
  while (node) {
    if (host.contains(node)) return true;
    node = (node.getRootNode() as Partial<ShadowRoot>).host ?? null;
  }
  return false;
}

/** How to find the focused element again in another viewer: a selector and which match it was. */
export interface FocusPlace {
  selector: string;
  index: number;
}

/** What tells the SDK's elements apart (its class names are hashed, its ids change per load). */
const LABELS = ['data-block-id', 'aria-label', 'title', 'name', 'role'];

function selectorOf(element: Element): string {
  const classes = [...element.classList].filter((name) => /^PSPDFKit-[\w-]+$/.test(name)).map((name) => `.${name}`);
  const labels = LABELS.flatMap((attribute) => {
    const value = element.getAttribute(attribute);
    return value === null ? [] : [`[${attribute}=${JSON.stringify(value)}]`];
  });
  return `${element.localName}${classes.join('')}${labels.join('')}`;
}

/** Where focus is inside `slot` (undefined: not in this viewer). */
export function focusPlaceIn(slot: HTMLElement): FocusPlace | undefined {
  const active = deepActiveElement(slot.ownerDocument);
  if (!active || !containsAcrossShadows(slot, active)) return undefined;
  if (active === slot) return { selector: '', index: 0 };
  const selector = selectorOf(active);
  const root = active.getRootNode() as ParentNode;
  const index = [...root.querySelectorAll(selector)].indexOf(active);
  return { selector, index: Math.max(0, index) };
}

/** Every root to search in a slot: the slot and the shadow roots below it. */
function rootsOf(slot: HTMLElement): ParentNode[] {
  const found: ParentNode[] = [slot];
  for (const element of slot.querySelectorAll('*')) if (element.shadowRoot) found.push(element.shadowRoot);
  return found;
}

/**
 * Focuses the element in `slot` that matches `place`, or the slot itself (made focusable by
 * script only) when the new viewer has no such element: focus stays in the viewer either way.
 */
export function restoreFocus(slot: HTMLElement, place: FocusPlace): void {
  const matches = place.selector ? rootsOf(slot).flatMap((root) => [...root.querySelectorAll<HTMLElement>(place.selector)]) : [];
  const target = matches[place.index] ?? matches[0];
  target?.focus({ preventScroll: true });
  if (target && deepActiveElement(slot.ownerDocument) === target) return;
  if (!slot.hasAttribute('tabindex')) slot.tabIndex = -1;
  slot.focus({ preventScroll: true });
}

/** Whether keyboard focus was last inside the viewer, even if it is on <body> now. */
export interface FocusWatch {
  lastInViewer(): boolean;
  /** How many times focus has moved on the page so far (a `focusin`). */
  moves(): number;
  stop(): void;
}

/**
 * Follows where focus goes: into `host`, or elsewhere on the page. Focus that was in the viewer and
 * fell to <body> (its element was removed) still counts as the viewer's; focus the user moved
 * elsewhere does not.
 */
export function watchFocus(host: HTMLElement): FocusWatch {
  const doc = host.ownerDocument;
  let inViewer = false;
  let moves = 0;
  const onFocusIn = (event: Event) => {
    moves++;
    inViewer = containsAcrossShadows(host, event.composedPath()[0] as Node);
  };
  doc.addEventListener('focusin', onFocusIn, true);
  return {
    lastInViewer: () => {
      return inViewer && (focusDropped(doc) || containsAcrossShadows(host, deepActiveElement(doc)));
    },
    moves: () => moves,
    stop: () => doc.removeEventListener('focusin', onFocusIn, true),
  };
}
