/**
 * The exact URLs of the files a pool's packages load: wheel URLs as given, and for names from the distribution's
 * lock file, each package's file and those of its dependencies. The sandbox frame's CSP allows these files and no
 * other URL below Pyodide's folder: a folder source matches `…/pyodide/..%2F..%2Fanything` too (CSP decodes each
 * path segment), which a server that normalises `%2F` and `..` routes to the rest of the site.
 */

interface LockEntry {
  file_name?: unknown;
  depends?: unknown;
}

/** Pyodide's spelling of a package name in its lock file. */
const canonical = (name: string) => name.replace(/[-_.]+/g, '-').toLowerCase();

export async function packageFileURLs(indexURL: string, packages: string[]): Promise<string[]> {
  const wheels = packages.filter((name) => name.includes('/'));
  const names = packages.filter((name) => !name.includes('/'));
  if (!names.length) return wheels;
  let lock: { packages?: Record<string, LockEntry> };
  try {
    const response = await fetch(indexURL + 'pyodide-lock.json', { credentials: 'omit' });
    lock = response.ok ? await response.json() : {};
  } catch {
    // Pyodide reads the lock file too, and reports a missing one as the boot error it is.
    lock = {};
  }
  const entries = lock.packages ?? {};
  const files = new Set<string>(wheels);
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
  names.forEach(visit);
  return [...files];
}
