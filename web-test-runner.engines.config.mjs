// The cross-engine suite (test/engines/), one engine per run: `npm run test:engines` (scripts/test-engines.mjs) sets
// PYTHON_SANDBOX_ENGINE to `firefox` or `webkit` and, for WebKit, starts Xvfb and WebKitWebDriver and passes the
// driver's port in PYTHON_SANDBOX_WEBDRIVER_PORT. Pyodide's files and TypeScript are served as in `npm test`.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { engines } from './scripts/find-engines.mjs';
import { koaPyodideAssets } from './scripts/pyodide-assets.mjs';
import { fixturePackageIndex } from './test/fixtures/package-index.mjs';
import { shippedSnapshotServer } from './test/fixtures/shipped-snapshot-server.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';

const engine = process.env.PYTHON_SANDBOX_ENGINE;
if (!engines[engine]) throw new Error(`set PYTHON_SANDBOX_ENGINE to one of ${Object.keys(engines).join(', ')} (npm run test:engines does)`);
const found = engines[engine].find();
if (!found) throw new Error(engines[engine].hint);

// `npm run test:engines` runs each engine twice: as an ordinary page, and as a cross-origin isolated one (COOP +
// COEP), where the frame may get SharedArrayBuffer and a deadline may interrupt Python instead of terminating it
// (test/engines/degrades.test.ts checks which, per engine).
const isolated = process.env.PYTHON_SANDBOX_ISOLATED === '1';
async function crossOriginIsolation(ctx, next) {
  await next();
  ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
  ctx.set('Cross-Origin-Embedder-Policy', 'require-corp');
}

/**
 * A page whose `setViewport` goes on without a screen orientation: Puppeteer sends WebDriver BiDi's
 * `emulation.setScreenOrientationOverride` beside the viewport, a command Firefox 140 ESR (Debian 12's) does not
 * know; 153 does. The test runner sets an 800×600 viewport before each test file, which failed every file on 140.
 */
async function pageWithoutOrientation({ context }) {
  const page = await context.newPage();
  const setViewport = page.setViewport.bind(page);
  page.setViewport = async (viewport) => {
    try {
      await setViewport(viewport);
    } catch (error) {
      if (!/setScreenOrientationOverride[\s\S]*unknown command/.test(String(error?.message))) throw error;
    }
  };
  return page;
}

function browser() {
  if (engine === 'firefox') {
    return puppeteerLauncher({
      launchOptions: { browser: 'firefox', executablePath: found.firefox, headless: true },
      createPage: pageWithoutOrientation,
    });
  }
  // WebKitGTK's MiniBrowser, started by the WebKitWebDriver that scripts/test-engines.mjs runs under Xvfb. No
  // `browserName`: WebKitWebDriver matches on the binary. `--headless` did not open a page here; Xvfb stands in.
  const launcher = webdriverLauncher({
    automationProtocol: 'webdriver',
    hostname: '127.0.0.1',
    port: Number(process.env.PYTHON_SANDBOX_WEBDRIVER_PORT ?? 4444),
    logLevel: 'error',
    capabilities: { 'webkitgtk:browserOptions': { binary: found.miniBrowser, args: ['--automation'] } },
  });
  // The launcher names itself after `browserName`, which WebKitWebDriver must not be given.
  const initialize = launcher.initialize.bind(launcher);
  launcher.initialize = async (...args) => {
    await initialize(...args);
    launcher.name = 'WebKit';
  };
  return launcher;
}

export default {
  files: ['test/engines/**/*.test.ts'],
  nodeResolve: true,
  // One test page at a time in one window: the WebDriver launcher runs concurrent files in iframes of one page, and
  // every file boots real Pyodide, which is all a 2-core machine takes.
  concurrency: 1,
  concurrentBrowsers: 1,
  browsers: [browser()],
  browserStartTimeout: 120000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  middleware: [shippedSnapshotServer, fixturePackageIndex, koaPyodideAssets, ...(isolated ? [crossOriginIsolation] : [])],
  reporters: [defaultReporter(), summaryReporter(isolated ? `${engine}-isolated` : engine)],
  // As in web-test-runner.config.mjs: a minute on a quiet machine is three beside other work (WebKit's packages test
  // hit 60 s at load 13); a hang still fails, later.
  testFramework: { config: { timeout: 180_000 } },
  testsStartTimeout: 120000,
  testsFinishTimeout: 8 * 60 * 1000,
};
