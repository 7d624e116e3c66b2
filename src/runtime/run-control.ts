import type { KillReason, RunRecord } from './run-record.ts';
import type { Interpreter } from './interpreters.ts';
import type { InterpreterReport, RelayConnection } from './relay-connection.ts';

/** How long an interrupted run may take to unwind (tracebacks, files, a busy machine) before its worker is terminated. */
const INTERRUPT_GRACE_MS = 500;
/** The longest line `onInput` may hand to Python. */
const MAX_INPUT_CHARS = 1_000_000;

/** What a running interpreter reports about its run: it started (the deadline's zero), output, or input wanted. */
export function followRun(relay: RelayConnection, interpreter: Interpreter, run: RunRecord,
  message: Extract<InterpreterReport, { type: 'started' | 'input-request' | 'input-busy' | 'output' }>, onDeadline: () => void): void {
  switch (message.type) {
    case 'started':
      if (run.startedAt === undefined) run.startClock(onDeadline);
      break;
    case 'input-request':
      if (run.startedAt !== undefined && !run.waitingForInput && !run.killReason) answerInput(relay, interpreter, run, message.prompt);
      break;
    case 'input-busy':
      run.clockWhileWaiting();
      break;
    case 'output':
      run.append(message.chunks, message.dropped);
      break;
  }
}

/** Asks the run's `onInput` for a line while the run's clock is paused; no answer, or a failing one, is end of file. */
function answerInput(relay: RelayConnection, interpreter: Interpreter, run: RunRecord, prompt: string): void {
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
