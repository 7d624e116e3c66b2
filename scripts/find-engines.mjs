// Finds the Firefox and WebKit the cross-engine suite drives, as Debian packages them: `firefox-esr` (driven by
// Puppeteer over WebDriver BiDi) and WebKitGTK's `WebKitWebDriver` + `MiniBrowser` (driven over WebDriver, under a
// virtual X display from `xvfb`). Browser downloads (Playwright's, Puppeteer's) cannot work here, so nothing is
// fetched but Debian packages, and only when we are root on a machine with apt-get.
import { installDebianPackages } from './debian-packages.mjs';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name)).find(executable);
}

/** What each engine needs: the programs to look for, the Debian packages that provide them, and how to say so. */
export const engines = {
  firefox: {
    packages: ['firefox-esr'],
    find: () => {
      const path = [process.env.FIREFOX_PATH, onPath('firefox-esr'), onPath('firefox')].find((candidate) => candidate && executable(candidate));
      return path ? { firefox: path } : undefined;
    },
    hint: 'no Firefox found: install it with `sudo apt-get install -y firefox-esr` (Debian) or set FIREFOX_PATH',
  },
  webkit: {
    packages: ['webkit2gtk-driver', 'xvfb'],
    find: () => {
      const driver = onPath('WebKitWebDriver');
      const miniBrowser = [
        process.env.MINIBROWSER_PATH,
        '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        '/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser',
        '/usr/lib/aarch64-linux-gnu/webkitgtk-6.0/MiniBrowser',
      ].find((candidate) => candidate && executable(candidate));
      const xvfb = onPath('Xvfb');
      return driver && miniBrowser && xvfb ? { driver, miniBrowser, xvfb } : undefined;
    },
    hint: 'no WebKit found: install it with `sudo apt-get install -y webkit2gtk-driver xvfb` (Debian: WebKitWebDriver, MiniBrowser and Xvfb)',
  },
};

/**
 * Finds the programs an engine needs; on a Debian machine where we are root and apt-get exists, installs the missing
 * packages first. Otherwise prints one line saying how to install them and returns undefined.
 */
export function ensureEngine(name) {
  const engine = engines[name];
  let found = engine.find();
  if (!found && installDebianPackages(engine.packages, `No ${name} found: installing Debian's ${engine.packages.join(' ')} with apt-get…`)) {
    found = engine.find();
  }
  if (!found) console.error(engine.hint);
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const install = process.argv.includes('--install');
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  let missing = false;
  for (const name of names.length ? names : Object.keys(engines)) {
    if (!engines[name]) throw new Error(`unknown engine ${name}: ${Object.keys(engines).join(', ')}`);
    const found = install ? ensureEngine(name) : engines[name].find();
    if (!found) {
      if (!install) console.error(engines[name].hint);
      missing = true;
    } else console.log(`${name}: ${Object.values(found).join(' ')}`);
  }
  process.exit(missing ? 1 : 0);
}
