// `npm run test:engines`: the user-facing behaviours (test/engines/) in Firefox and WebKit, one engine after the
// other (a 2-core machine has room for one browser booting Pyodide at a time), each on an ordinary page and on a
// cross-origin isolated one. Finds the browsers (installing Debian's packages when root, one clear line otherwise),
// runs WebKit's WebDriver under a private Xvfb display, and stops both afterwards. Chromium runs the same files in
// `npm test`.
//
//   npm run test:engines                      both engines, both pages
//   npm run test:engines -- webkit            one engine
//   npm run test:engines -- firefox --files test/engines/degrades.test.ts   extra arguments go to web-test-runner
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { engines, ensureEngine } from './find-engines.mjs';

/**
 * A pass that runs longer than this is stuck: stop it and report it, so CI ends. A pass takes 3–4 minutes on a
 * 2-core machine busy with other work (load 13–17), more beside a CPU load.
 */
const PASS_LIMIT_MS = 20 * 60 * 1000;

const args = process.argv.slice(2);
const chosen = args.filter((arg) => engines[arg]);
const extra = args.filter((arg) => !engines[arg]);
const names = chosen.length ? chosen : Object.keys(engines);

/** Processes this script started, stopped (by process group) on exit, whatever the outcome. */
const started = new Set();
function stopAll() {
  for (const child of started) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  started.clear();
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}

function launch(command, commandArgs, options = {}) {
  const child = spawn(command, commandArgs, { detached: true, ...options });
  started.add(child);
  child.on('exit', () => started.delete(child));
  return child;
}

function stop(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return Promise.resolve();
  }
  return exited;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on the first free display and resolves with its name (`:N`). */
function startXvfb(xvfb) {
  return new Promise((resolve, reject) => {
    const child = launch(xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data) => (stderr += data));
    child.stdio[3].on('data', (data) => resolve({ child, display: `:${String(data).trim()}` }));
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it opened a display: ${stderr.trim()}`)));
  });
}

/** Starts WebKitWebDriver on a free port and waits until it answers. */
async function startWebKitDriver(driver, display) {
  const port = await freePort();
  const child = launch(driver, [`--port=${port}`, '--host=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DISPLAY: display },
  });
  let stderr = '';
  child.stderr.on('data', (data) => (stderr += data));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}): ${stderr.trim()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return { child, port };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`WebKitWebDriver did not answer on port ${port} within 30 s: ${stderr.trim()}`);
}

function runPass(env) {
  return new Promise((resolve) => {
    const child = launch('npx', ['web-test-runner', '--config', 'web-test-runner.engines.config.mjs', ...extra], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    const timer = setTimeout(() => {
      console.error(`\nThe ${env.PYTHON_SANDBOX_ENGINE} pass ran past ${PASS_LIMIT_MS / 60000} min: stopping it.`);
      void stop(child);
    }, PASS_LIMIT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? 1 : (code ?? 1));
    });
  });
}

/** The exact browser version a pass ran, for the summary (and docs/browser-support.md's table). */
function version(name, found) {
  if (name === 'firefox') return spawnSync(found.firefox, ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'Firefox';
  const webkit = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).stdout?.trim();
  return webkit ? `WebKitGTK ${webkit}` : 'WebKitGTK';
}

const summary = [];
let failed = false;
for (const name of names) {
  const found = ensureEngine(name);
  if (!found) {
    summary.push(`${name}: not run (browser missing)`);
    failed = true;
    continue;
  }
  let helpers = [];
  const env = { PYTHON_SANDBOX_ENGINE: name };
  try {
    if (name === 'webkit') {
      const xvfb = await startXvfb(found.xvfb);
      const driver = await startWebKitDriver(found.driver, xvfb.display);
      helpers = [driver.child, xvfb.child];
      env.PYTHON_SANDBOX_WEBDRIVER_PORT = String(driver.port);
    }
    // With extra arguments (say, --files) only the ordinary page runs, as in `npm test`.
    for (const isolated of extra.length ? [false] : [false, true]) {
      const label = `${name}, ${isolated ? 'cross-origin isolated page' : 'ordinary page'}`;
      console.log(`\n── ${label} ──`);
      const startedAt = Date.now();
      const code = await runPass({ ...env, PYTHON_SANDBOX_ISOLATED: isolated ? '1' : '0' });
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
      summary.push(`${label} (${version(name, found)}): ${code === 0 ? 'passed' : 'FAILED'} in ${seconds} s`);
      failed ||= code !== 0;
    }
  } catch (error) {
    summary.push(`${name}: could not start (${error.message})`);
    failed = true;
  } finally {
    for (const helper of helpers) await stop(helper);
  }
}

console.log(`\nEngines:\n${summary.map((line) => `  ${line}`).join('\n')}`);
process.exit(failed ? 1 : 0);
