import { DISPLAY_MIMES, type OutputChunk, type RelayToHost } from '../../worker/protocol.ts';

/**
 * Checks the shape of a message from the relay before the pool believes it. The relay is ours, but what it
 * forwards passed through a worker that runs hostile code, so nothing is taken on trust.
 */
export function parseRelayMessage(data: unknown): RelayToHost | undefined {
  if (isRecord(data) && data.type === 'pong') return isId(data.seq) ? { type: 'pong', seq: data.seq } : undefined;
  if (isRecord(data) && data.type === 'snapshot-made-piece') {
    return data.bytes instanceof Uint8Array && data.bytes.byteLength > 0 ? (data as unknown as RelayToHost) : undefined;
  }
  if (isRecord(data) && data.type === 'snapshot-made') {
    return Number.isSafeInteger(data.byteLength) && (data.byteLength as number) > 0 &&
      (data.packages === undefined || isSnapshotPackages(data.packages)) ? (data as unknown as RelayToHost) : undefined;
  }
  if (!isRecord(data) || typeof data.type !== 'string' || !isId(data.workerId)) return undefined;
  const message = data as Record<string, unknown> & { type: RelayToHost['type']; workerId: number };
  switch (message.type) {
    case 'booted':
      // `interruptible` decides interrupt versus terminate, so it must be a boolean.
      return (message.source === 'snapshot' || message.source === 'plain') && typeof message.bootMs === 'number' &&
        typeof message.interruptible === 'boolean' &&
        typeof message.packagesFromSnapshot === 'boolean' && (message.packageError === undefined || typeof message.packageError === 'string') &&
        (message.phases === undefined || (isRecord(message.phases) && Object.values(message.phases).every(Number.isFinite)))
        ? (message as unknown as RelayToHost) : undefined;
    case 'boot-failed':
    case 'crashed':
      return isRecord(message.error) && typeof message.error.message === 'string' ? (message as unknown as RelayToHost) : undefined;
    case 'started':
    case 'input-busy':
      return isId(message.id) ? (message as unknown as RelayToHost) : undefined;
    case 'input-request':
      return isId(message.id) && typeof message.prompt === 'string' ? (message as unknown as RelayToHost) : undefined;
    case 'output':
      return isId(message.id) && Array.isArray(message.chunks) && message.chunks.every(isChunk) && typeof message.dropped === 'boolean'
        ? (message as unknown as RelayToHost) : undefined;
    case 'finished':
      return isId(message.id) && isOutcome(message.outcome) ? (message as unknown as RelayToHost) : undefined;
    default:
      return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function isChunk(value: unknown): value is OutputChunk {
  if (!Array.isArray(value)) return false;
  if (value[0] === 'display') {
    return value.length === 3 && DISPLAY_MIMES.includes(value[1]) &&
      (value[1].startsWith('image/') && value[1] !== 'image/svg+xml' ? value[2] instanceof Uint8Array : typeof value[2] === 'string');
  }
  return value.length === 2 && (value[0] === 'stdout' || value[0] === 'stderr') && typeof value[1] === 'string';
}

function isOutcome(value: unknown): boolean {
  if (!isRecord(value) || !isRecord(value.files)) return false;
  if (value.check !== undefined && !isCheck(value.check)) return false;
  if (isRecord(value.error) && !isOrigin(value.error.origin)) return false;
  if (!Object.values(value.files).every((bytes) => bytes instanceof Uint8Array)) return false;
  switch (value.status) {
    case 'ok':
      return value.result === undefined || typeof value.result === 'string';
    case 'error':
      return isRecord(value.error) && typeof value.error.type === 'string' && typeof value.error.message === 'string' &&
        typeof value.error.traceback === 'string';
    case 'exit':
      return typeof value.exitCode === 'number';
    default:
      return false;
  }
}

function isOrigin(value: unknown): boolean {
  return value === undefined || value === 'setup' || value === 'check';
}

/** An exercise's verdict: `passed` a boolean, a message, and for a broken check its error. */
function isCheck(value: unknown): boolean {
  return isRecord(value) && typeof value.passed === 'boolean' && typeof value.message === 'string' &&
    (value.error === undefined || (isRecord(value.error) && isOrigin(value.error.origin) && typeof value.error.type === 'string' &&
      typeof value.error.message === 'string' && typeof value.error.traceback === 'string'));
}

function isSnapshotPackages(value: unknown): boolean {
  return isRecord(value) && isRecord(value.loaded) && Object.values(value.loaded).every((each) => typeof each === 'string') &&
    isRecord(value.files) && Object.values(value.files).every((bytes) => bytes instanceof Uint8Array);
}
