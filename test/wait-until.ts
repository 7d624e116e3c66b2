import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

type Options = Parameters<typeof openWcWaitUntil>[2];

/**
 * @open-wc/testing's `waitUntil`, whose own default gives up after 1 s: what a quiet machine does in 100 ms takes
 * seconds on a busy one. It waits up to 30 s here unless told otherwise, inside the test's 60 s: a condition that
 * never comes still fails, with its message.
 */
export function waitUntil(predicate: Parameters<typeof openWcWaitUntil>[0], message?: string,
  options: Options = {}): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: 30_000, ...options });
}
