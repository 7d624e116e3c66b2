/**
 * The URLs of the files a pool's packages load: wheel URLs as given, and for names from the distribution's lock
 * file, each package's file and those of its dependencies. The page fetches them and hands them to the frame.
 */

interface LockEntry {
  file_name?: unknown;
  depends?: unknown;
}

/** Pyodide's spelling of a package name in its lock file. */
const canonical = (name: string) => name.replace(/[-_.]+/g, '-').toLowerCase();

export function packageFileURLs(indexURL: string, packages: readonly string[], lock: unknown): string[] {
  const files = new Set<string>(packages.filter((name) => name.includes('/')));
  const entries = ((lock as { packages?: unknown } | null)?.packages ?? {}) as Record<string, LockEntry>;
  const seen = new Set<string>();
  const visit = (name: string) => {
    const key = canonical(name);
    if (seen.has(key)) return;
    seen.add(key);
    const entry = entries[key] ?? entries[name];
    if (!entry) return; // an unknown name is Pyodide's to report, as a PackageError
    if (typeof entry.file_name === 'string') files.add(new URL(entry.file_name, indexURL).href);
    if (Array.isArray(entry.depends)) for (const dependency of entry.depends) if (typeof dependency === 'string') visit(dependency);
  };
  packages.filter((name) => !name.includes('/')).forEach(visit);
  return [...files];
}
