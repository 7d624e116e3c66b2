// `npm test` after the build and type-check: runs test/python/ (the matplotlib backend, under Debian's Python with
// real matplotlib) and scripts/test-ssr.mjs (the built package imported in Node, and bundled by webpack), finds
// Chromium (installing Debian's package when it can, one clear line when it cannot), then runs the @web/test-runner
// suite twice: on an ordinary page, and on a cross-origin isolated one (test/isolated/), where deadlines interrupt
// Python instead of terminating it. Extra arguments go to the first run (e.g.
// `npm test -- --files test/runtime/runs.test.ts`).
import { spawnSync } from 'node:child_process';
import { ensureChrome } from './find-chrome.mjs';

if (!ensureChrome()) process.exit(1);

function runner(args, env = {}) {
  return spawnSync('npx', ['web-test-runner', ...args], { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

const extra = process.argv.slice(2);
// The matplotlib backend with real matplotlib under Debian's Python (a few seconds); a focused run skips it.
const python = extra.length ? 0 : (spawnSync(process.execPath, ['scripts/test-python.mjs'], { stdio: 'inherit' }).status ?? 1);
// dist/ where there is no DOM, and through webpack (about 5 s); a focused run skips it too.
const ssr = extra.length ? 0 : (spawnSync(process.execPath, ['scripts/test-ssr.mjs'], { stdio: 'inherit' }).status ?? 1);
const ordinary = runner(extra);
const isolated = extra.length ? 0 : runner([], { PYTHON_SANDBOX_ISOLATED: '1' });
process.exit(python || ssr || ordinary || isolated);
