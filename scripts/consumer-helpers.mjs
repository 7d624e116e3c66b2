// What scripts/test-consumer.mjs and scripts/test-docs.mjs share: running a command, packing the package as npm
// would publish it, and watching a page for what went wrong.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Runs a command to its end; returns its stdout, or throws an Error holding its exit status and output. */
export function runCommand(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const reason = result.error ? String(result.error) : `exited ${result.status}`;
    throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} ${reason}:\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** `npm pack` of the repository at `root` into `destination`: `{ tarball, filename, files }`. */
export function packPackage(root, destination) {
  const [packed] = JSON.parse(runCommand('npm', ['pack', '--json', '--pack-destination', destination], root));
  return {
    tarball: path.join(destination, packed.filename),
    filename: packed.filename,
    files: packed.files.map((file) => file.path),
  };
}

/**
 * Collects, into the array it returns, the page's uncaught errors, failed requests and HTTP errors (a missing
 * favicon aside), and with `{ console: true }` its console errors too.
 */
export function watchPage(page, { console: consoleErrors = false } = {}) {
  const problems = [];
  const favicon = (url) => new URL(url).pathname.endsWith('/favicon.ico');
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !favicon(response.url())) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  if (consoleErrors) {
    page.on('console', (message) => {
      const url = message.location()?.url;
      if (message.type() === 'error' && !(url && favicon(url))) problems.push(`console error: ${message.text()}`);
    });
  }
  return problems;
}
