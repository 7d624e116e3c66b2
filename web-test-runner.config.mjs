import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromeArgs, findChrome, installHint } from './scripts/find-chrome.mjs';
import { koaPyodideAssets } from './scripts/pyodide-assets.mjs';

const executablePath = findChrome();
if (!executablePath) throw new Error(installHint);

export default {
  files: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  nodeResolve: true,
  // Every test file boots real Pyodide; two at once is what a 2-core machine takes without starving the interpreters.
  concurrency: 2,
  concurrentBrowsers: 1,
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: chromeArgs } })],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  middleware: [koaPyodideAssets],
  testFramework: { config: { timeout: 60000 } },
  testsFinishTimeout: 8 * 60 * 1000,
};
