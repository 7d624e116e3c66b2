import { expect } from '@open-wc/testing';
import { usePool } from '../use-pool.ts';

describe('SandboxPool memory limit (real Pyodide)', () => {
  const pool = usePool({ memoryLimitMiB: 128 });

  it('lets a program use memory under the limit', async () => {
    const result = await pool.run('x = bytearray(40 * 1024 * 1024)\nlen(x) // (1024 * 1024)');
    expect(result).to.include({ status: 'ok', result: '40' });
  });

  it('gives MemoryError past the limit, and the next run works', async () => {
    const result = await pool.run('print("before")\nx = bytearray(400 * 1024 * 1024)\nprint("never")');
    expect(result.status).to.equal('error');
    expect(result.error?.type).to.equal('MemoryError');
    expect(result.error?.line).to.equal(2);
    expect(result.stdout).to.equal('before\n');
    const next = await pool.run('y = bytearray(10 * 1024 * 1024)\nprint("fine")');
    expect(next).to.include({ status: 'ok', stdout: 'fine\n' });
  });

  it('gives MemoryError to a program that grows step by step, which can catch it and go on', async () => {
    const code = [
      'chunks = []',
      'try:',
      '    while True:',
      '        chunks.append(bytearray(8 * 1024 * 1024))',
      'except MemoryError:',
      '    grown = len(chunks) * 8',
      '    chunks.clear()',
      'print("recovered", grown < 128)',
    ].join('\n');
    const result = await pool.run(code, { timeout: 30000 });
    expect(result).to.include({ status: 'ok', stdout: 'recovered True\n' });
  });
});
