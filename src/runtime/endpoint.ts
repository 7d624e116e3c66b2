import type { HostToRelay } from '../../worker/protocol.ts';

/**
 * Makes the endpoint a pool talks through; called again when the pool has to rebuild a relay that died.
 * `packageFiles`: the exact URLs of every file the pool's packages load.
 */
export type EndpointFactory = (indexURL: string, packageFiles: string[]) => Endpoint;

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
}
