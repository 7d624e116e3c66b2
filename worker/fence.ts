/**
 * The fence around user code, auditable on its own. User code shares the interpreter worker's global scope and can
 * patch any prototype there (`MessageEvent.prototype.data`, `MessagePort.prototype.postMessage`, `Promise`, `JSON`…).
 * So everything the worker's own code calls or reads after user code starts is captured here, when this module is
 * evaluated, before Pyodide loads and long before any user code: methods, constructors and getters alike. A getter
 * read through the prototype would hand user code `this` (a message event, whose target is the private port).
 */
import type { PyodideAPI } from 'pyodide';
import { capFileSystem } from './file-quota.ts';
import { fenceWebAssembly } from './wasm-fence.ts';

export const apply = Reflect.apply;
export const fromEntries = Object.fromEntries;
export const atomicsExchange = Atomics.exchange;
export const PromiseOf = Promise;
export const now = performance.now.bind(performance);
const postOnPort = MessagePort.prototype.postMessage;
const messageData = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!.get!;
const clearTimer = clearTimeout;
const startTimeout = setTimeout;
/** The worker's own timers, never held or cleared with user code's. */
export const startTimer = (callback: () => void, ms: number) => apply(startTimeout, globalThis, [callback, ms]) as number;
const startInterval = setInterval;

/** `port.postMessage(message, transfer)`, immune to patches of `MessagePort.prototype`. */
export function postTo(port: MessagePort, message: unknown, transfer: Transferable[]): void {
  apply(postOnPort, port, [message, transfer]);
}

/** `event.data`, read with the getter captured before user code, so no user function ever sees the event. */
export function dataOf<T>(event: MessageEvent): T {
  return apply(messageData, event, []) as T;
}

/** Timers user code started, cleared when its run ends, so nothing it scheduled runs on after the result. */
const userTimers = new Set<number>();
/** While set, user timers that fire wait: the program is paused in input() and its clock is not running. */
let holdTimers: (() => boolean) | undefined;
const heldCallbacks: Array<() => void> = [];
/** Counts finished runs: a callback scheduled during one run never runs in another, or between runs. */
let generation = 0;
let betweenRuns = false;

/**
 * Fencing, the last room of the interpreter's boot, after loading and the hooks: the program's limits on memory and
 * files, asyncio and timers that live and die with the run, and the global channel, `close()`, nested workers,
 * `blob:` URLs and WebAssembly memories (wasm-fence.ts) taken away. `paused` says whether the program waits for input now.
 */
export function fenceIn(interpreter: PyodideAPI, memoryLimitBytes: number, paused: () => boolean): void {
  capMemoryGrowth(memoryLimitBytes);
  fenceWebAssembly();
  capFileSystem(interpreter.FS as unknown as Parameters<typeof capFileSystem>[0], memoryLimitBytes);
  gateAsyncio(interpreter);
  confineUserCode(paused);
}

/**
 * Fences user code in before it first runs. No posting on the worker's global channel (a flood of messages lands on
 * the relay's thread; the runtime never listens there anyway), no `close()` (the run would never report back), no
 * nested workers (threads it could leave spinning), and timers that die with the run and wait while the program
 * waits for input. Each is replaced wherever it sits on the global's prototype chain, non-configurably, so user code
 * cannot delete the replacement to reach the original. `paused` says whether the program waits for input now.
 */
function confineUserCode(paused: () => boolean): void {
  holdTimers = paused;
  const replace = (name: string, value: unknown) => {
    for (let holder: object | null = globalThis; holder; holder = Object.getPrototypeOf(holder)) {
      if (Object.prototype.hasOwnProperty.call(holder, name)) {
        Object.defineProperty(holder, name, { value, writable: false, configurable: false, enumerable: false });
      }
    }
  };
  const ignored = () => undefined;
  replace('postMessage', ignored);
  replace('close', ignored);
  replace('Worker', undefined);
  replace('SharedWorker', undefined);
  // The frame's CSP allows `blob:` scripts, for Pyodide's own (interpreter-scripts.ts): with no way to make a `blob:`
  // URL, user code has none to import, and still no way to run JS source.
  Object.defineProperty(URL, 'createObjectURL', { value: undefined, writable: false, configurable: false });
  const track = (start: typeof setTimeout) => (callback: unknown, ...rest: unknown[]) => {
    const gated = typeof callback === 'function' ? gate((...args: unknown[]) => apply(callback, globalThis, args)) : callback;
    const id = apply(start, globalThis, [gated, ...rest]) as number;
    userTimers.add(id);
    return id;
  };
  replace('setTimeout', track(startTimeout));
  replace('setInterval', track(startInterval as typeof setTimeout));
}

/**
 * Wraps a callback user code scheduled (a timer, an asyncio step): it runs only in the run that scheduled it, and
 * waits while that run's program waits for input, so no Python runs on nobody's clock.
 */
export function gate<A extends unknown[]>(callback: (...args: A) => void, dispose: () => void = () => {}): (...args: A) => void {
  const scheduledIn = generation;
  return (...args: A) => {
    if (betweenRuns || scheduledIn !== generation) return dispose();
    if (holdTimers?.()) heldCallbacks.push(() => callback(...args));
    else callback(...args);
  };
}

/** The program got its line: callbacks that came due meanwhile run now, in order. */
export function releaseHeldTimers(): void {
  for (const callback of heldCallbacks.splice(0)) callback();
}

export function runStarted(): void {
  betweenRuns = false;
}

/** The run is over: its timers are cleared and whatever it scheduled elsewhere never runs. */
export function runEnded(): void {
  for (const id of userTimers) clearTimer(id);
  userTimers.clear();
  heldCallbacks.length = 0;
  generation++;
  betweenRuns = true;
}

export function isBetweenRuns(): boolean {
  return betweenRuns;
}

/** Growing Wasm memory past the limit fails, which CPython's allocator turns into `MemoryError`. */
function capMemoryGrowth(limitBytes: number): void {
  const grow = WebAssembly.Memory.prototype.grow;
  Object.defineProperty(WebAssembly.Memory.prototype, 'grow', {
    configurable: false,
    writable: false,
    value(this: WebAssembly.Memory, pages: number) {
      if (this.buffer.byteLength + pages * 65536 > limitBytes) throw new RangeError('python-sandbox memory limit');
      return apply(grow, this, [pages]);
    },
  });
}

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
