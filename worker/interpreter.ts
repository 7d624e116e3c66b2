/**
 * The interpreter worker: one Pyodide, booted (from the relay's snapshot when there is one), running programs the
 * relay hands it over a private MessagePort. It never decides about time; the runtime does.
 *
 * User code shares this worker's global scope and can call `self.postMessage` with any shape it likes, so the worker
 * talks only over the port it received in its first message and keeps it in module scope. Everything the worker calls
 * after user code starts is captured here first, so patched prototypes cannot change what we send.
 */
import type { PyodideAPI, loadPyodide } from 'pyodide';
import type { BootPhases, DisplayMime, LineAnswer, RelayToWorker, RunOutcome, RunRequest, WorkerBoot, WorkerToRelay } from './protocol.ts';
import { DISPLAY_MIMES, serializeError } from './protocol.ts';
import { PromiseOf, apply, capMemoryGrowth, confineUserCode, dataOf, fromEntries, gate, isBetweenRuns, now, postTo, releaseHeldTimers, runEnded, runStarted, startTimer } from './fence.ts';
import { capFileSystem } from './file-quota.ts';
import { OutputBatcher, signalBuffer } from './output-batcher.ts';
import { type PackageDownloads, urlOf, withKeptDownloads } from './package-downloads.ts';
import { loadAndImport, makeSnapshot, restorePackages } from './package-snapshot.ts';
import { type Judge, type OutcomeProxy, judgeRun } from './check-step.ts';
import exerciseSource from './exercise.py';
import matplotlibBackendSource from './matplotlib_backend.py';
import runnerSource from './runner.py';

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

// Pyodide 314 takes a JS value for an error only if it has a `stack`; WebKit's network errors ("Load failed") have
// none, so a failed fetch awaited from Python never settled there. Every error gets one.
if (!('stack' in Error.prototype)) Object.defineProperty(Error.prototype, 'stack', { value: '', writable: true, configurable: true });

// Pyodide's own scripts come first in this worker's source (pyodide-prelude.ts): the frame loads no script by URL.
declare const __sandboxLoadPyodide: typeof loadPyodide;
declare const __sandboxCreatePyodideModule: unknown;

/** The working directory of every run. */
const WORKDIR = '/home/pyodide';

let port: MessagePort | undefined;
let pyodide: PyodideAPI | undefined;
interface PyOutcome {
  type: string;
  toJs(options: object): unknown;
  destroy(): void;
}
interface RunnerRun {
  (...args: unknown[]): PyOutcome;
  callPromising(...args: unknown[]): Promise<PyOutcome>;
}
/** The runner's entry point and the exercise checker, captured at boot: user code can rebind the modules' names. */
let runProgram: RunnerRun | undefined;
let judge: Judge | undefined;

function send(message: WorkerToRelay, transfer: Transferable[] = []): void {
  if (port) postTo(port, message, transfer);
}

let output: OutputBatcher | undefined;
/** When the last boot instantiated the relay's wasm module, for the boot report's phases. */
let instantiation: { start: number; end: number } | undefined;

// ── boot ──

/** Serves the page's wasm (compiled by the relay) and stdlib bytes to Pyodide instead of fetching them, during boot only. */
function withAssetOverrides<T>(boot: WorkerBoot, load: () => Promise<T>): Promise<T> {
  const originalFetch = globalThis.fetch;
  const originalInstantiateStreaming = WebAssembly.instantiateStreaming;
  const wasmURL = boot.indexURL + 'pyodide.asm.wasm';
  const stdlibURL = boot.indexURL + 'python_stdlib.zip';
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = urlOf(input);
    if (boot.wasmModule && url === wasmURL) return Promise.resolve(new Response(null));
    if (boot.stdlib && url === stdlibURL) return Promise.resolve(new Response(boot.stdlib as Uint8Array<ArrayBuffer>));
    return originalFetch(input, init);
  };
  if (boot.wasmModule) {
    const module = boot.wasmModule;
    WebAssembly.instantiateStreaming = async (_source, imports) => {
      const start = now();
      const instance = await WebAssembly.instantiate(module, imports);
      instantiation = { start, end: now() };
      return { module, instance };
    };
  }
  return load().finally(() => {
    globalThis.fetch = originalFetch;
    WebAssembly.instantiateStreaming = originalInstantiateStreaming;
  });
}

/**
 * Installs the runner and the matplotlib backend as modules and walks the runner once through an empty program, so
 * everything a run touches is imported before the snapshot. No user code has run yet. The runner sets MPLBACKEND,
 * which matplotlib reads when it is imported: this comes before the pool's packages are loaded and imported.
 */
function installRunner(interpreter: PyodideAPI): void {
  // In this order: the runner imports the exercise module when it is installed.
  const sources = { _sandbox_matplotlib: matplotlibBackendSource, _sandbox_exercise: exerciseSource, _sandbox_runner: runnerSource };
  const globals = interpreter.toPy({ _SOURCES: sources, _WORKDIR: WORKDIR });
  interpreter.runPython(
    `import sys, types\nfor _name, _source in _SOURCES.items():\n` +
      `    _m = sys.modules[_name] = types.ModuleType(_name)\n` +
      `    exec(compile(_source, f"<python-sandbox {_name}>", "exec"), _m.__dict__)\n` +
      `sys.modules["_sandbox_runner"].run("", {}, False, _WORKDIR, "", None)\ndel _m, _name, _source, _SOURCES, _WORKDIR`,
    { globals },
  );
  globals.destroy();
}

/** Package files this worker or earlier spares of its pool downloaded, by URL. */
let keptDownloads: PackageDownloads = {};

/**
 * Loads the pool's packages into a booted interpreter, before any user code. Pyodide reports a package it cannot find
 * or fetch through `errorCallback` (and on the console) rather than by throwing, so both count as failure.
 */
async function loadPackages(interpreter: PyodideAPI, packages: string[]): Promise<string | undefined> {
  const errors: string[] = [];
  const keep = (downloads: PackageDownloads) => send({ type: 'package-downloads', downloads });
  try {
    await withKeptDownloads(keptDownloads, keep, () =>
      interpreter.loadPackage(packages, { messageCallback: () => {}, errorCallback: (error) => errors.push(error) }));
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
  }
  return errors.length ? `could not load ${packages.join(', ')}: ${errors.join('; ')}` : undefined;
}

async function boot(message: WorkerBoot): Promise<void> {
  const started = now();
  keptDownloads = { ...message.packageDownloads };
  const load = (snapshot: Uint8Array | undefined, makeSnapshot: boolean) =>
    withAssetOverrides(message, () =>
      __sandboxLoadPyodide({
        indexURL: message.indexURL,
        packageBaseUrl: message.indexURL,
        lockFileContents: message.lockFile,
        createPyodideModule: __sandboxCreatePyodideModule,
        env: { HOME: WORKDIR },
        _makeSnapshot: makeSnapshot,
        _loadSnapshot: snapshot,
      } as Parameters<typeof loadPyodide>[0]),
    );
  let loaded: PyodideAPI;
  let phases: BootPhases | undefined;
  // Set when the snapshot this interpreter starts from holds the packages, imported.
  const snapshotPackages = message.snapshotPackages;
  let packageError: string | undefined;
  if (message.snapshot) {
    loaded = await load(message.snapshot, false);
    if (instantiation) {
      const { start, end } = instantiation;
      phases = { fetchMs: start - started, instantiateMs: end - start, restoreMs: now() - end };
    }
  } else {
    loaded = await load(undefined, message.makeSnapshot);
    installRunner(loaded);
    if (message.makeSnapshot) {
      // This worker only makes the snapshot: the relay terminates it once it has the bytes. An interpreter booted
      // with `_makeSnapshot` ignores the interrupt buffer afterwards, and programs run on it failed in Firefox and
      // WebKit (reading attributes of `js` raised), so it is never given a program.
      const made = await makeSnapshot(loaded, message.packages, loadPackages);
      const bytes = made.bytes.slice();
      send({ type: 'snapshot', bytes, packages: made.packages }, [bytes.buffer]);
      return;
    }
  }
  // Pyodide has copied them, but keeps references (its config holds the snapshot): detaching the buffers frees 30 MiB
  // per interpreter at once. They are never handed back to the relay, which reuses nothing a worker sends.
  const source = message.snapshot ? 'snapshot' : 'plain';
  for (const bytes of [message.stdlib, message.snapshot]) if (bytes && bytes.byteLength) structuredClone(bytes, { transfer: [bytes.buffer] });
  message.stdlib = message.snapshot = undefined;
  if (snapshotPackages) restorePackages(loaded, snapshotPackages);
  else if (message.packages.length && source === 'plain') ({ packageError } = await loadAndImport(loaded, message.packages, loadPackages));
  else if (message.packages.length) packageError = await loadPackages(loaded, message.packages);
  pyodide = loaded;
  runProgram = (loaded.pyimport('_sandbox_runner') as unknown as { run: RunnerRun }).run;
  judge = (loaded.pyimport('_sandbox_exercise') as unknown as { judge: Judge }).judge;
  lockSignalBuffer(loaded, signalBuffer(message.interruptBuffer, heartbeat));
  for (const stream of ['stdout', 'stderr'] as const) {
    const writer = { isatty: true, write: (bytes: Uint8Array) => (output?.write(stream, bytes), bytes.length) };
    if (stream === 'stdout') loaded.setStdout(writer);
    else loaded.setStderr(writer);
  }
  // The runner's display() hands pictures and pages to the output batcher through this module.
  loaded.registerJsModule('_sandbox_host', {
    display: (mime: unknown, data: unknown) => {
      if (!DISPLAY_MIMES.includes(mime as DisplayMime)) return;
      const proxy = data as { toJs?: () => unknown; destroy?: () => void };
      const value = typeof data === 'string' ? data : proxy.toJs?.();
      proxy.destroy?.();
      if (typeof value === 'string' || value instanceof Uint8Array) output?.display(mime as DisplayMime, value);
    },
  });
  // Python reads input through the runner's sys.stdin; anything that reads file descriptor 0 directly sees its end.
  loaded.setStdin({ stdin: () => null });
  capMemoryGrowth(message.memoryLimitBytes);
  capFileSystem(loaded.FS as unknown as Parameters<typeof capFileSystem>[0], message.memoryLimitBytes);
  gateAsyncio(loaded);
  confineUserCode(() => waitingForLine?.armed === true);
  await warmUp();
  runEnded();
  send({
    type: 'booted',
    source,
    packagesFromSnapshot: snapshotPackages !== undefined,
    bootMs: now() - started,
    phases,
    packageError,
  });
}

// ── run ──

/**
 * Walks one empty program through the whole run path (toPy, callPromising, the runner, toJs) before the interpreter
 * reports booted, so the first real run finds the JS engine's code for it already compiled: measured, a warm run of
 * print(1) went from 4.9 to 3.6 ms (p50, test runner). Our code only: the interpreter has still never run user code.
 */
async function warmUp(): Promise<void> {
  await callRunner({ id: 0, code: 'pass', files: {}, outputLimit: 0, session: false, interactive: false });
}

/**
 * Calls the runner and converts its outcome: the one path real runs and the boot's warm-up both take.
 * `beforeUserCode` runs once the arguments are converted, just before the program starts.
 */
async function callRunner(request: RunRequest, beforeUserCode = () => {}): Promise<RunOutcome> {
  if (!pyodide || !runProgram) throw new Error('run before boot');
  const files = pyodide.toPy(request.files);
  const requestLine = request.interactive ? (prompt: string) => askForLine(request.id, prompt) : undefined;
  const sessionSetups = request.sessionSetups?.length ? pyodide.toPy(request.sessionSetups) : undefined;
  const args = [request.code, files, request.session, WORKDIR, request.stdin ?? '', requestLine];
  if (request.setup || sessionSetups || request.check) args.push(request.setup, sessionSetups, Boolean(request.check));
  if (request.check) output?.keepTranscript();
  beforeUserCode();
  // Entered through callPromising where the engine has JSPI, so that input() can suspend Python on a promise.
  let returned = canSuspend ? await runProgram.callPromising(...args) : runProgram(...args);
  files.destroy();
  sessionSetups?.destroy();
  if (returned.type === 'coroutine') {
    // The program uses top-level await: the runner handed back a coroutine that resolves to the outcome.
    const coroutine = returned;
    returned = (await (coroutine as unknown as Promise<PyOutcome>)) as PyOutcome;
    coroutine.destroy();
  }
  try {
    const check = request.check && judge ? judgeRun(judge, request.check, returned as unknown as OutcomeProxy, output?.transcript) : undefined;
    const outcome = returned.toJs({ dict_converter: fromEntries, create_pyproxies: false }) as RunOutcome;
    return check ? { ...outcome, check } : outcome;
  } finally {
    returned.destroy();
  }
}

async function run(request: RunRequest): Promise<void> {
  runStarted();
  output = new OutputBatcher(request.outputLimit, (chunks, dropped) => send({ type: 'output', id: request.id, chunks, dropped }));
  const outcome = await callRunner(request, () => send({ type: 'started', id: request.id }));
  runEnded();
  output.flush();
  output = undefined;
  const transfer = [...new Set(Object.values(outcome.files).map((bytes) => bytes.buffer))];
  send({ type: 'finished', id: request.id, outcome }, transfer);
}

// ── input(): Python suspends on a promise (JSPI) until the host answers with a line, or null for end of file ──

const canSuspend = typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function';
interface WaitingForLine {
  id: number;
  answer: (text: LineAnswer) => void;
  /** Python has surely suspended: any Python that runs from now until the answer runs while its clock is paused. */
  armed: boolean;
  reportedBusy: boolean;
}
let waitingForLine: WaitingForLine | undefined;

function askForLine(id: number, prompt: string): Promise<LineAnswer> {
  output?.flush(); // the prompt, and whatever came before it, shows before the program waits
  send({ type: 'input-request', id, prompt: String(prompt) });
  return new PromiseOf((answer) => {
    const waiting: WaitingForLine = { id, answer, armed: false, reportedBusy: false };
    waitingForLine = waiting;
    // Python suspends in this same task (JSPI unwinds to the event loop), so by the next task it is waiting.
    startTimer(() => (waiting.armed = true), 0);
  });
}

/**
 * CPython's periodic signal check: flushes output, and notices Python running when no program should be. While the
 * program waits in input() its clock is paused, so a timer, an asyncio task or a callback that runs Python then is
 * reported once and the host lets the clock run again. Between runs, leftover Python gets a KeyboardInterrupt.
 */
function heartbeat(): number {
  output?.maybeFlush();
  const waiting = waitingForLine;
  if (waiting?.armed && !waiting.reportedBusy) {
    waiting.reportedBusy = true;
    send({ type: 'input-busy', id: waiting.id });
  }
  return isBetweenRuns() ? SIGINT : 0;
}
const SIGINT = 2;

/**
 * asyncio's event loop (Pyodide's webloop) schedules every step of every task through `_api.scheduleCallback`, which
 * for short delays posts on a channel of Pyodide's own rather than through the timers the fence wraps. Gate it the
 * same way, and leave Python no reference to the ungated one (user code reaches `_api` through `pyodide_js`).
 */
function gateAsyncio(interpreter: PyodideAPI): void {
  const api = (interpreter as unknown as { _api: { scheduleCallback: (callback: () => void, delay: number) => void } })._api;
  const schedule = api.scheduleCallback;
  const gated = (callback: (() => void) & { destroy?: () => void }, delay: number) =>
    apply(schedule, api, [gate(() => callback(), () => callback.destroy?.()), delay]);
  Object.defineProperty(api, 'scheduleCallback', { value: gated, writable: false, configurable: false });
  interpreter.runPython('import pyodide.webloop, pyodide_js\npyodide.webloop.scheduleCallback = pyodide_js._api.scheduleCallback');
}

/**
 * Installs the heartbeat and makes it permanent: user code reaches Pyodide's API and module from Python
 * (`pyodide_js`), and replacing the buffer would silence both the heartbeat and interrupts.
 */
function lockSignalBuffer(interpreter: PyodideAPI, buffer: object): void {
  interpreter.setInterruptBuffer(buffer as Int32Array);
  const module = (interpreter as unknown as { _module: object })._module;
  Object.defineProperty(module, 'Py_EmscriptenSignalBuffer', { value: buffer, writable: false, configurable: false });
  Object.defineProperty(interpreter, 'setInterruptBuffer', { value: () => undefined, writable: false, configurable: false });
}

function onPortMessage(event: MessageEvent<RelayToWorker>): void {
  const message = dataOf<RelayToWorker>(event);
  switch (message.type) {
    case 'run':
      run(message.request).catch((error: unknown) => send({ type: 'fatal', error: serializeError(error) }));
      break;
    case 'input': {
      const waiting = waitingForLine;
      if (waiting?.id !== message.id) break;
      waitingForLine = undefined;
      waiting.answer(typeof message.text === 'string' || message.text === false ? message.text : null);
      releaseHeldTimers();
      break;
    }
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
}

function onFirstMessage(event: MessageEvent<WorkerBoot>): void {
  // Only the relay's first message counts; later messages on the global channel may come from user code.
  scope.removeEventListener('message', onFirstMessage);
  const message = event.data;
  if (message?.type !== 'boot' || !(message.port instanceof MessagePort)) return;
  port = message.port;
  port.onmessage = onPortMessage;
  boot(message).catch((error: unknown) => send({ type: 'boot-failed', error: serializeError(error) }));
}

scope.addEventListener('message', onFirstMessage);
