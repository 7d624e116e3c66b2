// What the pool believes of the relay's messages (src/runtime/relay-messages.ts): for each message the relay may send,
// one well-formed copy is taken as it is, and each field the pool reads, malformed in turn, gets the message refused.
import { expect } from '@open-wc/testing';
import { SNAPSHOT_PIECE_BYTES } from '../../worker/protocol.ts';
import { parseRelayMessage } from '../../src/runtime/relay-messages.ts';

/** Marks a field to delete rather than set. */
const ABSENT = Symbol('absent');
type Path = Array<string | number>;

/** A deep copy of `message` with the field at `path` set to `value` (or deleted). */
function withField(message: object, path: Path, value: unknown): unknown {
  const copy = structuredClone(message) as Record<string | number, unknown>;
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === ABSENT) delete holder[last];
  else holder[last] = value;
  return copy;
}

interface Variant {
  /** A message as an honest relay sends it. */
  valid: object;
  /** Other well-formed shapes of it (optional fields present or absent). */
  alsoValid?: object[];
  /** Each a field and a wrong value for it (ABSENT: the field missing). */
  malformed: Array<[Path, unknown]>;
}

const bytes = new Uint8Array([1, 2, 3]);
const pythonError = { type: 'ValueError', message: 'bad', traceback: 'Traceback…', line: 2, column: 5, endLine: 2, endColumn: 9 };
const badIds: unknown[] = [ABSENT, '1', 1.5, NaN, null];

/** The malformed cases of an error as a run reports it, under `path`. */
function pythonErrorCases(path: Path): Array<[Path, unknown]> {
  return [
    [path, ABSENT], [path, 'ValueError: bad'], [path, null],
    [[...path, 'type'], 5], [[...path, 'type'], ABSENT],
    [[...path, 'message'], ABSENT], [[...path, 'message'], {}],
    [[...path, 'traceback'], ABSENT], [[...path, 'traceback'], ['a']],
    [[...path, 'line'], '2'], [[...path, 'line'], 1.5], [[...path, 'line'], null],
    [[...path, 'column'], 0], [[...path, 'column'], '5'], [[...path, 'column'], ABSENT],
    [[...path, 'endLine'], -1], [[...path, 'endLine'], ABSENT],
    [[...path, 'endColumn'], 9.5], [[...path, 'endColumn'], ABSENT],
    [[...path, 'origin'], 'elsewhere'], [[...path, 'origin'], 1],
  ];
}

const finishedBase = { type: 'finished', workerId: 1, id: 7 };

const variants: Record<string, Variant> = {
  pong: { valid: { type: 'pong', seq: 3 }, malformed: badIds.map((bad) => [['seq'], bad]) },
  'snapshot-made-piece': {
    valid: { type: 'snapshot-made-piece', bytes },
    malformed: [
      [['bytes'], ABSENT], [['bytes'], [1, 2, 3]], [['bytes'], bytes.buffer], [['bytes'], new Uint8Array(0)],
      [['bytes'], new Uint8Array(SNAPSHOT_PIECE_BYTES + 1)],
    ],
  },
  'snapshot-made': {
    valid: { type: 'snapshot-made', byteLength: 30, packages: { files: { '/lib/a.py': bytes }, loaded: { a: 'default channel' } } },
    alsoValid: [{ type: 'snapshot-made', byteLength: 30 }],
    malformed: [
      [['byteLength'], ABSENT], [['byteLength'], 0], [['byteLength'], -1], [['byteLength'], 1.5], [['byteLength'], '30'],
      [['packages'], null], [['packages'], 'a'],
      [['packages', 'files'], ABSENT], [['packages', 'files'], 'x'], [['packages', 'files', '/lib/a.py'], 'text'],
      [['packages', 'loaded'], ABSENT], [['packages', 'loaded'], ['a']], [['packages', 'loaded', 'a'], 1],
    ],
  },
  booted: {
    valid: {
      type: 'booted', workerId: 1, source: 'snapshot', interruptible: true, packagesFromSnapshot: false, bootMs: 320.5,
      packageError: 'could not load numpy', phases: { fetchMs: 10, instantiateMs: 20.5, restoreMs: 0 },
    },
    alsoValid: [{ type: 'booted', workerId: 2, source: 'plain', interruptible: false, packagesFromSnapshot: true, bootMs: 0 }],
    malformed: [
      ...badIds.map((bad): [Path, unknown] => [['workerId'], bad]),
      [['source'], ABSENT], [['source'], 'cached'],
      [['interruptible'], ABSENT], [['interruptible'], 'true'], [['interruptible'], 1],
      [['packagesFromSnapshot'], ABSENT], [['packagesFromSnapshot'], 'no'],
      [['bootMs'], ABSENT], [['bootMs'], '320'], [['bootMs'], NaN], [['bootMs'], Infinity], [['bootMs'], -1],
      [['packageError'], 5], [['packageError'], null],
      [['phases'], null], [['phases'], 'fast'], [['phases'], {}],
      [['phases', 'fetchMs'], ABSENT], [['phases', 'fetchMs'], '10'], [['phases', 'fetchMs'], -1],
      [['phases', 'instantiateMs'], ABSENT], [['phases', 'instantiateMs'], NaN],
      [['phases', 'restoreMs'], ABSENT], [['phases', 'restoreMs'], Infinity],
    ],
  },
  ...Object.fromEntries((['boot-failed', 'crashed'] as const).map((type): [string, Variant] => [type, {
    valid: { type, workerId: 1, error: { name: 'WorkerError', message: 'the interpreter worker failed to start', stack: 'at boot' } },
    alsoValid: [{ type, workerId: 1, error: { name: 'Error', message: '' } }],
    malformed: [
      ...badIds.map((bad): [Path, unknown] => [['workerId'], bad]),
      [['error'], ABSENT], [['error'], 'boom'], [['error'], null],
      [['error', 'message'], ABSENT], [['error', 'message'], 5],
      [['error', 'name'], ABSENT], [['error', 'name'], 5],
      [['error', 'stack'], 5],
    ],
  }])),
  ...Object.fromEntries((['started', 'input-busy'] as const).map((type): [string, Variant] => [type, {
    valid: { type, workerId: 1, id: 7 },
    malformed: [...badIds.map((bad): [Path, unknown] => [['workerId'], bad]), ...badIds.map((bad): [Path, unknown] => [['id'], bad])],
  }])),
  'input-request': {
    valid: { type: 'input-request', workerId: 1, id: 7, prompt: 'Name? ' },
    malformed: [...badIds.map((bad): [Path, unknown] => [['id'], bad]), [['prompt'], ABSENT], [['prompt'], 5]],
  },
  output: {
    valid: {
      type: 'output', workerId: 1, id: 7, dropped: false,
      chunks: [['stdout', 'hi\n'], ['stderr', 'oops\n'], ['display', 'image/png', bytes], ['display', 'image/jpeg', bytes],
        ['display', 'image/svg+xml', '<svg/>'], ['display', 'text/html', '<b>x</b>'], ['display', 'text/markdown', '# x']],
    },
    alsoValid: [{ type: 'output', workerId: 1, id: 7, chunks: [], dropped: true }],
    malformed: [
      ...badIds.map((bad): [Path, unknown] => [['id'], bad]),
      [['dropped'], ABSENT], [['dropped'], 'false'], [['dropped'], 0],
      [['chunks'], ABSENT], [['chunks'], 'hi'], [['chunks'], { 0: ['stdout', 'hi'] }],
      [['chunks', 0], 'hi'], [['chunks', 0], ['stdout']], [['chunks', 0], ['stdout', 5]], [['chunks', 0], ['stdin', 'hi']],
      [['chunks', 0], ['stdout', 'hi', 'there']],
      [['chunks', 2], ['display', 'image/gif', bytes]], [['chunks', 2], ['display', 'image/png', 'iVBOR']],
      [['chunks', 2], ['display', 'image/png']], [['chunks', 2], ['display', 'image/png', bytes, 'x']],
      [['chunks', 4], ['display', 'image/svg+xml', bytes]], [['chunks', 5], ['display', 'text/html', 5]],
    ],
  },
  'finished (ok)': {
    valid: {
      ...finishedBase,
      outcome: { status: 'ok', result: '42', files: { 'out.txt': bytes }, check: { passed: true, message: 'Well done' } },
    },
    alsoValid: [{ ...finishedBase, outcome: { status: 'ok', files: {} } }],
    malformed: [
      ...badIds.map((bad): [Path, unknown] => [['id'], bad]),
      [['outcome'], ABSENT], [['outcome'], 'ok'],
      [['outcome', 'status'], ABSENT], [['outcome', 'status'], 'timeout'],
      [['outcome', 'files'], ABSENT], [['outcome', 'files'], null], [['outcome', 'files'], [bytes]],
      [['outcome', 'files', 'out.txt'], 'text'], [['outcome', 'files', 'out.txt'], [1, 2]],
      [['outcome', 'result'], 42], [['outcome', 'result'], null],
      [['outcome', 'check'], 'passed'], [['outcome', 'check'], null],
      [['outcome', 'check', 'passed'], ABSENT], [['outcome', 'check', 'passed'], 'true'],
      [['outcome', 'check', 'message'], ABSENT], [['outcome', 'check', 'message'], 5],
    ],
  },
  'finished (error)': {
    valid: { ...finishedBase, outcome: { status: 'error', files: {}, error: { ...pythonError, origin: 'setup' } } },
    alsoValid: [{ ...finishedBase, outcome: { status: 'error', files: {}, error: { type: 'E', message: '', traceback: '' } } }],
    malformed: pythonErrorCases(['outcome', 'error']),
  },
  'finished (exit)': {
    valid: { ...finishedBase, outcome: { status: 'exit', exitCode: 3, files: {} } },
    malformed: [[['outcome', 'exitCode'], ABSENT], [['outcome', 'exitCode'], '3'], [['outcome', 'exitCode'], 1.5], [['outcome', 'exitCode'], NaN]],
  },
  'finished (a broken check)': {
    valid: {
      ...finishedBase,
      outcome: { status: 'ok', files: {}, check: { passed: false, message: 'The check failed', error: { ...pythonError, origin: 'check' } } },
    },
    malformed: pythonErrorCases(['outcome', 'check', 'error']).filter(([path, value]) => !(path.length === 3 && value === ABSENT)),
  },
};

describe('parseRelayMessage: what the pool believes of the relay', () => {
  for (const [name, { valid, alsoValid = [], malformed }] of Object.entries(variants)) {
    describe(name, () => {
      it('takes a well-formed message as it is', () => {
        for (const message of [valid, ...alsoValid]) expect(parseRelayMessage(message)).to.deep.equal(message);
      });

      for (const [path, value] of malformed) {
        it(`refuses it with ${path.join('.')} ${describeValue(value)}`, () => {
          expect(parseRelayMessage(withField(valid, path, value))).to.equal(undefined);
        });
      }

      it('passes on no field it did not check', () => {
        const padded = withField(valid, ['smuggled'], { evil: true }) as Record<string, unknown>;
        if (isObject(padded.outcome)) padded.outcome.smuggled = 1;
        if (isObject(padded.error)) padded.error.smuggled = 1;
        if (isObject(padded.phases)) padded.phases.smuggled = 1;
        if (isObject(padded.packages)) padded.packages.smuggled = 1;
        expect(parseRelayMessage(padded)).to.deep.equal(valid);
      });
    });
  }

  it('refuses what is not a message it knows', () => {
    for (const data of [undefined, null, 'pong', 5, [], { type: 'hello', workerId: 1, id: 1 }, { type: 'spawn', workerId: 1 }]) {
      expect(parseRelayMessage(data), String(JSON.stringify(data))).to.equal(undefined);
    }
  });
});

function describeValue(value: unknown): string {
  if (value === ABSENT) return 'missing';
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (value instanceof ArrayBuffer) return 'ArrayBuffer';
  if (typeof value === 'number') return String(value); // NaN and Infinity, which JSON would write as null
  return JSON.stringify(value, (_key, each: unknown) => (each instanceof Uint8Array ? `Uint8Array(${each.length})` : each));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
