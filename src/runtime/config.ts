import { numericOptions } from './option-ranges.ts';
import { checkInteger, describe } from './validate.ts';

/**
 * Module-wide settings, set once by the page before elements run. They are the page author's, as attributes are; the
 * allow-lists pin what attributes (which whoever writes the page's HTML controls) may point at.
 */
export interface GlobalConfig {
  /** Where Pyodide's files live. Default: the `pyodide/` folder beside the library's own module. */
  indexURL?: string;
  /**
   * Folders `index-url` / `indexURL` may point into (absolute, or relative to the page). A pool given another folder
   * contacts nothing, and its runs end as `'crashed'` with a `BootError` naming it. The default folder (`indexURL`
   * above, else the bundled one) is always allowed. Default: any folder.
   */
  allowedIndexURLs?: string[];
  /**
   * Where wheel URLs in `packages` may come from: folders, or single `.whl` URLs. Package names (from the lock file
   * at `index-url`) are always allowed. A pool given another wheel URL is refused like an unlisted `index-url`.
   * Default: any URL.
   */
  allowedPackageSources?: string[];
  /**
   * Interpreters the page's shared pools (every element, `leasePool`) may keep in all (1–64). A pool made once the
   * cap is used up gets what is left, and at least 1. Default 4.
   */
  maxInterpreters?: number;
  /**
   * Keep the pool's memory snapshot in the page origin's Cache Storage, so later pages of the site start their first
   * interpreter from it instead of booting CPython (about 30 MiB per pool configuration). Default true.
   */
  snapshotCache?: boolean;
}

/** What `configure()` was given, with every URL made absolute. */
export interface ResolvedConfig {
  readonly indexURL?: string;
  readonly allowedIndexURLs?: readonly string[];
  readonly allowedPackageSources?: readonly string[];
  readonly maxInterpreters: number;
  readonly snapshotCache: boolean;
}

let config: ResolvedConfig = { maxInterpreters: numericOptions.maxInterpreters.default, snapshotCache: true };

export function configure(options: GlobalConfig): void {
  // Everything is checked before anything applies: a bad call throws and leaves the settings as they were.
  const next: ResolvedConfig = {
    indexURL: options.indexURL ?? config.indexURL,
    allowedIndexURLs: urlList('allowedIndexURLs', options.allowedIndexURLs)?.map(asFolder) ?? config.allowedIndexURLs,
    allowedPackageSources: urlList('allowedPackageSources', options.allowedPackageSources)
      ?.map((url) => (url.pathname.endsWith('.whl') ? url.href : asFolder(url))) ?? config.allowedPackageSources,
    maxInterpreters: options.maxInterpreters === undefined
      ? config.maxInterpreters
      : checkInteger(numericOptions.maxInterpreters, options.maxInterpreters),
    snapshotCache: options.snapshotCache === undefined ? config.snapshotCache : checkBoolean('snapshotCache', options.snapshotCache),
  };
  config = next;
}

export function currentConfig(): ResolvedConfig {
  return config;
}

/** The default folder, found on first use (in the browser, when a pool is made): never at import. */
let defaultIndexURL: string | undefined;

/** An absolute folder URL ending with `/`, as Pyodide and the `data:`/`blob:` workers need it. */
export function resolveIndexURL(indexURL = config.indexURL): string {
  const url = indexURL
    ? new URL(indexURL, pageURL()).href
    : (defaultIndexURL ??= new URL('pyodide/', scriptURL() ?? pageURL()).href);
  return url.endsWith('/') ? url : url + '/';
}

/**
 * The URL of the script this code runs from (dist/index.js as published, or the chunk a bundler put it in), read
 * from a stack trace as Pyodide finds its own folder (`calculateDirname` in pyodide.mjs). Not `import.meta.url`:
 * webpack (Docusaurus's bundler) replaces it at build time with the module's `file:` URL on the build machine, which
 * then ships to readers and points nowhere (scripts/test-ssr.mjs).
 */
function scriptURL(): string | undefined {
  // The first frame is this function's: `at f (https://…/index.js:1:2)` in Chromium, `f@https://…/index.js:1:2` in
  // Firefox and Safari. An eval'd frame (`<anonymous>:1:2`) names no script: the page's folder stands in.
  const frame = new Error().stack?.split('\n').find((line) => /:\d+\)?$/.test(line));
  return frame && /([a-z][\w+.-]*:\/\/[^\s()]*?)(?::\d+){1,2}\)?$/i.exec(frame)?.[1];
}

function pageURL(): string {
  return globalThis.document?.baseURI ?? globalThis.location.href;
}

function urlList(name: string, list: unknown): URL[] | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw new TypeError(`python-sandbox: ${name} must be an array of URLs, got ${describe(list)}`);
  return list.map((entry: unknown) => {
    const url = typeof entry === 'string' && URL.canParse(entry, pageURL()) ? new URL(entry, pageURL()) : undefined;
    if (url?.protocol === 'https:' || url?.protocol === 'http:') return url;
    throw new TypeError(`python-sandbox: ${name} must hold http(s) URLs, got ${describe(entry)}`);
  });
}

/** A folder allows what lies below it, and `/pyodide` must not allow `/pyodide-evil/`: it ends with `/`. */
function asFolder(url: URL): string {
  const path = url.pathname.endsWith('/') ? url.pathname : url.pathname + '/';
  return url.origin + path;
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`python-sandbox: ${name} must be true or false, got ${describe(value)}`);
  return value;
}
