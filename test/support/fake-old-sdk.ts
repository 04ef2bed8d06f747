// A fake of an SDK without setSession (@nutrient-sdk/viewer 1.12, pspdfkit 2024.8) for the swap's
// unit tests, in happy-dom. Like the real ones: load() takes a while and refuses a container in use
// (also one where a load failed, until unload(container) lets go of it);
// the instance has an immutable view state, a scroller, unsaved changes that save() sends, and
// 'annotations.change' events; it draws one page image into a shadow root a while after it loaded,
// in an animation frame: a hidden tab (where browsers run no frames) gets no drawing at all.

export interface FakeViewState {
  readonly currentPageIndex: number;
  readonly zoom: unknown;
  readonly sidebarMode: string | null;
  readonly interactionMode: string | null;
  set(key: string, value: unknown): FakeViewState;
}

function viewState(values: Omit<FakeViewState, 'set'>): FakeViewState {
  return { ...values, set: (key, value) => viewState({ ...values, [key]: value }) };
}

export class FakeOldInstance {
  viewState = viewState({ currentPageIndex: 0, zoom: 'AUTO', sidebarMode: null, interactionMode: null });
  currentZoomLevel = 1.25;
  unsaved = 0;
  saves = 0;
  unloaded = false;
  readonly contentDocument: ShadowRoot;
  readonly #listeners = new Map<string, Set<() => void>>();

  constructor(readonly container: HTMLElement, readonly jwt: string) {
    const mount = container.ownerDocument.createElement('div');
    mount.className = 'PSPDFKit-Container';
    container.append(mount);
    this.contentDocument = mount.attachShadow({ mode: 'open' });
    this.contentDocument.innerHTML = '<div class="PSPDFKit-Scroll"><section class="PSPDFKit-Page"></section></div>';
  }

  /** Draws the page: an image that has loaded (happy-dom loads nothing, so it is said to have). */
  draw(): void {
    const image = this.contentDocument.ownerDocument.createElement('img');
    Object.defineProperties(image, { complete: { value: true }, naturalWidth: { value: 100 } });
    this.contentDocument.querySelector('.PSPDFKit-Page')!.append(image);
  }

  setViewState(update: (state: FakeViewState) => FakeViewState): void {
    this.viewState = update(this.viewState);
    if (typeof this.viewState.zoom === 'number') this.currentZoomLevel = this.viewState.zoom;
  }

  /** The user draws something: unsaved until save(). */
  change(): void {
    this.unsaved++;
    for (const listener of this.#listeners.get('annotations.change') ?? []) listener();
  }

  hasUnsavedChanges(): boolean {
    return this.unsaved > 0;
  }

  async save(): Promise<void> {
    await Promise.resolve();
    this.saves++;
    this.unsaved = 0;
  }

  addEventListener(type: string, listener: () => void): void {
    this.#listeners.set(type, (this.#listeners.get(type) ?? new Set()).add(listener));
  }

  removeEventListener(type: string, listener: () => void): void {
    this.#listeners.get(type)?.delete(listener);
  }
}

export function createFakeOldSdk({ version = '1.12.0', loadMs = 300, drawMs = 200 } = {}) {
  const sdk = {
    version,
    instances: [] as FakeOldInstance[],
    /** Makes the next load() (or the next few, one error each) reject like the SDK's error. */
    failNext: undefined as Error | Error[] | undefined,
    /** Containers a failed load still holds. */
    claimed: new Set<HTMLElement>(),
    async load(config: { container: HTMLElement; authPayload: { jwt: string } }): Promise<FakeOldInstance> {
      if (sdk.claimed.has(config.container) || sdk.instances.some((instance) => !instance.unloaded && instance.container === config.container)) {
        throw new Error('Configuration#container is already used to mount a Nutrient Web SDK instance.');
      }
      sdk.claimed.add(config.container);
      await new Promise((resolve) => setTimeout(resolve, loadMs));
      const failure = Array.isArray(sdk.failNext) ? sdk.failNext.shift() : sdk.failNext;
      if (!Array.isArray(sdk.failNext) || sdk.failNext.length === 0) sdk.failNext = undefined;
      if (failure) throw failure; // the container stays claimed
      sdk.claimed.delete(config.container);
      const instance = new FakeOldInstance(config.container, config.authPayload.jwt);
      sdk.instances.push(instance);
      setTimeout(() => requestAnimationFrame(() => instance.unloaded || instance.draw()), drawMs);
      return instance;
    },
    unload(target: unknown): boolean {
      if (sdk.claimed.delete(target as HTMLElement)) return true;
      const instance = sdk.instances.find((candidate) => !candidate.unloaded && (candidate === target || candidate.container === target));
      if (!instance) return false;
      instance.unloaded = true;
      instance.container.replaceChildren();
      return true;
    },
  };
  return sdk;
}
