/**
 * What every interpreter of one Pyodide distribution needs: `pyodide.asm.wasm` compiled once, and the stdlib bytes.
 * The host fetches both on the page (where the HTTP cache works) and delivers them in one `assets` message per
 * distribution; where it could not, the relay fetches them itself.
 */
import { BootBytes } from './boot-bytes.ts';

export interface Assets {
  wasmModule?: WebAssembly.Module;
  stdlib?: BootBytes;
}

interface HostBytes {
  wasm: Uint8Array | null;
  stdlib: Uint8Array | null;
}

export class AssetCache {
  private readonly assets = new Map<string, Promise<Assets>>();
  /** The host's delivery for each distribution, awaited by the first boot that needs it; only the first counts. */
  private readonly deliveries = new Map<string, { bytes: Promise<HostBytes>; deliver?: (bytes: HostBytes) => void }>();

  /** The host's bytes for `indexURL` (`null` where the page could not fetch a file). */
  deliver(indexURL: string, wasm: unknown, stdlib: unknown): void {
    const delivery = this.deliveryFor(indexURL);
    delivery.deliver?.({ wasm: wasm instanceof Uint8Array ? wasm : null, stdlib: stdlib instanceof Uint8Array ? stdlib : null });
    delivery.deliver = undefined;
  }

  get(indexURL: string): Promise<Assets> {
    let assets = this.assets.get(indexURL);
    if (!assets) this.assets.set(indexURL, (assets = this.load(indexURL)));
    return assets;
  }

  private deliveryFor(indexURL: string) {
    let delivery = this.deliveries.get(indexURL);
    if (!delivery) {
      let deliver!: (bytes: HostBytes) => void;
      const bytes = new Promise<HostBytes>((resolve) => (deliver = resolve));
      this.deliveries.set(indexURL, (delivery = { bytes, deliver }));
    }
    return delivery;
  }

  private async load(indexURL: string): Promise<Assets> {
    const delivery = this.deliveryFor(indexURL);
    const given = await delivery.bytes;
    // Let go of the delivered bytes once compiled: 10 MB of wasm must not stay alive beside its module.
    delivery.bytes = Promise.resolve({ wasm: null, stdlib: null });
    const [wasmModule, stdlib] = await Promise.all([
      (given.wasm ? WebAssembly.compile(given.wasm as Uint8Array<ArrayBuffer>) : WebAssembly.compileStreaming(fetch(indexURL + 'pyodide.asm.wasm')))
        .catch(() => undefined),
      (given.stdlib ? Promise.resolve(given.stdlib) : fetch(indexURL + 'python_stdlib.zip')
        .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(response.statusText))))
        .then((buffer) => new Uint8Array(buffer)))
        .then((bytes) => new BootBytes(bytes))
        .catch(() => undefined),
    ]);
    return { wasmModule, stdlib };
  }
}
