/**
 * When a renewal must be over. It starts late for proactive renewal (the token's expiry) and a
 * viewer that starts waiting pulls it in (the SDK's 30 s window): every wait re-checks it then.
 */
export class Deadline {
  #at: number;
  readonly #onPullIn = new Set<() => void>();

  constructor(at: number) {
    this.#at = at;
  }

  get at(): number {
    return this.#at;
  }

  pullIn(at: number): void {
    if (at >= this.#at) return;
    this.#at = at;
    for (const listener of [...this.#onPullIn]) listener();
  }

  /**
   * A signal that aborts when the deadline passes (following pull-ins), with `reason()`, or when
   * `parent` aborts, with its reason. Call `dispose` when done waiting.
   */
  link(parent: AbortSignal, reason: () => unknown): { signal: AbortSignal; dispose: () => void } {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(reason()), Math.max(0, this.#at - Date.now()));
    };
    const forward = () => controller.abort(parent.reason);
    const dispose = () => {
      clearTimeout(timer);
      this.#onPullIn.delete(arm);
      parent.removeEventListener('abort', forward);
    };
    if (parent.aborted) forward();
    else {
      arm();
      this.#onPullIn.add(arm);
      parent.addEventListener('abort', forward, { once: true });
    }
    controller.signal.addEventListener('abort', dispose, { once: true });
    return { signal: controller.signal, dispose };
  }

  /** Calls `check` on every pull-in until the returned function is called. */
  watch(check: () => void): () => void {
    this.#onPullIn.add(check);
    return () => this.#onPullIn.delete(check);
  }
}
