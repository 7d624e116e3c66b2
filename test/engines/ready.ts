import { fixture, html, oneEvent } from '@open-wc/testing';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';

/** How long the first interpreter may take to boot: 2–15 s measured across engines on a busy 2-core machine. */
const BOOT_LIMIT_MS = 90_000;

/**
 * Boots the page's shared pool (the one every default `<python-sandbox>` leases) and fails once, with a clear message,
 * if it never becomes ready. Without this, a boot that hangs in some engine costs every test its full mocha timeout.
 */
export async function poolBoots(context: Mocha.Context): Promise<void> {
  context.timeout(BOOT_LIMIT_MS + 5000);
  const el = await fixture<PythonSandbox>(html`<python-sandbox preload="eager"></python-sandbox>`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the interpreter pool did not become ready within ${BOOT_LIMIT_MS / 1000} s ` +
      `in ${navigator.userAgent} (crossOriginIsolated: ${crossOriginIsolated}): a hang, not a clear failure`)), BOOT_LIMIT_MS);
  });
  try {
    await Promise.race([oneEvent(el, 'sandbox-ready'), hung]);
  } finally {
    clearTimeout(timer);
  }
}
