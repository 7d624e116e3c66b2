/**
 * Caps applied by the relay before anything crosses into the host. The worker's own caps run in the same realm as
 * user code and can be patched from Python; these run in the frame, where user code cannot reach.
 */
import { DISPLAY_MIMES, type OutputChunk, type RunOutcome, type TracebackFrame } from './protocol.ts';
import { MAX_DISPLAYS_PER_RUN, MAX_TRACEBACK_FRAMES } from './shared-limits.ts';

export { MAX_DISPLAYS_PER_RUN, MAX_TRACEBACK_FRAMES };

export const MAX_RESULT_CHARS = 100_000;
export const MAX_ERROR_CHARS = 200_000;
export const MAX_FILES = 1_000;
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_PROMPT_CHARS = 10_000;

/**
 * Keeps at most `room` characters of output and `displayRoom` displays (the rest of the run's allowance); says how
 * many of each it kept.
 */
export function capOutput(chunks: OutputChunk[], room: number, displayRoom = MAX_DISPLAYS_PER_RUN):
  { chunks: OutputChunk[]; kept: number; displays: number; dropped: boolean } {
  const kept: OutputChunk[] = [];
  let used = 0;
  let displays = 0;
  let dropped = false;
  for (const chunk of chunks) {
    if (used >= room) {
      dropped = true;
      break;
    }
    if (chunk[0] === 'display') {
      // A picture or a page is kept whole or not at all; its size counts against the same limit as text.
      const size = chunk[2].length;
      if (size > room - used || displays >= displayRoom || !DISPLAY_MIMES.includes(chunk[1])) {
        dropped = true;
        continue;
      }
      kept.push(chunk);
      used += size;
      displays++;
      continue;
    }
    const [stream, text] = chunk;
    const slice = text.length > room - used ? text.slice(0, room - used) : text;
    if (slice.length < text.length) dropped = true;
    kept.push([stream, slice]);
    used += slice.length;
  }
  return { chunks: kept, kept: used, displays, dropped };
}

export function capOutcome(outcome: RunOutcome): RunOutcome {
  const capped = capStatus(outcome);
  const check = capCheck(outcome.check);
  return check ? { ...capped, check } : capped;
}

function capStatus(outcome: RunOutcome): RunOutcome {
  const kept: Array<[string, Uint8Array]> = [];
  let total = 0;
  for (const [name, bytes] of Object.entries(outcome.files ?? {}).slice(0, MAX_FILES)) {
    if (!(bytes instanceof Uint8Array)) continue;
    total += bytes.byteLength;
    if (total > MAX_FILE_BYTES) break;
    kept.push([name.slice(0, 1024), bytes]);
  }
  // Own data properties: assigning `files['__proto__']` would set the record's prototype and lose the file.
  const files: Record<string, Uint8Array> = Object.fromEntries(kept);
  switch (outcome.status) {
    case 'ok':
      return { status: 'ok', files, ...(outcome.result === undefined ? {} : { result: String(outcome.result).slice(0, MAX_RESULT_CHARS) }) };
    case 'error': {
      const { type, message, traceback, frames, line, column, endLine, endColumn } = outcome.error;
      const fullTraceback = String(traceback);
      const keptTraceback = fullTraceback.slice(-MAX_ERROR_CHARS);
      return {
        status: 'error',
        files,
        error: {
          type: String(type).slice(0, 200),
          message: String(message).slice(0, MAX_ERROR_CHARS),
          traceback: keptTraceback,
          ...capFrames(frames, fullTraceback.length - keptTraceback.length),
          line: Number.isSafeInteger(line) ? line : undefined,
          ...capOrigin(outcome.error.origin),
          ...errorSpan(column, endLine, endColumn),
        },
      };
    }
    case 'exit':
      return { status: 'exit', files, exitCode: Number.isSafeInteger(outcome.exitCode) ? outcome.exitCode : 1 };
    default: {
      const message = 'the interpreter reported an outcome of unknown shape (was the runtime tampered with?)';
      return { status: 'error', files, error: { type: 'SandboxError', message, traceback: message } };
    }
  }
}

const MAX_CHECK_MESSAGE_CHARS = 10_000;

/**
 * An error's frames rebuilt, the last MAX_TRACEBACK_FRAMES of them, each at its place in the traceback once `cut`
 * characters were cut from its front (a frame cut with them goes); none unless they came as an array.
 */
function capFrames(frames: unknown, cut: number): { frames?: TracebackFrame[] } {
  if (!Array.isArray(frames)) return {};
  const kept: TracebackFrame[] = [];
  for (const frame of frames.slice(-MAX_TRACEBACK_FRAMES)) {
    if (typeof frame !== 'object' || frame === null) continue;
    const { file, line, name, at } = frame as Record<string, unknown>;
    if (!Number.isSafeInteger(line) || (line as number) < 1 || !Number.isSafeInteger(at) || (at as number) < cut) continue;
    kept.push({ file: String(file).slice(0, 1024), line: line as number, name: String(name).slice(0, 200), at: (at as number) - cut });
  }
  return { frames: kept };
}

function capOrigin(origin: unknown): { origin?: 'setup' | 'check' } {
  return origin === 'setup' || origin === 'check' ? { origin } : {};
}

/** An exercise's verdict, rebuilt from its parts: `passed` is true only if the worker said exactly `true`. */
function capCheck(check: unknown): RunOutcome['check'] {
  if (typeof check !== 'object' || check === null) return undefined;
  const { passed, message, error } = check as Record<string, unknown>;
  const verdict: NonNullable<RunOutcome['check']> = {
    passed: passed === true,
    message: String(message ?? '').slice(0, MAX_CHECK_MESSAGE_CHARS),
  };
  if (typeof error === 'object' && error !== null) {
    const { type, message: said, traceback } = error as Record<string, unknown>;
    verdict.error = {
      type: String(type).slice(0, 200),
      message: String(said).slice(0, MAX_ERROR_CHARS),
      traceback: String(traceback).slice(-MAX_ERROR_CHARS),
      origin: 'check',
    };
  }
  return verdict;
}

/** The error's column range, all three positive integers or none of them. */
function errorSpan(column: unknown, endLine: unknown, endColumn: unknown): { column?: number; endLine?: number; endColumn?: number } {
  const positive = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
  return positive(column) && positive(endLine) && positive(endColumn) ? { column, endLine, endColumn } : {};
}
