// The page reads Pyodide's files (src/runtime/pyodide-files.ts) about 1 MiB a task, whatever chunks the response's
// stream hands out: the 9 MiB Wasm read with `arrayBuffer()` from the HTTP cache was one 64 ms task of the page's.
import { expect } from '@open-wc/testing';
import { bodyInTasks } from '../../src/runtime/pyodide-files.ts';
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
