// Runs test/python/ (the matplotlib backend and the runner, with real matplotlib) under Debian's /usr/bin/python3:
// Pyodide's matplotlib cannot be had offline, Debian's python3-matplotlib can. Installs that package when it is
// missing (as find-chrome.mjs does for Chromium), says so in one line when it cannot, and ends with the suite's
// summary line: `python: N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { installDebianPackages } from './debian-packages.mjs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const python = '/usr/bin/python3';
export const installHint = 'no matplotlib for /usr/bin/python3: install it with `sudo apt-get install -y python3-matplotlib` (Debian)';

function matplotlibVersion() {
  const found = spawnSync(python, ['-c', 'import matplotlib; print(matplotlib.__version__)'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The version of matplotlib /usr/bin/python3 imports; on Debian, installs python3-matplotlib first when needed. */
export function ensureMatplotlib() {
  let version = matplotlibVersion();
  if (!version && installDebianPackages(['python3-matplotlib'], 'No matplotlib for /usr/bin/python3: installing Debian\'s python3-matplotlib package with apt-get…')) {
    version = matplotlibVersion();
  }
  if (!version) console.error(installHint);
  return version;
}

/** { passed, failed, skipped } from unittest's closing lines: `Ran N tests in …` and `OK (…)` or `FAILED (…)`. */
function count(output) {
  const ran = output.match(/^Ran (\d+) tests? in /m);
  const verdict = output.match(/^(OK|FAILED)(?: \((.*)\))?\s*$/m);
  if (!ran || !verdict) return { passed: 0, failed: 1, skipped: 0 }; // Python died before unittest could report
  const details = Object.fromEntries((verdict[2] ?? '').split(', ').filter(Boolean).map((pair) => {
    const [name, value] = pair.split('=');
    return [name, Number(value)];
  }));
  const failed = (details.failures ?? 0) + (details.errors ?? 0) + (details['unexpected successes'] ?? 0);
  const skipped = details.skipped ?? 0;
  return { passed: Number(ran[1]) - failed - skipped, failed, skipped };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const version = ensureMatplotlib();
  if (!version) process.exit(1);
  const run = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'test/python', '-v'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  process.stdout.write(run.stdout ?? '');
  process.stderr.write(run.stderr ?? ''); // unittest reports on stderr
  const totals = count(run.stderr ?? '');
  if (run.status !== 0 && totals.failed === 0) totals.failed = 1;
  console.log(`(matplotlib ${version} under ${python})`);
  console.log(`python: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed ? 1 : 0);
}
