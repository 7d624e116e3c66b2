// The snapshot shipped in dist/pyodide/ (made in Chromium when the package is built) in every engine: the first
// interpreter of a first visit restores from it, or, where the engine cannot restore it, the pool boots CPython
// instead and the run still works. Which it was is logged for docs/browser-support.md.
import { expect } from '@open-wc/testing';
import { SandboxPool } from '../../src/runtime/pool.ts';

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
      expect(boots.plain + boots.snapshot).to.be.greaterThan(0);
      if (boots.plain === 0) expect(boots.failed, 'restored at once').to.equal(0);
      else expect(boots.failed, 'one failed restore at most, then a plain boot').to.be.at.most(1);
    } finally {
      pool.dispose();
    }
  });
});
