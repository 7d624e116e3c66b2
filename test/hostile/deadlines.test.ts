// Hostile code that tries to run past its deadline or hold memory outside its limit: Python run by timers, asyncio
// tasks or callbacks while input() waits (the clock is paused then), asyncio tasks left running into the next cell
// of a session, and file writes to the in-memory file system (which lives in JS memory, outside the Wasm heap).
import { expect } from '@open-wc/testing';
import { expectNoFreeze, watchMainThread } from '../main-thread.ts';
import { usePool } from '../use-pool.ts';

describe('hostile code cannot escape its deadline or memory limit', () => {
  const pool = usePool({ memoryLimitMiB: 128 });

  /** Runs `code`, which asks for input; answers late, and says whether the program printed while it waited. */
  async function printsWhileWaiting(code: string): Promise<{ status: string; printedWhileWaiting: number }> {
    let waitingSince: number | undefined;
    let printedWhileWaiting = 0;
    const result = await pool.run(code, {
      timeout: 1000,
      onOutput: (_stream, text) => {
        if (waitingSince !== undefined && performance.now() - waitingSince > 200 && text.includes('burn')) printedWhileWaiting++;
      },
      onInput: () => new Promise((resolve) => {
        waitingSince = performance.now();
        setTimeout(() => (waitingSince = undefined, resolve('Ada')), 2500);
      }),
    });
    return { status: result.status, printedWhileWaiting };
  }

  it('runs no Python from JS timers while input() waits (its clock is paused)', async () => {
    const code = `import js, time
from pyodide.ffi import create_proxy
def burn():
    print("burn")
    start = time.time()
    while time.time() - start < 0.1:
        pass
js.setInterval(create_proxy(burn), 0)
name = input("name? ")
print("answered")`;
    const { status, printedWhileWaiting } = await printsWhileWaiting(code);
    expect(printedWhileWaiting, 'Python ran while the program waited').to.equal(0);
    expect(status).to.equal('timeout'); // the timers burn its time once it runs again
    expect((await pool.run('print("next")')).stdout).to.equal('next\n');
  });

  it('runs no Python from asyncio tasks while input() waits', async () => {
    const code = `import asyncio, time
async def burn():
    while True:
        print("burn")
        start = time.time()
        while time.time() - start < 0.1:
            pass
        await asyncio.sleep(0)
task = asyncio.ensure_future(burn())
name = input("name? ")
print("answered")`;
    const { printedWhileWaiting } = await printsWhileWaiting(code);
    expect(printedWhileWaiting, 'Python ran while the program waited').to.equal(0);
  });

  it('still pauses the clock for a program that only waits for input', async () => {
    const result = await pool.run('name = input("name? ")\nprint("hi", name)', {
      timeout: 500, onInput: () => new Promise((resolve) => setTimeout(() => resolve('Ada'), 1500)),
    });
    expect(result).to.include({ status: 'ok', stdout: 'name? hi Ada\n' });
  });

  it('leaves no asyncio task of one session cell running into the next', async () => {
    const cells = pool.session('hostile-asyncio');
    const first = await cells.run(`import asyncio
async def chatter():
    while True:
        try:
            print("leaked")
            await asyncio.sleep(0)  # a step scheduled at once, on Pyodide's own channel rather than a timer
        except BaseException:
            pass
asyncio.ensure_future(chatter())
await asyncio.sleep(0.05)
print("first done")`);
    expect(first.status, first.error?.traceback).to.equal('ok');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await cells.run('import asyncio\nawait asyncio.sleep(0.2)\nprint("second")');
    expect(second.stdout).to.equal('second\n');
  });

  it('cannot hold memory outside the limit by writing files', async () => {
    const watch = watchMainThread();
    const result = await pool.run(`chunk = b"x" * (16 * 2 ** 20)
written = 0
try:
    for i in range(64):  # 1 GiB, in files of 16 MiB
        with open(f"/tmp/fill-{i}", "wb") as handle:
            handle.write(chunk)
        written += 1
except OSError as error:
    print("stopped:", error.strerror)
print("written", written)`, { timeout: 20000 });
    expectNoFreeze(watch.stop(), 'the longest main-thread stall');
    expect(result.status, result.error?.traceback).to.equal('ok');
    expect(result.stdout).to.match(/^stopped: No space left on device\nwritten \d+\n$/);
    const written = Number(/written (\d+)/.exec(result.stdout)![1]);
    expect(written * 16, 'MiB written').to.be.at.most(128);
    expect((await pool.run('print("next")')).stdout).to.equal('next\n');
  });
});
