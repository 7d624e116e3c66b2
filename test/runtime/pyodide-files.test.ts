// The page reads Pyodide's files (src/runtime/pyodide-files.ts) about 1 MiB a task, whatever chunks the response's
// stream hands out: the 9 MiB Wasm read with `arrayBuffer()` from the HTTP cache was one 64 ms task of the page's.
import { expect } from '@open-wc/testing';
import { configure } from '../../src/runtime/config.ts';
import { bodyInTasks, deliverPyodideFiles, readInPieces, snapshotPiece } from '../../src/runtime/pyodide-files.ts';
import { ASSET_PIECE_BYTES, type HostToRelay } from '../../worker/protocol.ts';
import { laterTask } from '../../src/runtime/later-task.ts';

const MiB = 1 << 20;
const bytes = new Uint8Array(3.5 * MiB).map((_, index) => (index * 7) % 251);

/** A response whose body hands out `bytes` in chunks of `chunkBytes`, each at once (as the HTTP cache does). */
function responseOf(chunkBytes: number): Response {
  let offset = 0;
  return new Response(new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  }));
}

/** How many later tasks ran while `reading` was under way. */
async function tasksDuring(reading: Promise<unknown>): Promise<number> {
  let done = false;
  let tasks = 0;
  const tick = () => {
    if (done) return;
    tasks++;
    laterTask(tick);
  };
  laterTask(tick);
  await reading.finally(() => (done = true));
  return tasks;
}

describe('bodyInTasks', () => {
  for (const chunkBytes of [64 * 1024, 3 * MiB, 4 * MiB]) {
    it(`reads a body handed out in chunks of ${chunkBytes / 1024} KiB whole and exact`, async () => {
      const read = await bodyInTasks(responseOf(chunkBytes));
      expect(read.byteLength).to.equal(bytes.byteLength);
      expect(read.every((byte, index) => byte === bytes[index])).to.equal(true);
    });
  }

  it('gives the page a task for every MiB or so it reads', async () => {
    let read: Uint8Array | undefined;
    const tasks = await tasksDuring(bodyInTasks(responseOf(64 * 1024)).then((bytes) => (read = bytes)));
    expect(read?.byteLength).to.equal(bytes.byteLength);
    expect(tasks, 'tasks that ran while 3.5 MiB were read').to.be.at.least(3);
  });

  it('reads an empty body as no bytes', async () => {
    expect((await bodyInTasks(new Response(''))).byteLength).to.equal(0);
    expect((await bodyInTasks(new Response(null))).byteLength).to.equal(0);
  });
});

describe('readInPieces', () => {
  for (const chunkBytes of [64 * 1024, 1.5 * MiB, 4 * MiB]) {
    it(`cuts a body handed out in chunks of ${chunkBytes / 1024} KiB into 1 MiB pieces of their own`, async () => {
      const pieces: Uint8Array[] = [];
      const length = await readInPieces(responseOf(chunkBytes), (piece) => pieces.push(piece));
      expect(length).to.equal(bytes.byteLength);
      // Digests and piece boundaries depend on it: whole MiB from the start, whatever the chunks were.
      expect(pieces.map((piece) => piece.byteLength)).to.deep.equal([MiB, MiB, MiB, MiB / 2]);
      for (const piece of pieces) expect(piece.byteLength, 'a buffer of its own, to transfer').to.equal(piece.buffer.byteLength);
      let offset = 0;
      for (const piece of pieces) {
        expect(piece.every((byte, index) => byte === bytes[offset + index])).to.equal(true);
        offset += piece.byteLength;
      }
    });
  }

  it('hands out no piece for an empty body', async () => {
    const pieces: Uint8Array[] = [];
    expect(await readInPieces(new Response(''), (piece) => pieces.push(piece))).to.equal(0);
    expect(pieces).to.deep.equal([]);
  });
});

describe('deliverPyodideFiles', () => {
  it('sends the Wasm and the stdlib in pieces as it reads them, at most 2 MiB a task, then the assets without them', async () => {
    configure({ snapshotCache: false });
    let task = 0;
    let done = false;
    const tick = () => {
      task++;
      if (!done) laterTask(tick);
    };
    laterTask(tick);
    const posted: Array<{ message: HostToRelay; task: number }> = [];
    await deliverPyodideFiles((message) => posted.push({ message, task }), `${location.origin}/node_modules/pyodide/`, []);
    done = true;
    const pieces = posted.filter(({ message }) => message.type === 'asset-piece');
    const bytesOf = (file: string) => pieces.reduce((sum, { message }) =>
      sum + (message.type === 'asset-piece' && message.file === file ? message.bytes.byteLength : 0), 0);
    const [wasm, stdlib] = await Promise.all(['pyodide.asm.wasm', 'python_stdlib.zip']
      .map(async (file) => (await (await fetch(`/node_modules/pyodide/${file}`)).arrayBuffer()).byteLength));
    expect(bytesOf('wasm')).to.equal(wasm);
    expect(bytesOf('stdlib')).to.equal(stdlib);
    for (const { message } of pieces) expect(message.type === 'asset-piece' && message.bytes.byteLength).to.be.at.most(ASSET_PIECE_BYTES);
    // The two files are read side by side: a task may post a piece of each, never more.
    const perTask = new Map<number, number>();
    for (const { message, task: at } of pieces) perTask.set(at, (perTask.get(at) ?? 0) + (message.type === 'asset-piece' ? message.bytes.byteLength : 0));
    expect(Math.max(...perTask.values()), 'bytes posted in one task').to.be.at.most(2 * ASSET_PIECE_BYTES);
    // Each file arrives exactly as served, piece after piece.
    for (const [file, name] of [['wasm', 'pyodide.asm.wasm'], ['stdlib', 'python_stdlib.zip']]) {
      const served = new Uint8Array(await (await fetch(`/node_modules/pyodide/${name}`)).arrayBuffer());
      const sent = pieces.flatMap(({ message }) => (message.type === 'asset-piece' && message.file === file ? [message.bytes] : []));
      let offset = 0;
      for (const piece of sent) {
        expect(piece.every((byte, index) => byte === served[offset + index]), `${file} at ${offset}`).to.equal(true);
        offset += piece.byteLength;
      }
    }
    const assets = posted.find(({ message }) => message.type === 'assets')?.message;
    expect(assets?.type === 'assets' && [assets.wasm.byteLength, assets.stdlib.byteLength]).to.deep.equal([0, 0]);
    expect(posted.indexOf(posted.find(({ message }) => message.type === 'assets')!)).to.be.above(posted.indexOf(pieces.at(-1)!));
  });
});

describe('snapshotPiece', () => {
  it('sends a piece of zeros as its length and any other piece as its bytes, transferred', () => {
    const zeros = new Uint8Array(MiB);
    expect(snapshotPiece('x/', zeros)).to.deep.equal([{ type: 'snapshot-piece', indexURL: 'x/', bytes: MiB }, []]);
    const oneByte = new Uint8Array(MiB);
    oneByte[MiB - 1] = 1;
    const [message, transfer] = snapshotPiece('x/', oneByte);
    expect(message).to.deep.equal({ type: 'snapshot-piece', indexURL: 'x/', bytes: oneByte });
    expect(transfer).to.deep.equal([oneByte.buffer]);
    // An odd length is checked byte by byte, not word by word.
    expect(snapshotPiece('x/', new Uint8Array([0, 0, 0, 0, 0, 2]))[0]).to.have.property('bytes').that.is.instanceOf(Uint8Array);
  });
});
