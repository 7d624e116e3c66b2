import { currentConfig, resolveIndexURL } from './config.ts';
import type { Endpoint } from './endpoint.ts';

/**
 * Why a pool may not load from `indexURL` or from its wheel URLs under `configure({ allowedIndexURLs,
 * allowedPackageSources })`, or undefined when it may. Both are resolved absolute URLs.
 */
export function refusedSource(indexURL: string, packages: readonly string[]): Error | undefined {
  const { allowedIndexURLs, allowedPackageSources } = currentConfig();
  // The default folder is the page's own choice (configure({ indexURL }) or the bundled files), never an attribute's.
  if (allowedIndexURLs && indexURL !== resolveIndexURL() && !allowedIndexURLs.some((folder) => indexURL.startsWith(folder))) {
    return refusal(`index-url ${indexURL}`, 'allowedIndexURLs', allowedIndexURLs);
  }
  if (!allowedPackageSources) return undefined;
  for (const name of packages.filter((each) => each.includes('/'))) {
    // Compared as the browser will fetch it: `https://host/wheels/../x.whl` is `https://host/x.whl`.
    const wheel = new URL(name).href;
    if (!allowedPackageSources.some((source) => (source.endsWith('/') ? wheel.startsWith(source) : wheel === source))) {
      return refusal(`the wheel ${wheel} in packages`, 'allowedPackageSources', allowedPackageSources);
    }
  }
  return undefined;
}

function refusal(what: string, option: string, allowed: readonly string[]): Error {
  return new Error(`python-sandbox: ${what} is not allowed by configure({ ${option} }) ` +
    `(${allowed.length ? allowed.join(', ') : 'an empty list'}); nothing was loaded from it.`);
}

/** Stands in for the relay of a refused pool: nothing is built, nothing is sent anywhere. */
export const unconnectedEndpoint: Endpoint = {
  postMessage() {},
  addEventListener() {},
  removeEventListener() {},
};
