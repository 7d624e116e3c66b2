/**
 * An exercise's check, run by the worker after the program (worker/exercise.py decides). The check's source enters
 * Python only once the program has ended, so no frame of the program's can see or rewrite it; the verdict travels in
 * the run's `finished` outcome, never through the program's output.
 */
import type { CheckVerdict } from './protocol.ts';
import { fromEntries } from './fence.ts';

interface PyValue {
  toJs(options: object): unknown;
  destroy(): void;
}

/** The runner's outcome dict, as a PyProxy: Map-like access to its keys. */
export interface OutcomeProxy extends PyValue {
  get(key: string): unknown;
  delete(key: string): boolean;
}

/** `judge(source, state, stdout, stderr)` of worker/exercise.py, captured at boot before any user code. */
export type Judge = (source: string, state: unknown, stdout: string, stderr: string) => PyValue;

const READER_KEY = '_reader';

/**
 * Takes what the runner kept of the program for the check (its namespace, last value and exception) off the outcome,
 * so that only plain values are converted, and runs the check on it with the text the program printed.
 */
export function judgeRun(judge: Judge, source: string, outcome: OutcomeProxy, transcript: { stdout: string; stderr: string } | undefined):
  CheckVerdict | undefined {
  const state = outcome.get(READER_KEY);
  if (state === undefined) return undefined; // the setup failed: the program did not run, nor does the check
  outcome.delete(READER_KEY);
  const verdict = judge(source, state, transcript?.stdout ?? '', transcript?.stderr ?? '');
  (state as Partial<PyValue> | undefined)?.destroy?.();
  try {
    return verdict.toJs({ dict_converter: fromEntries, create_pyproxies: false }) as CheckVerdict;
  } finally {
    verdict.destroy();
  }
}
