import type { Endpoint } from './endpoint.ts';

/**
 * An endpoint that exists before what stands behind it does (a frame whose CSP needs the package files, read from
 * the lock file first): messages wait in order, listeners are added once it exists.
 */
export function deferredEndpoint(made: Promise<Endpoint>): Endpoint {
  let endpoint: Endpoint | undefined;
  let closed = false;
  const waiting: Array<(endpoint: Endpoint) => void> = [];
  void made.then((ready) => {
    if (closed) return ready.close?.();
    endpoint = ready;
    for (const apply of waiting.splice(0)) apply(ready);
  });
  const whenReady = (apply: (endpoint: Endpoint) => void) => (endpoint ? apply(endpoint) : waiting.push(apply));
  return {
    postMessage: (message, transfer) => whenReady((ready) => ready.postMessage(message, transfer)),
    addEventListener: (type, listener) => whenReady((ready) => ready.addEventListener(type, listener)),
    removeEventListener: (type, listener) => whenReady((ready) => ready.removeEventListener(type, listener)),
    alive: () => !closed && (endpoint?.alive?.() ?? true),
    close: () => {
      closed = true;
      endpoint?.close?.();
    },
  };
}
