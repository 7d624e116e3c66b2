import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromeArgs, findChrome, installHint } from './scripts/find-chrome.mjs';
import { koaPyodideAssets } from './scripts/pyodide-assets.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { fixturePackageIndex } from './test/fixtures/package-index.mjs';
import { countingServer } from './test/fixtures/counting-server.mjs';
import { builtPyodideFiles, shippedSnapshotServer } from './test/fixtures/shipped-snapshot-server.mjs';
import { plainServer } from './test/fixtures/plain-server.mjs';
import { hostileEndpoints } from './test/hostile/server-endpoints.mjs';

const executablePath = findChrome();
if (!executablePath) throw new Error(installHint);

// `npm test` runs the suite twice: as an ordinary page, and as a cross-origin isolated one (COOP + COEP), where
// SharedArrayBuffer exists and a deadline interrupts Python instead of terminating its worker.
const isolated = process.env.PYTHON_SANDBOX_ISOLATED === '1';
async function crossOriginIsolation(ctx, next) {
  await next();
  ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
  ctx.set('Cross-Origin-Embedder-Policy', 'require-corp');
}

export default {
  files: isolated ? ['test/isolated/**/*.test.ts'] : ['src/**/*.test.ts', 'test/**/*.test.ts', '!test/isolated/**'],
  nodeResolve: true,
  // Every test file boots real Pyodide; two at once is what a 2-core machine takes without starving the interpreters.
  concurrency: 2,
  concurrentBrowsers: 1,
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: chromeArgs },
      // Each test page in a window of its own: two tabs of one window leave one hidden, and a hidden page gets no
      // requestAnimationFrame (fixture() waits for one) and no IntersectionObserver callbacks.
      createPage: ({ context }) => context.newPage({ type: 'window' }),
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  middleware: [plainServer, builtPyodideFiles, countingServer, shippedSnapshotServer, fixturePackageIndex, koaPyodideAssets, hostileEndpoints, ...(isolated ? [crossOriginIsolation] : [])],
  reporters: [defaultReporter(), summaryReporter(isolated ? 'chromium-isolated' : 'chromium')],
  // A test that ends within a minute on a quiet 2-core machine may take three beside a CPU load (CONTRIBUTING.md's
  // figure); a hang still fails, later.
  testFramework: { config: { timeout: 180_000 } },
  testsFinishTimeout: 20 * 60 * 1000,
};
