// Finding the page's fixed elements (demo/index.html): a missing one is a bug in the page, said loudly.

export class MissingElementError extends Error {
  constructor(selector: string) {
    super(`${selector} is missing from demo/index.html`);
    this.name = 'MissingElementError';
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new MissingElementError(`#${id}`);
  return element as T;
}

export function allOf<T extends HTMLElement = HTMLElement>(selector: string): T[] {
  return [...document.querySelectorAll<T>(selector)];
}
