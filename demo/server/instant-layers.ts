// The Instant stores of one document, one per layer, each in its own file under dataDir.
import { join } from 'node:path';
import { InstantStore } from './instant-store';
import { layerHandleFor } from './sessions';

export class InstantLayers {
  private readonly stores = new Map<string, InstantStore>();

  constructor(private readonly dataDir: string, private readonly documentId: string) {}

  /** `layer` '' is the default layer. The file name uses the handle: safe for any layer name. */
  forLayer(layer: string): InstantStore {
    const handle = layerHandleFor(this.documentId, layer);
    let store = this.stores.get(handle);
    if (!store) {
      store = new InstantStore(join(this.dataDir, `annotations-${handle}.json`));
      this.stores.set(handle, store);
    }
    return store;
  }
}
