// The container checks the SDK makes itself, made first and said plainly. The SDK reports a
// container without height or width only as an uncaught error, and its load() then never settles
// (docs/sdk-behaviour.md): a blank page with nothing to catch.
import { ConfigurationError } from '../errors/errors.js';
import { resolveContainer } from './unload-watch.js';

/** The fix for a container without a size, in the words a newcomer can paste. */
const sizeFix = (name: string, side: 'height' | 'width') =>
  `The viewer's container ${name} has no ${side}: the viewer fills its container, so give it one in CSS, ` +
  `e.g. ${name.startsWith('#') ? name : '#viewer'} { ${side === 'height' ? 'height: 100vh' : 'width: 100%'}; }`;

/**
 * Throws a `ConfigurationError` naming the fix when the container is missing, not in the document,
 * or has no height or width (a computed size of `0px`, the SDK's own rule). Outside a page
 * (no `document`) it checks nothing: the SDK and the session say what is wrong there.
 *
 * @example checkContainer('#viewer'); // throws: The viewer's container #viewer has no height: …
 */
export function checkContainer(container: string | HTMLElement): void {
  const doc = (globalThis as { document?: Document }).document;
  if (!doc || typeof doc.querySelector !== 'function') return;
  const name = typeof container === 'string' ? container : describeElement(container);
  const element = typeof container === 'string' ? resolveContainer(container) : container;
  if (typeof element?.tagName !== 'string') {
    throw new ConfigurationError(
      `The viewer's container ${name} is not on the page: render it before loading (after the DOM is ready, ` +
        'or in useEffect, onMounted or afterNextRender), or fix the selector',
    );
  }
  if (!element.isConnected) {
    throw new ConfigurationError(`The viewer's container ${name} is not in the document: attach it to the page before loading`);
  }
  const style = (element.ownerDocument?.defaultView ?? doc.defaultView)?.getComputedStyle?.(element);
  if (!style) return;
  // The SDK checks width first, then height. A browser gives an attached element's size in px (an
  // empty block is '0px'); an empty value only comes from a DOM without layout, where we cannot tell.
  for (const side of ['width', 'height'] as const) {
    if (style.getPropertyValue(side) === '0px') throw new ConfigurationError(sizeFix(name, side));
  }
}

/** `#id`, `tag.class` or `tag`: enough to find the element in the page's source. */
function describeElement(element: unknown): string {
  if (typeof element !== 'object' || element === null || !('tagName' in element)) return String(element);
  const { id, tagName, classList } = element as HTMLElement;
  if (id) return `#${id}`;
  const firstClass = classList?.[0];
  return `${tagName.toLowerCase()}${firstClass ? `.${firstClass}` : ''}`;
}

/** The SDK's words for the same problems, when they reach us anyway (its check runs later than ours). */
const sdkSizeMessage = /^The mounting container has no (height|width)\./;

/** A ConfigurationError with the fix for the SDK's own container errors; undefined for any other error. */
export function explainContainerError(error: unknown, container: string | HTMLElement): ConfigurationError | undefined {
  const message = (error as { message?: unknown } | null)?.message;
  const side = typeof message === 'string' ? sdkSizeMessage.exec(message)?.[1] : undefined;
  if (!side) return undefined;
  const name = typeof container === 'string' ? container : describeElement(container);
  return new ConfigurationError(sizeFix(name, side as 'height' | 'width'), { cause: error });
}
