import { type NumericOption, numericOptions } from './option-ranges.ts';
import type { PoolOptions, RunOptions } from './types.ts';

const encoder = new TextEncoder();

export function checkCode(code: unknown): string {
  if (typeof code !== 'string') throw new TypeError(`python-sandbox: code must be a string, got ${describe(code)}`);
  return code;
}

/** Rejects names that would land outside the run's working directory, before anything runs. */
export function checkFiles(files: RunOptions['files']): Record<string, Uint8Array> {
  const checked: Record<string, Uint8Array> = {};
  if (files === undefined) return checked;
  if (files === null || typeof files !== 'object') {
    throw new TypeError(`python-sandbox: files must be an object of name → string | Uint8Array, got ${describe(files)}`);
  }
  for (const [name, content] of Object.entries(files)) {
    const parts = name.split(/[\\/]/);
    if (!name || name.startsWith('/') || name.startsWith('\\') || /^[a-z]:/i.test(name) || name.includes('\0') ||
        parts.some((part) => part === '..' || part === '')) {
      throw new RangeError(`python-sandbox: file name ${JSON.stringify(name)} must be a relative path inside the working directory`);
    }
    if (typeof content === 'string') checked[name] = encoder.encode(content);
    else if (content instanceof Uint8Array) checked[name] = content.slice();
    else throw new TypeError(`python-sandbox: file ${JSON.stringify(name)} must be a string or Uint8Array, got ${describe(content)}`);
  }
  return checked;
}

export function checkTimeout(timeout: unknown): number {
  const { default: fallback, min, max } = numericOptions.timeout;
  if (timeout === undefined) return fallback;
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout < min || timeout > max) {
    throw new RangeError(`python-sandbox: timeout must be a number of milliseconds from ${min} (no deadline) to ${max} ` +
      `(the longest delay browsers' timers take), got ${describe(timeout)}`);
  }
  return timeout;
}

export function checkInputTimeout(inputTimeout: unknown): number {
  const { default: fallback, min, max } = numericOptions.inputTimeout;
  if (inputTimeout === undefined) return fallback;
  if (typeof inputTimeout !== 'number' || !Number.isFinite(inputTimeout) || inputTimeout < min || inputTimeout > max) {
    throw new RangeError(`python-sandbox: inputTimeout must be a number of milliseconds from ${min} (no bound) to ${max}, ` +
      `got ${describe(inputTimeout)}`);
  }
  return inputTimeout;
}

export function checkStdin(stdin: unknown): string | undefined {
  if (stdin === undefined || typeof stdin === 'string') return stdin;
  throw new TypeError(`python-sandbox: stdin must be a string, got ${describe(stdin)}`);
}

/** `setup` and `check`: Python source, or nothing (an empty string is nothing too). */
export function checkSource(name: 'setup' | 'check', source: unknown): string | undefined {
  if (source === undefined || source === '') return undefined;
  if (typeof source === 'string') return source;
  throw new TypeError(`python-sandbox: ${name} must be a string of Python, got ${describe(source)}`);
}

export interface CheckedPoolOptions {
  size: number;
  memoryLimitMiB: number;
  outputLimit: number;
  packages: string[];
}

export function checkPoolOptions(options: PoolOptions): CheckedPoolOptions {
  return {
    size: checkInteger(numericOptions.size, options.size),
    memoryLimitMiB: checkInteger(numericOptions.memoryLimitMiB, options.memoryLimitMiB),
    outputLimit: checkInteger(numericOptions.outputLimit, options.outputLimit),
    packages: checkPackages(options.packages),
  };
}

/** A package name as Pyodide's lock file spells it, or an absolute http(s) URL of a wheel (fit for a CSP). */
export function isPackageSpec(name: unknown): name is string {
  return typeof name === 'string' && (/^[A-Za-z0-9][\w.-]*$/.test(name) || /^https?:\/\/[^\s;,'"]+\.whl$/.test(name));
}

export function checkPackages(packages: unknown): string[] {
  if (packages === undefined) return [];
  if (!Array.isArray(packages)) throw new TypeError(`python-sandbox: packages must be an array of strings, got ${describe(packages)}`);
  return packages.map((name: unknown) => {
    if (isPackageSpec(name)) return name;
    throw new RangeError(`python-sandbox: ${describe(name)} is not a package name or a wheel URL (https://…/name-1.0-py3-none-any.whl)`);
  });
}

/** `value`, or the option's default when it is undefined; anything outside the option's range throws. */
export function checkInteger(option: NumericOption, value: unknown): number {
  const { name, default: fallback, min, max } = option;
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`python-sandbox: ${name} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

/** Pyodide's folder, as an absolute URL: the page fetches it, so it must be http(s). */
export function checkIndexURL(indexURL: string): string {
  const { protocol } = new URL(indexURL);
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new RangeError(`python-sandbox: Pyodide must be served over http(s), got ${JSON.stringify(indexURL)}` +
      (protocol === 'file:' ? ' (a file:// page cannot load it: serve the page and the files from a web server)' : ''));
  }
  return indexURL;
}
