/** Module-wide defaults, set once by the page before elements run. */
export interface GlobalConfig {
  /** Where Pyodide's files live. Default: the `pyodide/` folder beside the library's own module. */
  indexURL?: string;
}

const config: GlobalConfig = {};

export function configure(options: GlobalConfig): void {
  if (options.indexURL !== undefined) config.indexURL = options.indexURL;
}

// A variable, not a literal, so bundlers do not try to resolve the folder as an asset at build time.
const assetFolder = './pyodide/';

/** An absolute folder URL ending with `/`, as Pyodide and the `data:`/`blob:` workers need it. */
export function resolveIndexURL(indexURL = config.indexURL): string {
  const url = new URL(indexURL ?? assetFolder, indexURL ? (globalThis.document?.baseURI ?? globalThis.location.href) : import.meta.url).href;
  return url.endsWith('/') ? url : url + '/';
}
