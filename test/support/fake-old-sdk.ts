// A fake of an SDK without setSession (@nutrient-sdk/viewer 1.12, pspdfkit 2024.8) for the swap's
// unit tests, in happy-dom. Like the real ones: load() takes a while and refuses a container in use
// (also one where a load failed, until unload(container) lets go of it);
// the instance has an immutable view state, a scroller, unsaved changes that save() sends, and
// 'annotations.change' events; it draws one page image into a shadow root a while after it loaded,
// in an animation frame: a hidden tab (where browsers run no frames) gets no drawing at all.
// Also as the real ones (issue 22): a shape drawn with the pointer is created in an animation frame
// after the release (the SDK's own pointerup handler runs after a window capture listener, and
// its store updates in a render); a text editor commits its text when it loses focus; a page change
// throws the drawn page away until it is drawn again; read-only refuses changes; run-time
// settings (rotation, layout, toolbar items, the author) are the defaults in a new viewer.
// And (issue 22 item 10) a toolbar dropdown's screen-reader status comes from timers that outlive
// unload(), looked up in the shadow root, made with `root.createElement` when it is gone: a TypeError.

export interface FakeViewState {
  readonly currentPageIndex: number;
  readonly zoom: unknown;
  readonly sidebarMode: string | null;
  readonly interactionMode: string | null;
  readonly pagesRotation: number;
  readonly layoutMode: string;
  readonly readOnly: boolean;
  set(key: string, value: unknown): FakeViewState;
}

function viewState(values: Omit<FakeViewState, 'set'>): FakeViewState {
  return { ...values, set: (key, value) => viewState({ ...values, [key]: value }) };
}

export class FakeOldInstance {
  viewState = viewState({ currentPageIndex: 0, zoom: 'AUTO', sidebarMode: null, interactionMode: null, pagesRotation: 0, layoutMode: 'SINGLE', readOnly: false });
  toolbarItems: { type: string; id?: string }[] = [{ type: 'zoom-in' }, { type: 'pan' }];
  /** The author of annotations created from now on (no getter in the real SDK). */
  creatorName: string | null = null;
  /** `Date.now()` when the viewer last turned read-only (undefined while editable): for the model test. */
  readOnlySince: number | undefined;
  /** Changes refused because the viewer was read-only. */
  refused = 0;
  /** Changes made on this viewer, and how many of the engine's saved changes it had read when it loaded. */
  made = 0;
  readAtLoad = 0;
  #drawMs = 200;
  #pressed = false;
  currentZoomLevel = 1.25;
  unsaved = 0;
  saves = 0;
  unloaded = false;
  readonly contentDocument: ShadowRoot;
  readonly #listeners = new Map<string, Set<() => void>>();

  constructor(readonly container: HTMLElement, readonly jwt: string, readonly engine: { saved: number } = { saved: 0 }, drawMs = 200) {
    this.#drawMs = drawMs;
    this.readAtLoad = engine.saved;
    const mount = container.ownerDocument.createElement('div');
    mount.className = 'PSPDFKit-Container';
    container.append(mount);
    this.contentDocument = mount.attachShadow({ mode: 'open' });
    this.contentDocument.innerHTML =
      '<div class="PSPDFKit-Toolbar"><button class="PSPDFKit-Toolbar-Button" title="Zoom In">+</button></div>' +
      '<div class="PSPDFKit-Scroll"><section class="PSPDFKit-Page"></section></div>' +
      '<div id="a11y-status-message" role="status" aria-live="polite"></div>';
    // A shape drawn with the pointer is created after the release, in a render.
    mount.addEventListener('pointerdown', () => (this.#pressed = true));
    mount.ownerDocument.defaultView!.addEventListener('pointerup', () => {
      if (!this.#pressed) return;
      this.#pressed = false;
      requestAnimationFrame(() => this.unloaded || this.change());
    });
  }

  /** Opens a text editor (the text tool's click): focused; its text is committed when it loses focus. */
  openEditor(): HTMLElement {
    const editor = this.contentDocument.ownerDocument.createElement('div');
    editor.contentEditable = 'true';
    editor.className = 'PSPDFKit-Text-Editor';
    editor.addEventListener('blur', () => {
      // The text becomes an annotation a render later.
      requestAnimationFrame(() => {
        editor.remove();
        if (!editor.textContent || this.unloaded) return;
        const made = this.made;
        this.change();
        if (this.made > made) editor.dataset.committed = 'true'; // the text is an annotation now
      });
    });
    this.contentDocument.querySelector('.PSPDFKit-Page')!.append(editor);
    editor.focus();
    return editor;
  }

  /** What the dropdowns' status timers wrote, in order (they run after an unload too). */
  readonly statusWrites: string[] = [];

  /**
   * Opens a toolbar dropdown as the SDK's do (downshift's useSelect, with the shadow root as its
   * `environment.document`): 200 ms later its status is written into `#a11y-status-message`, and
   * cleared 500 ms after that. unload() cancels neither timer; when the element has gone with the
   * unload, downshift's `getStatusDiv` calls `root.createElement`, which a shadow root does not
   * have: `TypeError: e.createElement is not a function`, uncaught (pspdfkit 2024.8.2 in Chromium).
   */
  openDropdown(): void {
    const root = this.contentDocument;
    const statusElement = (): HTMLElement => {
      const found = root.getElementById('a11y-status-message');
      if (found) return found;
      const created = (root as unknown as Document).createElement('div'); // throws: no such method
      root.append(created);
      return created;
    };
    const write = (text: string) => {
      statusElement().textContent = text;
      this.statusWrites.push(text);
    };
    setTimeout(() => {
      write('1 result is available, use up and down arrow keys to navigate.');
      setTimeout(() => write(''), 500);
    }, 200);
  }

  setToolbarItems(items: { type: string; id?: string }[]): void {
    this.toolbarItems = items;
  }

  setAnnotationCreatorName(name: string | null): void {
    this.creatorName = name;
  }

  /** Whether the page shown has been drawn. */
  get drawn(): boolean {
    return !!this.contentDocument.querySelector('.PSPDFKit-Page img');
  }

  /** Draws the page: an image that has loaded (happy-dom loads nothing, so it is said to have). */
  draw(): void {
    const image = this.contentDocument.ownerDocument.createElement('img');
    Object.defineProperties(image, { complete: { value: true }, naturalWidth: { value: 100 } });
    this.contentDocument.querySelector('.PSPDFKit-Page')!.append(image);
  }

  setViewState(update: (state: FakeViewState) => FakeViewState): void {
    const before = this.viewState;
    this.viewState = update(this.viewState);
    if (this.viewState.readOnly && !before.readOnly) this.viewState = this.viewState.set('interactionMode', null);
    if (this.viewState.readOnly !== before.readOnly) this.readOnlySince = this.viewState.readOnly ? Date.now() : undefined;
    if (this.viewState.currentPageIndex !== before.currentPageIndex) {
      // Pages are 1000 px apart in the scroller, as in the SDK's continuous scroll.
      const scroller = this.contentDocument.querySelector<HTMLElement>('.PSPDFKit-Scroll')!;
      scroller.scrollTop = this.viewState.currentPageIndex * 1000;
    }
    if (this.viewState.currentPageIndex !== before.currentPageIndex && this.drawn) {
      // Another page: blank until it is drawn.
      this.contentDocument.querySelector('.PSPDFKit-Page img')?.remove();
      setTimeout(() => requestAnimationFrame(() => this.unloaded || this.drawn || this.draw()), this.#drawMs);
    }
    if (typeof this.viewState.zoom === 'number') this.currentZoomLevel = this.viewState.zoom;
  }

  /** The user draws something: unsaved until save(). */
  change(): void {
    if (this.viewState.readOnly) {
      this.refused++;
      return;
    }
    this.unsaved++;
    this.made++;
    for (const listener of this.#listeners.get('annotations.change') ?? []) listener();
  }

  hasUnsavedChanges(): boolean {
    return this.unsaved > 0;
  }

  async save(): Promise<void> {
    await Promise.resolve();
    this.saves++;
    this.engine.saved += this.unsaved;
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
    /** The engine: how many changes were saved to it (a viewer reads them when it loads). */
    engine: { saved: 0 },
    /** When a token runs out (`Date.now()` ms), for the tokens a test gives one: the engine refuses it at /auth after that. */
    expiresAt: new Map<string, number>(),
    async load(config: { container: HTMLElement; authPayload: { jwt: string } }): Promise<FakeOldInstance> {
      if (sdk.claimed.has(config.container) || sdk.instances.some((instance) => !instance.unloaded && instance.container === config.container)) {
        throw new Error('Configuration#container is already used to mount a Nutrient Web SDK instance.');
      }
      sdk.claimed.add(config.container);
      const expiry = sdk.expiresAt.get(config.authPayload.jwt);
      await new Promise((resolve) => setTimeout(resolve, loadMs));
      // The real SDK's load rejects once the engine answers /auth 401 (its error names no token).
      if (expiry !== undefined && Date.now() >= expiry) throw new Error('Unauthorized');
      const failure = Array.isArray(sdk.failNext) ? sdk.failNext.shift() : sdk.failNext;
      if (!Array.isArray(sdk.failNext) || sdk.failNext.length === 0) sdk.failNext = undefined;
      if (failure) throw failure; // the container stays claimed
      sdk.claimed.delete(config.container);
      const instance = new FakeOldInstance(config.container, config.authPayload.jwt, sdk.engine, drawMs);
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
      // The SDK's React tree unmounts; its status element goes with it (the shadow root keeps its styles).
      instance.contentDocument.getElementById('a11y-status-message')?.remove();
      return true;
    },
  };
  return sdk;
}
