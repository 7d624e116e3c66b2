/**
 * The interpreter worker: one Pyodide, booted (from the relay's snapshot when there is one), running programs the
 * relay hands it over a private MessagePort. It never decides about time; the runtime does.
 *
 * User code shares this worker's global scope and can call `self.postMessage` with any shape it likes, so the worker
 * talks only over the port it received in its boot message and keeps it in module scope. Everything the worker calls
 * after user code starts is captured first (fence.ts), so patched prototypes cannot change what we send.
 *
 * The boot goes through three rooms, each a module: loading (interpreter-loading.ts), hooks (interpreter-hooks.ts)
 * and fencing (fence.ts); `boot` below says why in that order.
 */
import type { PyodideAPI } from 'pyodide';
import type { RelayToNewWorker, RelayToWorker, ScriptsReport, RunOutcome, RunRequest, WorkerBoot, WorkerToRelay } from './protocol.ts';
import { serializeError } from './protocol.ts';
import { dataOf, fenceIn, fromEntries, now, postTo, runEnded, runStarted } from './fence.ts';
import { type Judge, type OutcomeProxy, judgeRun } from './check-step.ts';
import { InterpreterHooks } from './interpreter-hooks.ts';
import { type PyOutcome, type RunnerRun, WORKDIR, loadInterpreter } from './interpreter-loading.ts';
import { importPyodideScripts, scriptsInSource } from './interpreter-scripts.ts';
import type { PyodideScripts } from './pyodide-module.ts';

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  postMessage(message: ScriptsReport): void;
}
const scope = globalThis as unknown as WorkerScope;

/** The relay's private port, from the worker's first message on. */
let port: MessagePort | undefined;

function send(message: WorkerToRelay, transfer: Transferable[] = []): void {
  if (port) postTo(port, message, transfer);
}

const hooks = new InterpreterHooks(send);

/** The interpreter and the runner's entry points, once booted. */
let booted: { interpreter: PyodideAPI; runProgram: RunnerRun; judge: Judge } | undefined;

async function boot(message: WorkerBoot, scripts: Promise<PyodideScripts>): Promise<void> {
  const started = now();
  // The order matters, and is written down here only.
  // 1. Loading comes first: Pyodide's loader and the pool's packages still need the worker's own fetch and timers, and
  //    no cap yet, so the program's memory and file limits meter the program rather than what the pool loaded. The
  //    runner's entry points are captured here, before any user code could rebind its modules' names. The
  //    snapshot's maker stops after loading: it hands its snapshot over and never runs a program.
  // 2. The hooks next: output, display, stdin and input(), and the heartbeat on CPython's signal check, locked in
  //    place before user code, which reaches Pyodide's API from Python and could otherwise silence it.
  // 3. The fence last: from then on the worker's globals are user code's to patch, and this worker reaches them only
  //    through what fence.ts captured when it was evaluated.
  // 4. The warm-up walks a small program of ours through the run path a few times, and runEnded() then puts the
  //    worker between runs, where the heartbeat interrupts any leftover Python, before `booted` is sent.
  const loaded = await loadInterpreter(message, await scripts, started, send);
  if (!loaded) return;
  const { interpreter, runProgram, judge } = loaded;
  booted = { interpreter, runProgram, judge };
  hooks.install(interpreter, message.interruptBuffer);
  fenceIn(interpreter, message.memoryLimitBytes, hooks.isPaused);
  await warmUp();
  runEnded();
  send({
    type: 'booted',
    source: loaded.source,
    packagesFromSnapshot: loaded.packagesFromSnapshot,
    bootMs: now() - started,
    phases: loaded.phases,
    packageError: loaded.packageError,
  });
}

// ── run ──

/**
 * Walks a small program through the whole run path (toPy, callPromising, the runner, print, toJs) a few times before
 * the interpreter reports booted, so the first real run finds the JS engine's code for it compiled and warm: a
 * worker's JS starts cold, and a run's own cost fell from 1.8 to 1.5 ms (p50 in the test runner, started → finished)
 * with five walks of `print(1)` instead of one of `pass`, for a few milliseconds more per boot (before that, one walk
 * took a warm run of print(1) from 4.9 to 3.6 ms). Our code only: the interpreter has still never run user code, and
 * output outside a run goes nowhere (interpreter-hooks.ts).
 */
async function warmUp(): Promise<void> {
  for (let walk = 0; walk < WARM_UP_WALKS; walk++) {
    await callRunner({ id: 0, code: 'print(1)', files: {}, outputLimit: 0, session: false, interactive: false });
  }
}

const WARM_UP_WALKS = 5;

/** Entered through callPromising where the engine has JSPI, so that input() can suspend Python on a promise. */
const canSuspend = typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function';

/**
 * Calls the runner and converts its outcome: the one path real runs and the boot's warm-up both take.
 * `beforeUserCode` runs once the arguments are converted, just before the program starts.
 */
async function callRunner(request: RunRequest, beforeUserCode = () => {}): Promise<RunOutcome> {
  if (!booted) throw new Error('run before boot');
  const { interpreter, runProgram, judge } = booted;
  const files = interpreter.toPy(request.files);
  const requestLine = request.interactive ? (prompt: string) => hooks.askForLine(request.id, prompt) : undefined;
  const sessionSetups = request.sessionSetups?.length ? interpreter.toPy(request.sessionSetups) : undefined;
  const args = [request.code, files, request.session, WORKDIR, request.stdin ?? '', requestLine];
  if (request.setup || sessionSetups || request.check) args.push(request.setup, sessionSetups, Boolean(request.check));
  beforeUserCode();
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
    const check = request.check ? judgeRun(judge, request.check, returned as unknown as OutcomeProxy, hooks.transcript) : undefined;
    const outcome = returned.toJs({ dict_converter: fromEntries, create_pyproxies: false }) as RunOutcome;
    return check ? { ...outcome, check } : outcome;
  } finally {
    returned.destroy();
  }
}

async function run(request: RunRequest): Promise<void> {
  runStarted();
  hooks.startRun(request);
  const outcome = await callRunner(request, () => send({ type: 'started', id: request.id }));
  runEnded();
  hooks.endRun();
  const transfer = [...new Set(Object.values(outcome.files).map((bytes) => bytes.buffer))];
  send({ type: 'finished', id: request.id, outcome }, transfer);
}

// ── messages ──

function onPortMessage(event: MessageEvent<RelayToWorker>): void {
  const message = dataOf<RelayToWorker>(event);
  switch (message.type) {
    case 'run':
      run(message.request).catch((error: unknown) => send({ type: 'fatal', error: serializeError(error) }));
      break;
    case 'input':
      hooks.answerLine(message.id, message.text);
      break;
    default: {
      const never: never = message;
      throw new Error(`unknown message ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Pyodide's scripts: in this worker's own source, or imported since the relay sent them (before the boot, as soon as
 * the page had them). See interpreter-scripts.ts.
 */
const inSource = scriptsInSource();
let pyodideScripts: Promise<PyodideScripts> | undefined = inSource && Promise.resolve(inSource);

function onRelayMessage(event: MessageEvent<RelayToNewWorker>): void {
  const message = event.data;
  if (message?.type === 'scripts' && message.module instanceof Blob && !pyodideScripts) {
    pyodideScripts = importPyodideScripts(message.module, (report) => scope.postMessage(report));
    pyodideScripts.catch(() => {}); // reported to the relay, which starts this worker again otherwise
    return;
  }
  // Only the relay's scripts and boot count; later messages on the global channel may come from user code.
  scope.removeEventListener('message', onRelayMessage);
  if (message?.type !== 'boot' || !(message.port instanceof MessagePort) || !pyodideScripts) return;
  port = message.port;
  port.onmessage = onPortMessage;
  boot(message, pyodideScripts).catch((error: unknown) => send({ type: 'boot-failed', error: serializeError(error) }));
}

scope.addEventListener('message', onRelayMessage);
