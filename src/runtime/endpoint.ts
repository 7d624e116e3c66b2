import type { HostToRelay } from '../../worker/protocol.ts';
import type { DeliveredFiles } from './pyodide-files.ts';

/**
 * Makes the endpoint a pool talks through, for Pyodide at `indexURL` and the pool's `packages`; called again when the
 * pool has to rebuild a relay that died.
 */
export type EndpointFactory = (indexURL: string, packages: readonly string[]) => Endpoint;

/**
 * The one seam between the runtime and whatever runs interpreters (comlink's shape): the relay in the isolation
 * frame, a relay on this page, or a fake in unit tests. Messages coming back are `unknown` on purpose: the pool
 * checks every one before it believes it.
 */
export interface Endpoint {
  postMessage(message: HostToRelay, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  /** Releases whatever stands behind the endpoint. */
  close?(): void;
  /** False once what stands behind the endpoint is known to be gone (a frame removed from the page or reloaded). */
  alive?(): boolean;
  /**
   * Settles once the endpoint has handed its relay Pyodide's files: rejects when it could not fetch one of
   * Pyodide's own (no interpreter can start); resolves with why package files could not be fetched, if so, and a way
   * to keep the snapshot for the site's next pages.
   */
  readonly files?: Promise<DeliveredFiles>;
}
