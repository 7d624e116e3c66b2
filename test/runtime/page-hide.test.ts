// A page left behind keeps no interpreters: on `pagehide` (another page, or the back/forward cache) every pool removes
// its frame, and its runs end as 'stopped'; back from the cache (`pageshow` with `persisted`), it builds a new frame
// and runs as before.
import { expect } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import { SandboxPool } from '../../src/runtime/pool.ts';

const frames = () => document.querySelectorAll('iframe[data-python-sandbox-frame]').length;
const pageTransition = (type: 'pagehide' | 'pageshow', persisted: boolean) =>
  window.dispatchEvent(new PageTransitionEvent(type, { persisted }));

describe('a pool whose page is left', function () {
  this.timeout(180000);

  it('removes its frame and interpreters on pagehide, and runs again once the page is shown from the cache', async () => {
    const before = frames();
    const pool = new SandboxPool({ size: 1 });
    try {
      await pool.ready;
      expect(frames()).to.equal(before + 1);
      const waiting = pool.run('input()', { timeout: 0, onInput: () => new Promise(() => {}) });
      await waitUntil(() => pool.stats.running === 1, 'the run holds an interpreter', { timeout: 60000 });
      pageTransition('pagehide', true);
      expect((await waiting).status).to.equal('stopped');
      expect(frames(), 'the frame is gone').to.equal(before);
      expect(pool.stats).to.include({ spares: 0, running: 0 });
      pageTransition('pageshow', true);
      await waitUntil(() => frames() === before + 1, 'a new frame', { timeout: 10000 });
      const result = await pool.run('print("back")', { timeout: 60000 });
      expect(result).to.include({ status: 'ok', stdout: 'back\n' });
    } finally {
      pool.dispose();
    }
  });

  it('builds its frame again at the next run when the page comes back without pageshow', async () => {
    const pool = new SandboxPool({ size: 1 });
    try {
      await pool.ready;
      pageTransition('pagehide', false);
      const result = await pool.run('print("again")', { timeout: 60000 });
      expect(result).to.include({ status: 'ok', stdout: 'again\n' });
    } finally {
      pool.dispose();
    }
  });
});
