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
// Annotations have ids: create() keeps the one given and refuses an id the viewer has (both old SDKs
// in Chromium), a viewer shows what the engine had when it loaded, and save() fails with "Token has
// expired" once the viewer's token ran out (`tokenExpired`): nothing it holds reaches the engine then.

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

/** An annotation as the fake keeps it (the real SDK's are immutable records with more fields). */
export interface FakeAnnotation {
  readonly id: string;
  readonly pageIndex: number;
  readonly text?: string;
}

/** The engine the fake viewers save to: how many changes reached it, and the annotations it has. */
export interface FakeOldEngine {
  saved: number;
  annotations?: Map<string, FakeAnnotation>;
}

let nextId = 1;

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
  /** Shapes drawn with the pointer (a press, then a release) that the viewer made. */
  strokesMade = 0;
  readAtLoad = 0;
  #drawMs = 200;
  #pressed = false;
  /** How late the render that makes a released shape comes: on a machine loaded enough that swaps take seconds, over 1 s. */
  makeMs = 0;
  currentZoomLevel = 1.25;
  unsaved = 0;
  saves = 0;
  /** Saves that failed (the token had run out), and when the last one did. */
  saveFailures = 0;
  lastSaveFailedAt: number | undefined;
  /** Whether this viewer's token has run out: its save fails then (the engine refuses it). */
  tokenExpired: () => boolean = () => false;
  /** The annotations this viewer shows, and the changes to them it has not saved. */
  readonly annotations = new Map<string, FakeAnnotation>();
  readonly #pending = new Map<string, 'put' | 'delete'>();
  unloaded = false;
  readonly contentDocument: ShadowRoot;
  readonly #listeners = new Map<string, Set<(payload?: unknown) => void>>();

  constructor(readonly container: HTMLElement, readonly jwt: string, readonly engine: FakeOldEngine = { saved: 0 }, drawMs = 200) {
    this.#drawMs = drawMs;
    this.readAtLoad = engine.saved;
    for (const [id, annotation] of engine.annotations ?? []) this.annotations.set(id, annotation);
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
    // Read-only by then drops it (the SDKs drop a drawing when their viewer turns read-only mid-gesture).
    mount.ownerDocument.defaultView!.addEventListener('pointerup', () => {
      if (!this.#pressed) return;
      this.#pressed = false;
      const make = () => {
        if (this.unloaded) return;
        const made = this.made;
        this.change();
        if (this.made > made) this.strokesMade++;
      };
      if (this.makeMs > 0) setTimeout(() => requestAnimationFrame(make), this.makeMs);
      else requestAnimationFrame(make);
    });
  }

  /** Opens a text editor (the text tool's click): focused; its text is committed when it loses focus. */
  openEditor(): HTMLElement {
    const editor = this.contentDocument.ownerDocument.createElement('div');
    editor.contentEditable = 'true';
    editor.className = 'PSPDFKit-Text-Editor';
    editor.addEventListener('blur', () => {
      // The text becomes an annotation 60 ms and a render later (both SDKs: 30-90 ms after the blur
      // in Chromium at 4x CPU throttling, later on a loaded machine); read-only by then refuses it.
      setTimeout(() => requestAnimationFrame(() => {
        editor.remove();
        if (!editor.textContent || this.unloaded) return;
        const made = this.made;
        this.change(editor.textContent);
        if (this.made > made) editor.dataset.committed = 'true'; // the text is an annotation now
      }), 60);
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

  /** The user draws something (an annotation on the page shown): unsaved until save(). */
  change(text?: string): void {
    if (this.viewState.readOnly) {
      this.refused++;
      return;
    }
    this.made++;
    this.#put({ id: `fake-${nextId++}`, pageIndex: this.viewState.currentPageIndex, ...(text ? { text } : {}) }, 'create');
  }

  async getAnnotations(pageIndex: number): Promise<FakeAnnotation[]> {
    await Promise.resolve();
    return [...this.annotations.values()].filter((annotation) => annotation.pageIndex === pageIndex);
  }

  async create(annotation: FakeAnnotation): Promise<FakeAnnotation[]> {
    await Promise.resolve();
    if (this.annotations.has(annotation.id)) throw [new Error(`Annotations: Annotation id (${annotation.id}) is already used.`)];
    this.#put(annotation, 'create');
    return [annotation];
  }

  async update(annotation: FakeAnnotation): Promise<FakeAnnotation[]> {
    await Promise.resolve();
    if (!this.annotations.has(annotation.id)) throw new Error(`Annotations: no annotation with id ${annotation.id}`);
    this.#put(annotation, 'update');
    return [annotation];
  }

  async delete(id: string): Promise<void> {
    await Promise.resolve();
    const annotation = this.annotations.get(id);
    if (!annotation) return;
    this.annotations.delete(id);
    this.#mark(id, 'delete');
    this.#emit('annotations.delete', [annotation]);
  }

  #put(annotation: FakeAnnotation, how: 'create' | 'update'): void {
    this.annotations.set(annotation.id, annotation);
    this.#mark(annotation.id, 'put');
    this.#emit(`annotations.${how}`, [annotation]);
  }

  #mark(id: string, how: 'put' | 'delete'): void {
    this.#pending.set(id, how);
    this.unsaved = this.#pending.size;
  }

  #emit(type: string, annotations: FakeAnnotation[]): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(annotations);
    for (const listener of this.#listeners.get('annotations.change') ?? []) listener();
  }

  hasUnsavedChanges(): boolean {
    return this.unsaved > 0;
  }

  /** The ids of annotations made or changed and not saved (for the model's nothing-lost invariant). */
  unsavedPuts(): string[] {
    return [...this.#pending].flatMap(([id, how]) => (how === 'put' ? [id] : []));
  }

  async save(): Promise<void> {
    await Promise.resolve();
    if (this.unsaved > 0 && this.tokenExpired()) {
      this.saveFailures++;
      this.lastSaveFailedAt = Date.now();
      throw new Error('Pushing changes failed: Token has expired');
    }
    this.saves++;
    this.engine.saved += this.unsaved;
    const stored = (this.engine.annotations ??= new Map());
    for (const [id, how] of this.#pending) {
      if (how === 'delete') stored.delete(id);
      else stored.set(id, this.annotations.get(id)!);
    }
    this.#pending.clear();
    this.unsaved = 0;
  }

  addEventListener(type: string, listener: (payload?: unknown) => void): void {
    this.#listeners.set(type, (this.#listeners.get(type) ?? new Set()).add(listener));
  }

  removeEventListener(type: string, listener: (payload?: unknown) => void): void {
    this.#listeners.get(type)?.delete(listener);
  }
}

/** A JWT's `exp` in ms; undefined for a token that is not one (tests pass plain strings too). */
function expiryFromJwt(jwt: string): number | undefined {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** `now`: the engine's clock, which judges a token's expiry (default: the page's). */
export function createFakeOldSdk({ version = '1.12.0', loadMs = 300, drawMs = 200, now = () => Date.now() } = {}) {
  const expiryOf = (jwt: string) => sdk.expiresAt.get(jwt) ?? expiryFromJwt(jwt);
  const sdk = {
    version,
    instances: [] as FakeOldInstance[],
    /** Makes the next load() (or the next few, one error each) reject like the SDK's error. */
    failNext: undefined as Error | Error[] | undefined,
    /** Containers a failed load still holds. */
    claimed: new Set<HTMLElement>(),
    /** The engine: how many changes were saved to it (a viewer reads them when it loads). */
    engine: { saved: 0, annotations: new Map() } as FakeOldEngine,
    /**
     * When a token runs out (`Date.now()` ms), for the tokens a test gives one; else a JWT's `exp`. The
     * engine refuses it after that: at /auth (load) and at a save.
     */
    expiresAt: new Map<string, number>(),
    async load(config: { container: HTMLElement; authPayload: { jwt: string } }): Promise<FakeOldInstance> {
      if (sdk.claimed.has(config.container) || sdk.instances.some((instance) => !instance.unloaded && instance.container === config.container)) {
        throw new Error('Configuration#container is already used to mount a Nutrient Web SDK instance.');
      }
      sdk.claimed.add(config.container);
      const expiry = expiryOf(config.authPayload.jwt);
      await new Promise((resolve) => setTimeout(resolve, loadMs));
      // The real SDK's load rejects once the engine answers /auth 401 (its error names no token).
      if (expiry !== undefined && now() >= expiry) throw new Error('Unauthorized');
      const failure = Array.isArray(sdk.failNext) ? sdk.failNext.shift() : sdk.failNext;
      if (!Array.isArray(sdk.failNext) || sdk.failNext.length === 0) sdk.failNext = undefined;
      if (failure) throw failure; // the container stays claimed
      sdk.claimed.delete(config.container);
      const instance = new FakeOldInstance(config.container, config.authPayload.jwt, sdk.engine, drawMs);
      const jwt = config.authPayload.jwt;
      instance.tokenExpired = () => now() >= (expiryOf(jwt) ?? Infinity);
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
