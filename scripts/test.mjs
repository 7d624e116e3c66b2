// `npm test` after the type-check: generates the worker sources, finds Chromium (one clear line if there is none),
// then runs the @web/test-runner suite. Extra arguments go to the runner (e.g. `npm test -- --files test/x.test.ts`).
import { spawnSync } from 'node:child_process';
import { findChrome, installHint } from './find-chrome.mjs';

if (!findChrome()) {
  console.error(`npm test: ${installHint}`);
  process.exit(1);
}
const wtr = spawnSync('npx', ['web-test-runner', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(wtr.status ?? 1);
