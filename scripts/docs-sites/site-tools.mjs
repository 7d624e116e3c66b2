// What the docs sites' builds (scripts/docs-sites/<generator>.mjs) share: asking a generator its version, running its
// commands, adding the package as the recipes in docs/docs-sites.md say, and clicking a theme's dark-mode switch.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/** A static site generator's own command, or what `dpkg-query` says of a Debian package: its version, or undefined. */
export function probe(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
export const debianVersion = (name) => probe('dpkg-query', ['-W', '-f=${Version}', name])?.replace(/[-+].*$/, '');
export const npmVersion = (site, name) =>
  JSON.parse(readFileSync(path.join(site, 'node_modules', name, 'package.json'), 'utf8')).version;

/** runCommand without blocking the browser checks that run meanwhile: resolves with stdout, rejects with output. */
export async function runAsync(command, args, cwd) {
  try {
    const env = { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' };
    return (await promisify(execFile)(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited ${error.code}:\n${error.stdout}${error.stderr}`);
  }
}

/**
 * The recipe (docs/docs-sites.md) for sites without a Node toolchain: unpack the package and copy its dist/ into the site's
 * static folder (its `npm pack python-sandbox` downloads the tarball this test packs).
 */
export async function copyDist(site, tarball, folder) {
  await runAsync('tar', ['-xzf', tarball], site);
  mkdirSync(path.dirname(path.join(site, folder)), { recursive: true });
  await runAsync('cp', ['-r', 'package/dist', folder], site);
}

/** `npm install` of the site with `python-sandbox` added from the tarball, as `npm install python-sandbox` adds it. */
export async function npmInstall(site, tarball) {
  const manifestFile = path.join(site, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  manifest.dependencies = { ...manifest.dependencies, 'python-sandbox': `file:${tarball}` };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  await runAsync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], site);
}

/** Clicks the first visible element matching `selector` until `done()` holds in the page, at most `tries` times. */
export async function clickUntil(page, selector, done, tries = 3) {
  for (let i = 0; i < tries && !(await page.evaluate(done)); i++) {
    const handles = await page.$$(selector);
    let clicked = false;
    for (const handle of handles) {
      if (!clicked && (await handle.isVisible())) {
        await handle.click();
        clicked = true;
      }
    }
    if (!clicked) throw new Error(`no visible ${selector} to switch to dark mode`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (!(await page.evaluate(done))) throw new Error(`clicking ${selector} did not switch to dark mode`);
}
