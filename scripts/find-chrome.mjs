// Finds the Chromium the tests and the benchmark drive: $CHROME_PATH, then chromium, chromium-browser and
// google-chrome on PATH. Browser downloads (Playwright's, Puppeteer's) cannot work here, so nothing is fetched.
import { installDebianPackages } from './debian-packages.mjs';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const installHint = 'no Chromium found: install it with `sudo apt-get install -y chromium` (Debian) or set CHROME_PATH';

export function findChrome() {
  const candidates = [];
  if (process.env.CHROME_PATH) candidates.push(process.env.CHROME_PATH);
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, name));
  }
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Finds Chromium; on a Debian machine where packages can be installed, installs the `chromium` package first.
 * Otherwise prints one line saying how to install it and returns undefined.
 */
export function ensureChrome() {
  let path = findChrome();
  if (!path && installDebianPackages(['chromium'], 'No Chromium found: installing Debian\'s chromium package with apt-get…')) {
    path = findChrome();
  }
  if (!path) console.error(installHint);
  return path;
}

/** Flags for a headless Chromium on a CI box: root needs --no-sandbox; the network beyond localhost is closed. */
export const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv.includes('--install') ? ensureChrome() : findChrome();
  if (!path) {
    if (!process.argv.includes('--install')) console.error(installHint);
    process.exit(1);
  }
  console.log(path);
}
