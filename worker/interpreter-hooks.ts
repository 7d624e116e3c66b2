/**
 * Hooks, the second room of the interpreter's boot: where Python meets the worker. Its output (stdout, stderr and
 * `display()`) goes through the run's OutputBatcher; `input()` suspends Python on a promise until the host answers;
 * and CPython's periodic signal check is the worker's heartbeat, which flushes output, notices Python running when
 * no program should be, and forwards the relay's interrupts.
 *
 * Python reaches some of these objects (Pyodide's module and API are reachable through `pyodide_js`), but only as
 * functions: the state lives in an InterpreterHooks that user code never gets a reference to.
 */
import type { PyodideAPI } from 'pyodide';
import type { DisplayMime, LineAnswer, RunRequest, Stream, WorkerToRelay } from './protocol.ts';
import { DISPLAY_MIMES } from './protocol.ts';
import { PromiseOf, atomicsExchange, isBetweenRuns, releaseHeldTimers, startTimer } from './fence.ts';
import { OutputBatcher } from './output-batcher.ts';

interface WaitingForLine {
  id: number;
  answer: (text: LineAnswer) => void;
  /** Python has surely suspended: any Python that runs from now until the answer runs while its clock is paused. */
  armed: boolean;
  reportedBusy: boolean;
}

const SIGINT = 2;

export class InterpreterHooks {
  /** The current run's output, from `startRun` to `endRun`; Python's output outside a run goes nowhere. */
  private output: OutputBatcher | undefined;
  private waitingForLine: WaitingForLine | undefined;

  constructor(private readonly send: (message: WorkerToRelay) => void) {}

  /** Whether the program waits in `input()` now, its clock paused: the fence holds user timers meanwhile. */
  readonly isPaused = (): boolean => this.waitingForLine?.armed === true;

  install(interpreter: PyodideAPI, interruptBuffer: Int32Array | undefined): void {
    lockSignalBuffer(interpreter, signalBuffer(interruptBuffer, () => this.heartbeat()));
    const writer = (stream: Stream) => ({ isatty: true, write: (bytes: Uint8Array) => (this.output?.write(stream, bytes), bytes.length) });
    interpreter.setStdout(writer('stdout'));
    interpreter.setStderr(writer('stderr'));
    // The runner's display() hands pictures and pages to the output batcher through this module.
    interpreter.registerJsModule('_sandbox_host', {
      display: (mime: unknown, data: unknown) => {
        if (!DISPLAY_MIMES.includes(mime as DisplayMime)) return;
        const proxy = data as { toJs?: () => unknown; destroy?: () => void };
        const value = typeof data === 'string' ? data : proxy.toJs?.();
        proxy.destroy?.();
        if (typeof value === 'string' || value instanceof Uint8Array) this.output?.display(mime as DisplayMime, value);
      },
    });
    // Python reads input through the runner's sys.stdin; anything that reads file descriptor 0 directly sees its end.
    interpreter.setStdin({ stdin: () => null });
  }

  /** A run starts: its output goes to the relay in batches, up to its limit. */
  startRun(request: RunRequest): void {
    this.output = new OutputBatcher(request.outputLimit, (chunks, dropped) => this.send({ type: 'output', id: request.id, chunks, dropped }));
    if (request.check) this.output.keepTranscript();
  }

  /** The text the run forwarded so far, per stream, when it has a check to read it. */
  get transcript(): Record<Stream, string> | undefined {
    return this.output?.transcript;
  }

  /** The run is over: what it wrote last goes out before its result. */
  endRun(): void {
    this.output?.flush();
    this.output = undefined;
  }

  // ── input(): Python suspends on a promise (JSPI) until the host answers with a line, or null for end of file ──

  askForLine(id: number, prompt: string): Promise<LineAnswer> {
    this.output?.flush(); // the prompt, and whatever came before it, shows before the program waits
    this.send({ type: 'input-request', id, prompt: String(prompt) });
    return new PromiseOf((answer) => {
      const waiting: WaitingForLine = { id, answer, armed: false, reportedBusy: false };
      this.waitingForLine = waiting;
      // Python suspends in this same task (JSPI unwinds to the event loop), so by the next task it is waiting.
      startTimer(() => (waiting.armed = true), 0);
    });
  }

  /** The host's answer to the run `id` waiting in `input()`; one for another run, or none waiting, is ignored. */
  answerLine(id: number, text: unknown): void {
    const waiting = this.waitingForLine;
    if (waiting?.id !== id) return;
    this.waitingForLine = undefined;
    waiting.answer(typeof text === 'string' || text === false ? text : null);
    releaseHeldTimers();
  }

  /**
   * CPython's periodic signal check: flushes output, and notices Python running when no program should be. While the
   * program waits in input() its clock is paused, so a timer, an asyncio task or a callback that runs Python then is
   * reported once and the host lets the clock run again. Between runs, leftover Python gets a KeyboardInterrupt.
   */
  private heartbeat(): number {
    this.output?.maybeFlush();
    const waiting = this.waitingForLine;
    if (waiting?.armed && !waiting.reportedBusy) {
      waiting.reportedBusy = true;
      this.send({ type: 'input-busy', id: waiting.id });
    }
    return isBetweenRuns() ? SIGINT : 0;
  }
}

/**
 * CPython reads `Module.Py_EmscriptenSignalBuffer[0]` every few dozen eval-loop ticks and writes 0 back. A getter
 * there is the worker's heartbeat while Python runs synchronously: `onBeat` flushes output that would otherwise wait
 * for the next write, notices Python running when it should not (and may answer with a signal to raise), and a real
 * interrupt is forwarded when the relay shares a SharedArrayBuffer.
 *
 * Pyodide reads the buffer and then writes 0 in two steps; an interrupt the relay stored between them was lost
 * (about one deadline in ten, measured). So the shared word is taken with an atomic exchange into `pending`, which
 * only this thread reads and CPython's write of 0 clears.
 */
function signalBuffer(interrupt: Int32Array | undefined, onBeat: () => number): object {
  let pending = 0;
  return {
    get 0() {
      const forced = onBeat();
      if (forced) pending = forced;
      if (interrupt && !pending) pending = atomicsExchange(interrupt, 0, 0);
      return pending;
    },
    set 0(value: number) {
      pending = value;
    },
  };
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
