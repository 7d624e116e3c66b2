import type { KillReason, RunRecord } from './run-record.ts';
import type { Interpreter } from './interpreters.ts';
import type { RelayConnection } from './relay-connection.ts';

/** How long an interrupted run may take to unwind (tracebacks, files, a busy machine) before its worker is terminated. */
const INTERRUPT_GRACE_MS = 500;
/** The longest line `onInput` may hand to Python. */
const MAX_INPUT_CHARS = 1_000_000;

/** Asks the run's `onInput` for a line while the run's clock is paused; no answer, or a failing one, is end of file. */
export function answerInput(relay: RelayConnection, interpreter: Interpreter, run: RunRecord, prompt: string): void {
  run.pauseClock();
  const { onInput } = run.options;
  new Promise<unknown>((resolve) => resolve(onInput ? onInput(prompt) : null))
    .catch(() => null)
    .then((answer) => {
      if (interpreter.run !== run || run.killReason || !run.waitingForInput) return;
      const text = typeof answer === 'string' ? answer.slice(0, MAX_INPUT_CHARS) : null;
      run.resumeClock();
      relay.post({ type: 'input', workerId: interpreter.workerId, id: run.id, text });
    });
}

/**
 * Deadline or Stop: interrupt when the worker can take it, terminate otherwise (or when the code ignores it).
 * `terminate` ends the run by terminating its worker.
 */
export function stopRun(relay: RelayConnection, interpreter: Interpreter, reason: KillReason, terminate: (run: RunRecord) => void): void {
  const run = interpreter.run;
  if (!run || run.killReason) return;
  run.killReason = reason;
  clearTimeout(run.deadline);
  // A dispatched run that has not reported `started` yet is interrupted too: the flag waits in the shared buffer
  // until Python's next check, which comes before any user code can run for long.
  if (interpreter.interruptible) {
    // Python waiting in input() does not look at the interrupt flag until it runs again; it is woken with an
    // answer that raises KeyboardInterrupt right there instead.
    if (run.waitingForInput) relay.post({ type: 'input', workerId: interpreter.workerId, id: run.id, text: false });
    else relay.post({ type: 'interrupt', workerId: interpreter.workerId, id: run.id });
    run.deadline = setTimeout(() => terminate(run), INTERRUPT_GRACE_MS);
    return;
  }
  terminate(run);
}
