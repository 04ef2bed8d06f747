// A small LRU for rendered tiles, bounded by total bytes (Map keeps insertion order).
export class ByteLru {
  private readonly items = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const value = this.items.get(key);
    if (value) {
      this.items.delete(key);
      this.items.set(key, value);
    }
    return value;
  }

  set(key: string, value: Buffer): void {
    this.delete(key);
    this.items.set(key, value);
    this.bytes += value.length;
    for (const [oldest, old] of this.items) {
      if (this.bytes <= this.maxBytes) break;
      this.items.delete(oldest);
      this.bytes -= old.length;
    }
  }

  private delete(key: string): void {
    const old = this.items.get(key);
    if (old) {
      this.items.delete(key);
      this.bytes -= old.length;
    }
  }
}
