// `npm test` after the build and type-check: finds Chromium (installing Debian's package when it can, one clear line
// when it cannot), then runs the @web/test-runner suite. Extra arguments go to the runner
// (e.g. `npm test -- --files test/runtime/pool.test.ts`).
import { spawnSync } from 'node:child_process';
import { ensureChrome } from './find-chrome.mjs';

if (!ensureChrome()) process.exit(1);
const wtr = spawnSync('npx', ['web-test-runner', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(wtr.status ?? 1);
