import {
  type BootPhases, type CheckVerdict, DISPLAY_MIMES, type OutputChunk, type PythonError, type RelayToHost, type RunOutcome,
  SNAPSHOT_PIECE_BYTES, type SerializedError, type TracebackFrame,
} from '../../worker/protocol.ts';
import { MAX_TRACEBACK_FRAMES } from '../../worker/shared-limits.ts';
import type { SnapshotPackages } from '../../worker/package-snapshot.ts';

/**
 * Checks the shape of a message from the relay before the pool believes it. The relay is ours, but what it
 * forwards passed through a worker that runs hostile code, so nothing is taken on trust.
 *
 * Each message the pool gets is rebuilt from the fields checked here, never passed on as it came: a field the
 * checks do not name cannot reach the pool. The checks accept everything the relay's caps (worker/limits.ts) let
 * through, so an honest relay's message is never refused.
 */
export function parseRelayMessage(data: unknown): RelayToHost | undefined {
  if (!isRecord(data)) return undefined;
  switch (data.type) {
    case 'pong':
      return isId(data.seq) ? { type: 'pong', seq: data.seq } : undefined;
    case 'snapshot-made-piece':
      return isBytes(data.bytes) && data.bytes.byteLength > 0 && data.bytes.byteLength <= SNAPSHOT_PIECE_BYTES
        ? { type: 'snapshot-made-piece', bytes: data.bytes } : undefined;
    case 'snapshot-made': {
      if (!isId(data.byteLength) || data.byteLength <= 0) return undefined;
      if (data.packages === undefined) return { type: 'snapshot-made', byteLength: data.byteLength };
      const packages = snapshotPackages(data.packages);
      return packages && { type: 'snapshot-made', byteLength: data.byteLength, packages };
    }
  }
  const workerId = data.workerId;
  if (!isId(workerId)) return undefined;
  switch (data.type) {
    case 'booted':
      return booted(data, workerId);
    case 'boot-failed':
    case 'crashed': {
      const error = serializedError(data.error);
      return error && { type: data.type, workerId, error };
    }
  }
  // Every other message is about one run.
  const id = data.id;
  if (!isId(id)) return undefined;
  switch (data.type) {
    case 'started':
    case 'input-busy':
      return { type: data.type, workerId, id };
    case 'input-request':
      return typeof data.prompt === 'string' ? { type: 'input-request', workerId, id, prompt: data.prompt } : undefined;
    case 'output': {
      if (!Array.isArray(data.chunks) || typeof data.dropped !== 'boolean') return undefined;
      const chunks = everyOrNone(data.chunks, outputChunk);
      return chunks && { type: 'output', workerId, id, chunks, dropped: data.dropped };
    }
    case 'finished': {
      const outcome = runOutcome(data.outcome);
      return outcome && { type: 'finished', workerId, id, outcome };
    }
    default:
      return undefined;
  }
}

/** `interruptible` decides interrupt versus terminate; the rest goes to the pool's status and stats. */
function booted(data: Record<string, unknown>, workerId: number): RelayToHost | undefined {
  const { source, interruptible, packagesFromSnapshot, bootMs, packageError } = data;
  if (source !== 'snapshot' && source !== 'plain') return undefined;
  if (typeof interruptible !== 'boolean' || typeof packagesFromSnapshot !== 'boolean' || !isDuration(bootMs)) return undefined;
  if (packageError !== undefined && typeof packageError !== 'string') return undefined;
  const phases = data.phases === undefined ? undefined : bootPhases(data.phases);
  if (data.phases !== undefined && !phases) return undefined;
  return {
    type: 'booted', workerId, source, interruptible, packagesFromSnapshot, bootMs,
    ...(packageError === undefined ? {} : { packageError }),
    ...(phases ? { phases } : {}),
  };
}

function bootPhases(value: unknown): BootPhases | undefined {
  if (!isRecord(value)) return undefined;
  const { fetchMs, instantiateMs, restoreMs } = value;
  return isDuration(fetchMs) && isDuration(instantiateMs) && isDuration(restoreMs) ? { fetchMs, instantiateMs, restoreMs } : undefined;
}

function serializedError(value: unknown): SerializedError | undefined {
  if (!isRecord(value)) return undefined;
  const { name, message, stack } = value;
  if (typeof name !== 'string' || typeof message !== 'string' || (stack !== undefined && typeof stack !== 'string')) return undefined;
  return stack === undefined ? { name, message } : { name, message, stack };
}

function outputChunk(value: unknown): OutputChunk | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value[0] === 'display') {
    const [, mime, data] = value;
    if (value.length !== 3 || !DISPLAY_MIMES.includes(mime)) return undefined;
    // Pictures travel as bytes, pages and SVG as text.
    const wantsBytes = mime === 'image/png' || mime === 'image/jpeg';
    return (wantsBytes ? isBytes(data) : typeof data === 'string') ? ['display', mime, data] : undefined;
  }
  const [stream, text] = value;
  return value.length === 2 && (stream === 'stdout' || stream === 'stderr') && typeof text === 'string' ? [stream, text] : undefined;
}

function runOutcome(value: unknown): RunOutcome | undefined {
  if (!isRecord(value)) return undefined;
  const files = everyValueOrNone(value.files, (bytes) => (isBytes(bytes) ? bytes : undefined));
  if (!files) return undefined;
  const check = value.check === undefined ? undefined : checkVerdict(value.check);
  if (value.check !== undefined && !check) return undefined;
  const withCheck = check ? { check } : {};
  switch (value.status) {
    case 'ok': {
      const { result } = value;
      if (result !== undefined && typeof result !== 'string') return undefined;
      return { status: 'ok', files, ...(result === undefined ? {} : { result }), ...withCheck };
    }
    case 'error': {
      const error = pythonError(value.error);
      return error && { status: 'error', files, error, ...withCheck };
    }
    case 'exit':
      return isId(value.exitCode) ? { status: 'exit', files, exitCode: value.exitCode, ...withCheck } : undefined;
    default:
      return undefined;
  }
}

/** A Python exception: its text, where it is (a line; a column range, all three positive or none), and whose it is. */
function pythonError(value: unknown): PythonError | undefined {
  if (!isRecord(value)) return undefined;
  const { type, message, traceback, line, column, endLine, endColumn, origin } = value;
  if (typeof type !== 'string' || typeof message !== 'string' || typeof traceback !== 'string') return undefined;
  const frames = value.frames === undefined ? undefined : tracebackFrames(value.frames, traceback.length);
  if (value.frames !== undefined && !frames) return undefined;
  if (line !== undefined && !isId(line)) return undefined;
  if (origin !== undefined && origin !== 'setup' && origin !== 'check') return undefined;
  const span = column === undefined && endLine === undefined && endColumn === undefined ? {}
    : isPosition(column) && isPosition(endLine) && isPosition(endColumn) ? { column, endLine, endColumn } : undefined;
  if (!span) return undefined;
  return {
    type, message, traceback, ...(frames ? { frames } : {}), ...(line === undefined ? {} : { line }), ...span,
    ...(origin === undefined ? {} : { origin }),
  };
}

/** At most MAX_TRACEBACK_FRAMES frames, each with a positive line and a place inside a traceback this long. */
function tracebackFrames(value: unknown, tracebackLength: number): TracebackFrame[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_TRACEBACK_FRAMES) return undefined;
  return everyOrNone(value, (frame: unknown) => {
    if (!isRecord(frame)) return undefined;
    const { file, line, name, at } = frame;
    if (typeof file !== 'string' || typeof name !== 'string' || !isPosition(line) || !isId(at)) return undefined;
    return at >= 0 && at < tracebackLength ? { file, line, name, at } : undefined;
  });
}

/** An exercise's verdict: `passed` a boolean, a message, and for a broken check its error. */
function checkVerdict(value: unknown): CheckVerdict | undefined {
  if (!isRecord(value) || typeof value.passed !== 'boolean' || typeof value.message !== 'string') return undefined;
  if (value.error === undefined) return { passed: value.passed, message: value.message };
  const error = pythonError(value.error);
  return error && { passed: value.passed, message: value.message, error };
}

function snapshotPackages(value: unknown): SnapshotPackages | undefined {
  if (!isRecord(value)) return undefined;
  const files = everyValueOrNone(value.files, (bytes) => (isBytes(bytes) ? bytes : undefined));
  const loaded = everyValueOrNone(value.loaded, (source) => (typeof source === 'string' ? source : undefined));
  return files && loaded && { files, loaded };
}

/** Each item rebuilt by `parse`, or `undefined` if one of them is malformed. */
function everyOrNone<I, T>(items: readonly I[], parse: (item: I) => T | undefined): T[] | undefined {
  const parsed: T[] = [];
  for (const item of items) {
    const each = parse(item);
    if (each === undefined) return undefined;
    parsed.push(each);
  }
  return parsed;
}

/** A record with each value rebuilt by `parse` (own keys, as data properties), or `undefined` if one is malformed. */
function everyValueOrNone<T>(record: unknown, parse: (value: unknown) => T | undefined): Record<string, T> | undefined {
  if (!isRecord(record)) return undefined;
  const entries = everyOrNone(Object.entries(record), ([key, value]) => {
    const each = parse(value);
    return each === undefined ? undefined : ([key, each] as const);
  });
  return entries && Object.fromEntries(entries);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function isPosition(value: unknown): value is number {
  return isId(value) && value > 0;
}

/** Milliseconds measured with `performance.now()` differences: finite and never negative. */
function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}
