// The one place the project installs what its tests need from Debian: as root (or with sudo) on a machine with
// apt-get, nothing downloaded from anywhere else. Used by find-chrome.mjs (Chromium, for npm test, test:consumer,
// test:docs, the bench and the screenshots), find-engines.mjs (Firefox, WebKit), test-python.mjs (matplotlib) and
// test-docs.mjs (MkDocs, Sphinx); .ci/run calls it too (`node scripts/debian-packages.mjs chromium firefox-esr …`).
import { spawnSync } from 'node:child_process';

/** `[]` as root, `['sudo']` where sudo exists, undefined where packages cannot be installed. */
function privilege() {
  if (spawnSync('which', ['apt-get']).status !== 0) return undefined;
  if (process.getuid?.() === 0) return [];
  return spawnSync('which', ['sudo']).status === 0 ? ['sudo'] : undefined;
}

/**
 * Installs Debian `packages` with apt-get, saying so on one line first (`why`). The package lists are refreshed only
 * when an install fails without them: an update is slow and often needless. Returns whether apt-get succeeded.
 */
export function installDebianPackages(packages, why = `installing Debian's ${packages.join(' ')} with apt-get…`) {
  const prefix = privilege();
  if (!prefix || !packages.length) return false;
  console.log(why);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptGet = (...args) => {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    return spawnSync(command, rest, { stdio: 'inherit', env }).status === 0;
  };
  if (aptGet('install', '-y', '-qq', ...packages)) return true;
  aptGet('update', '-qq');
  return aptGet('install', '-y', '-qq', ...packages);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const packages = process.argv.slice(2);
  process.exit(packages.length === 0 || installDebianPackages(packages) ? 0 : 1);
}
