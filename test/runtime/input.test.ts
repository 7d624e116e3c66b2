import { expect } from '@open-wc/testing';
import { usePool } from '../use-pool.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SandboxPool input() (real Pyodide)', () => {
  const pool = usePool();

  it('asks onInput for each line, with the prompt, and Python goes on with the answer', async () => {
    const prompts: string[] = [];
    const answers = ['Ada', 'Lovelace', '1815'];
    const code = 'import sys\nfirst = input("First? ")\nlast = input("Last? ")\nyear = sys.stdin.readline()\n' +
      'print(f"{first} {last}, born {int(year)}")';
    const result = await pool.run(code, { onInput: (prompt) => (prompts.push(prompt), answers.shift()!) });
    expect(result).to.include({ status: 'ok', stdout: 'First? Last? Ada Lovelace, born 1815\n' });
    expect(prompts).to.deep.equal(['First? ', 'Last? ', '']);
  });

  it('shows the prompt and the output before it while the program waits', async () => {
    let seen = '';
    const result = await pool.run('print("before")\nname = input("Name? ")\nprint("hi", name)', {
      onOutput: (_stream, text) => (seen += text),
      onInput: async () => {
        const shown = seen;
        return shown === 'before\nName? ' ? 'shown' : `not shown: ${JSON.stringify(shown)}`;
      },
    });
    expect(result.stdout).to.equal('before\nName? hi shown\n');
  });

  it('reads the given stdin first, then asks onInput, then ends with EOFError on null', async () => {
    const asked: string[] = [];
    const code = 'lines = []\ntry:\n    while True:\n        lines.append(input())\nexcept EOFError:\n    print(lines)';
    const result = await pool.run(code, { stdin: 'one\ntwo\n', onInput: (prompt) => (asked.push(prompt), asked.length === 1 ? 'three' : null) });
    expect(result).to.include({ status: 'ok', stdout: "['one', 'two', 'three']\n" });
    expect(asked).to.have.length(2);
  });

  it('treats an onInput that throws as end of file', async () => {
    const result = await pool.run('input("? ")', { onInput: () => { throw new Error('nobody home'); } });
    expect(result.status).to.equal('error');
    expect(result.error?.type).to.equal('EOFError');
  });

  it('pauses the deadline while the program waits, and resumes it after', async () => {
    // The control: the same run with the line at once. The deadline is well above what it takes, the typing well
    // above the deadline, whatever the machine's load.
    const control = await pool.run('print(input())', { timeout: 30_000, onInput: () => 'at once' });
    expect(control).to.include({ status: 'ok', stdout: 'at once\n' });
    const timeout = Math.max(300, Math.ceil(10 * control.durationMs));
    const typingMs = 3 * timeout;
    const slowTyper = async () => (await sleep(typingMs), 'late');
    const waited = await pool.run('print(input())', { timeout, onInput: slowTyper });
    expect(waited).to.include({ status: 'ok', stdout: 'late\n' });
    // Not a speed check: durationMs is execution time, and the wait for the line is not execution.
    expect(waited.durationMs, 'the wait for input is not in durationMs').to.be.below(typingMs);
    const spins = await pool.run('input()\nwhile True: pass', { timeout: 300, onInput: () => 'go' });
    expect(spins.status).to.equal('timeout');
  });

  it('stops a program that waits for input, and the next run works', async () => {
    const abort = new AbortController();
    const result = await pool.run('input("? ")\nprint("never")', {
      signal: abort.signal,
      onInput: () => (setTimeout(() => abort.abort(), 50), new Promise<string>(() => {})),
    });
    expect(result.status).to.equal('stopped');
    expect(result.stdout).to.equal('? ');
    expect((await pool.run('print("next")')).stdout).to.equal('next\n');
  });

  it('works in a session, which keeps its state', async () => {
    const cells = pool.session('input-cells');
    await cells.run('name = input()', { onInput: () => 'Grace' });
    expect((await cells.run('name')).result).to.equal("'Grace'");
  });
});
