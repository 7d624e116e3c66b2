// One program must not make the page's sandboxes unavailable: reserving the frame's address space so that no
// interpreter can boot, or waiting in input() for ever, ends that program's run (or leaves it alone), never every
// element's. After each attack another run works, and the page's main thread kept ticking: its longest stall is
// compared with a control measured in the same test (ordinary runs while spares boot), never with a fixed time.
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import '../../src/define.ts';
import type { PythonSandbox } from '../../src/python-sandbox/python-sandbox.ts';
import { configure } from '../../src/runtime/config.ts';
import { SandboxPool } from '../../src/runtime/pool.ts';
import type { RunOptions, RunResult } from '../../src/runtime/types.ts';
import { watchMainThread } from '../main-thread.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How much longer than the control's the page's longest stall may be: a frozen page is frozen for seconds. */
const STALL_RATIO = 20;

/** A Python program that reserves address space with `make` until the engine refuses, says how many, and waits. */
function reserveThenWait(make: string): string {
  return [
    'import js',
    'from pyodide.ffi import to_js',
    'kept = []',
    'try:',
    '    while len(kept) < 2000:',
    `        kept.append(${make})`,
    'except BaseException as error:',
    '    print("refused", type(error).__name__, str(error)[:80])',
    'print("reserved", len(kept), flush=True)',
    'input("waiting> ")',
  ].join('\n');
}
const options = (fields: string) => `to_js({${fields}}, dict_converter=js.Object.fromEntries)`;
/** Finding 1: 4 GiB Wasm memories, never touched: ~121 exhaust the frame's process. */
const WASM_MEMORIES = reserveThenWait(`js.WebAssembly.Memory.new(${options('"initial": 1, "maximum": 65536')})`);
/** The same through resizable ArrayBuffers (4 GiB each, never touched): ~244. */
const RESIZABLE_BUFFERS = reserveThenWait(`js.ArrayBuffer.new(0, ${options('"maxByteLength": 2**32')})`);

/** Starts `code` with an onInput that never answers: it waits in input() until `abort` (or the pool ends it). */
function startWaiting(pool: SandboxPool, code: string, extra: RunOptions = {}) {
  const abort = new AbortController();
  let asked = false;
  let settled: RunResult | undefined;
  const result = pool.run(code, {
    timeout: 60_000, signal: abort.signal, ...extra,
    onInput: () => ((asked = true), new Promise<string>(() => {})),
  });
  void result.then((each) => (settled = each));
  return { result, abort, asked: () => asked, settled: () => settled };
}

async function until(condition: () => boolean, guardMs = 30_000): Promise<void> {
  for (const started = performance.now(); !condition() && performance.now() - started < guardMs;) await sleep(50);
}

/** The longest main-thread stall during ordinary runs of `pool` while its spares boot: the control. */
async function controlStall(pool: SandboxPool): Promise<number> {
  const watch = watchMainThread();
  for (let run = 0; run < 3; run++) await pool.run('print(1)', { timeout: 30_000 });
  await sleep(1500);
  return watch.stop().longestGapMs;
}

describe('hostile programs against the pool\'s availability', () => {
  let pool: SandboxPool;
  beforeEach(async () => {
    pool = new SandboxPool();
    await pool.ready;
  });
  afterEach(() => pool.dispose());

  for (const [name, code] of [['Wasm memories', WASM_MEMORIES], ['resizable ArrayBuffers', RESIZABLE_BUFFERS]]) {
    it(`a program that reserves the frame's address space (${name}) and waits in input() does not break the pool`, async function () {
      this.timeout(180_000); // a control, an attack, a recycled frame and five runs, on a machine that may be busy
      const control = await controlStall(pool);
      const watch = watchMainThread();
      const attack = startWaiting(pool, code);
      await until(() => attack.asked() || attack.settled() !== undefined);
      // Spares boot beside the waiting attacker meanwhile (and fail, one after the other, where it took the address
      // space); then other elements' runs come, more than the spares booted before the attack.
      await sleep(4000);
      const others: RunResult[] = [];
      for (let run = 0; run < 3; run++) others.push(await pool.run('print("other element")', { timeout: 30_000 }));
      const other = others.find((each) => each.status !== 'ok') ?? others[0];
      attack.abort.abort();
      const ended = await attack.result;
      const next = await pool.run('print("next")', { timeout: 30_000 });
      const { longestGapMs } = watch.stop();
      console.log(`${name}: attacker ${ended.status} ${JSON.stringify(ended.stdout.slice(0, 160))}; boots failed ` +
        `${pool.stats.boots.failed}, frames recycled ${pool.stats.framesRecycled}; other: ${other.status} ` +
        `${other.error?.message ?? ''}; longest stall ${Math.round(longestGapMs)} ms (control ${Math.round(control)} ms)`);
      expect(other, 'another element\'s run while the attacker waits').to.include({ status: 'ok', stdout: 'other element\n' });
      if (name === 'Wasm memories') expect(ended.stdout, 'what the fence let it reserve').to.match(/^reserved 0$/m);
      expect(next, 'the next run after the attacker').to.include({ status: 'ok', stdout: 'next\n' });
      expect(longestGapMs, 'the longest main-thread stall, against the control\'s').to.be.below(control * STALL_RATIO);
    });
  }

  it('programs cannot make WebAssembly memories or tables, through js or through an instance they reach', async () => {
    const code = [
      'import js, pyodide_js',
      'from pyodide.ffi import to_js',
      'def attempt(name, make):',
      '    try:',
      '        make()',
      '        print(name, "made")',
      '    except BaseException as error:',
      '        print(name, "refused")',
      `memory_options = ${options('"initial": 1, "maximum": 65536')}`,
      'with_memory = to_js(b"\\0asm\\1\\0\\0\\0\\5\\3\\1\\0\\1")',
      'without_memory = to_js(b"\\0asm\\1\\0\\0\\0")',
      'attempt("Memory", lambda: js.WebAssembly.Memory.new(memory_options))',
      'attempt("Memory through an instance", lambda: pyodide_js._module.wasmMemory.constructor.new(memory_options))',
      `attempt("Table", lambda: js.WebAssembly.Table.new(${options('"initial": 1, "element": "anyfunc"')}))`,
      'attempt("Module with a memory", lambda: js.WebAssembly.Module.new(with_memory))',
      'attempt("Module and Instance without a memory", lambda: js.WebAssembly.Instance.new(js.WebAssembly.Module.new(without_memory)))',
      // ctypes callbacks are Wasm trampolines Pyodide's runtime compiles after the fence: they import its memory.
      'import ctypes',
      'print("callback", ctypes.CFUNCTYPE(ctypes.c_int)(lambda: 7)())',
    ].join('\n');
    const result = await pool.run(code, { timeout: 30_000 });
    expect(result.stdout.split('\n').filter(Boolean)).to.deep.equal([
      'Memory refused', 'Memory through an instance refused', 'Table refused', 'Module with a memory refused',
      'Module and Instance without a memory made', 'callback 7',
    ]);
    expect((await pool.run('print("next")', { timeout: 30_000 })).stdout).to.equal('next\n');
  });

  it('runs waiting in input() leave room for another element\'s run', async function () {
    this.timeout(120_000);
    const control = await controlStall(pool);
    const watch = watchMainThread();
    const waiters = [startWaiting(pool, 'input("first? ")'), startWaiting(pool, 'input("second? ")')];
    await until(() => waiters.every((each) => each.asked()));
    const third = pool.run('print("third element")', { timeout: 30_000 });
    // A guard against hanging, not a speed check: the waiters are released only after it.
    const released = sleep(20_000).then(() => 'the waiters were released first');
    const first = await Promise.race([third.then(() => 'third'), released]);
    for (const waiter of waiters) waiter.abort.abort();
    const next = await pool.run('print("next")', { timeout: 30_000 });
    const { longestGapMs } = watch.stop();
    expect(first, 'what ended first').to.equal('third');
    expect(await third).to.include({ status: 'ok', stdout: 'third element\n' });
    expect(waiters.map((each) => each.settled()?.status), 'the waiters, ended by the test').to.deep.equal(['stopped', 'stopped']);
    expect(next).to.include({ status: 'ok', stdout: 'next\n' });
    expect(longestGapMs, 'the longest main-thread stall, against the control\'s').to.be.below(control * STALL_RATIO);
  });

  it('says why a run waits when the page has no room left for it', async () => {
    configure({ maxInterpreters: 2 });
    try {
      const waiters = [startWaiting(pool, 'input("first? ")'), startWaiting(pool, 'input("second? ")')];
      await until(() => waiters.every((each) => each.asked()));
      const reasons: Array<string | undefined> = [];
      const third = pool.run('print("third")', { timeout: 30_000, onQueued: (reason) => reasons.push(reason) });
      await until(() => reasons.length > 0, 10_000);
      expect(reasons, 'what onQueued was told while the others waited').to.have.length.above(0);
      waiters[0].abort.abort();
      expect(await third).to.include({ status: 'ok', stdout: 'third\n' });
      waiters[1].abort.abort();
      expect(reasons[0], 'why it waited').to.match(/2 other runs .*2 of them waiting for input/);
      expect(reasons.at(-1), 'told when it left the queue').to.equal(undefined);
    } finally {
      configure({ maxInterpreters: 4 });
    }
  });

  it('ends a run that waits in input() longer than its bound, and the next run works', async () => {
    const waiter = startWaiting(pool, 'print("asking")\ninput("? ")\nprint("never")', { inputTimeout: 500 });
    const first = await Promise.race([waiter.result, sleep(20_000).then(() => undefined)]);
    waiter.abort.abort(); // a guard against hanging, not a speed check
    const result = await waiter.result;
    expect(first, 'ended by its bound, not by the test').to.equal(result);
    expect(result.status).to.equal('timeout');
    expect(result.error?.type).to.equal('InputTimeout');
    expect(result.stdout).to.equal('asking\n? ');
    expect((await pool.run('print("next")', { timeout: 30_000 })).stdout).to.equal('next\n');
  });
});

describe('elements whose runs wait for input (the page\'s cap reached)', () => {
  it('a queued element says in its status line why it waits, and runs once a waiting one ends', async function () {
    this.timeout(120_000);
    configure({ maxInterpreters: 2 });
    try {
      // An output-limit of their own: a pool no other test on this page shares.
      const page = await fixture<HTMLDivElement>(html`<div>
        <python-sandbox output-limit="900777" timeout="30000" code='input("first? ")'></python-sandbox>
        <python-sandbox output-limit="900777" timeout="30000" code='input("second? ")'></python-sandbox>
        <python-sandbox output-limit="900777" timeout="30000" code='print("third element")'></python-sandbox>
      </div>`);
      const [first, second, third] = [...page.querySelectorAll<PythonSandbox>('python-sandbox')];
      const status = (el: PythonSandbox) => el.shadowRoot!.querySelector('[part="status"]')!.textContent ?? '';
      void first.run();
      void second.run();
      await waitUntil(() => first.shadowRoot!.querySelector('[part="input"]') && second.shadowRoot!.querySelector('[part="input"]'),
        'the first two wait for input', { timeout: 60_000 });
      const running = third.run();
      await waitUntil(() => status(third).startsWith('Waiting'), 'the third says why it waits', { timeout: 30_000 });
      expect(status(third)).to.match(/waiting for input/);
      first.stop();
      expect(await running).to.include({ status: 'ok', stdout: 'third element\n' });
      second.stop();
    } finally {
      configure({ maxInterpreters: 4 });
    }
  });
});
