/**
 * The files Pyodide downloads while loading packages, kept by the relay for the next spares of the same pool.
 *
 * Packages with compiled extensions are loaded by every spare (see package-snapshot.ts), and the frame's opaque
 * origin never gets HTTP-cached responses: without this, each spare after a Stop would download numpy again.
 */

/** Downloads by URL. */
export type PackageDownloads = Record<string, Uint8Array>;

export function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** More than this many bytes of packages per pool are fetched again by each spare rather than kept in memory. */
export const MAX_KEPT_DOWNLOAD_BYTES = 128 * 1024 * 1024;

/**
 * Runs `load` with `fetch` answering from `kept` where it can; what it had to fetch goes to `onFetched`.
 * Only for loading packages, before any user code: the worker's `fetch` is restored when `load` settles.
 */
export async function withKeptDownloads<T>(kept: PackageDownloads, onFetched: (downloads: PackageDownloads) => void, load: () => Promise<T>): Promise<T> {
  const originalFetch = globalThis.fetch;
  const fetched: PackageDownloads = {};
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = urlOf(input);
    const bytes = kept[url];
    if (bytes) return new Response(bytes.slice());
    const response = await originalFetch(input, init);
    if (response.ok) fetched[url] = new Uint8Array(await response.clone().arrayBuffer());
    return response;
  };
  try {
    return await load();
  } finally {
    globalThis.fetch = originalFetch;
    Object.assign(kept, fetched);
    if (Object.keys(fetched).length) onFetched(fetched);
  }
}

/** Adds `fetched` to what a pool keeps, within its budget. */
export function keepDownloads(kept: PackageDownloads, fetched: PackageDownloads): void {
  let total = Object.values(kept).reduce((sum, bytes) => sum + bytes.byteLength, 0);
  for (const [url, bytes] of Object.entries(fetched)) {
    if (kept[url] || total + bytes.byteLength > MAX_KEPT_DOWNLOAD_BYTES) continue;
    kept[url] = bytes;
    total += bytes.byteLength;
  }
}
