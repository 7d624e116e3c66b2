import { expect } from '@open-wc/testing';
import { usePool } from '../use-pool.ts';

describe('SandboxPool sessions (real Pyodide)', () => {
  const pool = usePool();

  it('keeps globals across runs of one session, like notebook cells', async () => {
    const a = pool.session('keeps');
    expect(await a.run('x = 41\ndef bump():\n    global x\n    x += 1')).to.include({ status: 'ok', sessionState: 'kept' });
    expect(await a.run('bump()\nx')).to.include({ status: 'ok', result: '42', sessionState: 'kept' });
    expect(await a.run('import math\nx + math.floor(0.5)')).to.include({ result: '42' });
    expect(pool.session('keeps')).to.equal(a);
  });

  it('hides one session\'s globals from another session and from plain runs', async () => {
    const a = pool.session('alpha');
    expect((await a.run('shared = "alpha only"')).status).to.equal('ok');

    const other = await pool.session('beta').run('shared');
    expect(other.status).to.equal('error');
    expect(other.error?.type).to.equal('NameError');

    const plain = await pool.run('shared');
    expect(plain.status).to.equal('error');
    expect(plain.error?.type).to.equal('NameError');
    expect(plain).not.to.have.property('sessionState');

    expect(await a.run('shared')).to.include({ result: "'alpha only'" });
  });

  it('does not let a plain run see files a session wrote', async () => {
    const a = pool.session('files');
    await a.run('open("session.txt", "w").write("mine")');
    expect((await pool.run('import os\nos.path.exists("session.txt")')).result).to.equal('False');
  });

  it('forgets everything on reset()', async () => {
    const a = pool.session('resets');
    await a.run('kept = 1');
    expect((await a.run('kept')).result).to.equal('1');
    a.reset();
    const after = await a.run('kept');
    expect(after.status).to.equal('error');
    expect(after.error?.type).to.equal('NameError');
    expect((await a.run('kept = 2\nkept')).result).to.equal('2');
  });

  it('reports a timed-out session run as lost, and the next run starts fresh', async () => {
    const a = pool.session('times-out');
    await a.run('before = "set"');
    const killed = await a.run('while True: pass', { timeout: 300 });
    expect(killed).to.include({ status: 'timeout', sessionState: 'lost' });

    const next = await a.run('before');
    expect(next.status).to.equal('error');
    expect(next.error?.type).to.equal('NameError');
    expect(next.sessionState).to.equal('kept');
    expect(await a.run('after = 1\nafter + 1')).to.include({ status: 'ok', result: '2', sessionState: 'kept' });
  });

  it('runs a session\'s runs one at a time, in the order asked', async () => {
    const a = pool.session('ordered');
    await a.run('log = []');
    const runs = ['first', 'second', 'third'].map((word) => a.run(`log.append("${word}")\nlen(log)`));
    const results = await Promise.all(runs);
    expect(results.map((each) => each.result)).to.deep.equal(['1', '2', '3']);
    expect((await a.run('log')).result).to.equal("['first', 'second', 'third']");
  });
});
