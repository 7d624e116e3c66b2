// The snapshot shipped in dist/pyodide/ (made in Chromium when the package is built) in every engine: the first
// interpreter of a first visit restores from it where the engine has WebAssembly JSPI as Chromium does; WebKit, which
// has none, cannot restore it (Pyodide's function table differs), so it boots CPython without fetching it. Which it
// was is logged for docs/browser-support.md.
import { expect } from '@open-wc/testing';
import { SandboxPool } from '../../src/runtime/pool.ts';

const hasJSPI = typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function';

describe(`the shipped snapshot in ${navigator.userAgent}`, function () {
  this.timeout(180000);

  it('starts the first interpreter from it, or boots CPython where it cannot be restored', async () => {
    const pool = new SandboxPool({ size: 1, indexURL: `/shipped/good-${Math.random().toString(36).slice(2)}/pyodide/` });
    try {
      const result = await pool.run('import random, sys\nprint(sys.version_info[0], random.random() < 1)', { timeout: 60000 });
      expect(result).to.include({ status: 'ok', stdout: '3 True\n' });
      const { boots } = pool.stats;
      console.log(`[capabilities] shipped snapshot: ${boots.plain === 0 ? 'restored' : 'not restored, CPython booted'} ` +
        `(boots: ${JSON.stringify(boots)})`);
      // It was made in Chromium, with JSPI; an engine without JSPI (WebKit) cannot restore it and does not try.
      if (hasJSPI) expect(boots, 'restored at once').to.include({ plain: 0, failed: 0 });
      else expect(boots, 'booted CPython, with no failed restore first').to.include({ plain: 1, snapshot: 0, failed: 0 });
    } finally {
      pool.dispose();
    }
  });
});
