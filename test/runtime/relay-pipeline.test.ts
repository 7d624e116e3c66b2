// The page hands the relay Pyodide's files in three steps (protocol.ts): the relay starts a worker at once, posts it
// Pyodide's scripts as soon as they are there, so that importing them overlaps with the Wasm arriving and compiling,
// and decides how it boots only once the page has said whether it kept a snapshot. These drive the real Relay with
// fake workers.
import { expect } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import type { HostToRelay, RelayToHost, RelayToNewWorker, ScriptsReport, WorkerBoot } from '../../worker/protocol.ts';
import { Relay } from '../../worker/relay.ts';

const indexURL = 'https://pyodide.test/';
const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

interface FakeWorker {
  /** Pyodide's scripts as the relay posted them. */
  scripts?: Blob;
  /** Pyodide's scripts at the start of its source, when started so. */
  scriptsInSource?: string;
  boot?: WorkerBoot;
  terminated: boolean;
}

/** `refuseScripts`: the workers will not import Pyodide's scripts from a blob: module, as WebKit's do not. */
function relayWithFakeWorkers({ refuseScripts = false } = {}) {
  const host = new MessageChannel();
  const started: FakeWorker[] = [];
  const fromRelay: RelayToHost[] = [];
  host.port2.onmessage = (event) => fromRelay.push(event.data);
  new Relay(host.port1 as unknown as ConstructorParameters<typeof Relay>[0], (scriptsInSource) => {
    const worker: FakeWorker = { scriptsInSource, terminated: false };
    started.push(worker);
    const listeners: Array<(event: { data: ScriptsReport }) => void> = [];
    return {
      postMessage: (message: RelayToNewWorker) => {
        if (message.type === 'scripts') {
          worker.scripts = message.module;
          const report: ScriptsReport = refuseScripts
            ? { type: 'scripts-refused', error: { name: 'TypeError', message: 'Cross-origin script load denied' } } : { type: 'scripts-imported' };
          setTimeout(() => listeners.forEach((listener) => listener({ data: report })));
        } else if (worker.scripts || worker.scriptsInSource) worker.boot = message;
        else throw new Error('booted before its scripts');
      },
      terminate: () => (worker.terminated = true),
      addEventListener: (type: string, listener: (event: { data: ScriptsReport }) => void) => {
        if (type === 'message') listeners.push(listener);
      },
      removeEventListener: (_type: string, listener: (event: { data: ScriptsReport }) => void) => {
        if (listeners.includes(listener)) listeners.splice(listeners.indexOf(listener), 1);
      },
    } as unknown as Worker;
  });
  host.port1.start();
  const send = (message: HostToRelay) => host.port2.postMessage(message);
  return { started, send, fromRelay };
}

const scripts: HostToRelay = {
  type: 'scripts', indexURL,
  pyodideScript: 'function load(){}\nexport{load as loadPyodide};', moduleScript: 'function create(){}\nexport default create;',
};
const assets: HostToRelay = {
  type: 'assets', indexURL, stdlib: new Uint8Array([1, 2, 3]), wasm: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), lockFile: '{}', packageFiles: {},
};
const spawn: HostToRelay = { type: 'spawn', workerId: 1, indexURL, memoryLimitBytes: 2 ** 28, packages: [] };

describe('the relay takes the page\'s files step by step', () => {
  it('starts a worker at once, sends it Pyodide\'s scripts as they come, and boots it once the rest is there', async () => {
    const relay = relayWithFakeWorkers();
    relay.send(spawn);
    await settle();
    expect(relay.started, 'started before any file arrived').to.have.length(1);
    expect(relay.started[0].scripts).to.equal(undefined);
    relay.send(scripts);
    await settle();
    const module = await relay.started[0].scripts?.text();
    expect(module, 'the scripts as one module').to.include('export{__sandboxLoadPyodide as loadPyodide,__sandboxCreatePyodideModule as createPyodideModule}');
    expect(relay.started[0].boot).to.equal(undefined);
    relay.send(assets);
    await settle();
    expect(relay.started[0].boot, 'waits for the page\'s word on a kept snapshot').to.equal(undefined);
    relay.send({ type: 'cached-snapshot', indexURL, packages: [] });
    await settle();
    expect(relay.started[0].boot).to.include({ type: 'boot', makeSnapshot: false, snapshot: undefined });
    expect(relay.started[0].boot?.wasmModule).to.be.instanceOf(WebAssembly.Module);
  });

  it('starts a worker again with the scripts in its source when it will not import them, and the next ones so at once', async () => {
    const relay = relayWithFakeWorkers({ refuseScripts: true });
    relay.send(spawn);
    relay.send(scripts);
    relay.send(assets);
    relay.send({ type: 'cached-snapshot', indexURL, packages: [] });
    await settle();
    expect(relay.started.map((worker) => worker.terminated), 'the first, refused, and its replacement').to.deep.equal([true, false]);
    const [refused, replacement] = relay.started;
    expect(refused.boot).to.equal(undefined);
    expect(relay.fromRelay).to.deep.equal([]);
    expect(replacement.scriptsInSource).to.include('globalThis.__sandboxPyodideScripts={loadPyodide:__sandboxLoadPyodide');
    expect(replacement.scriptsInSource).not.to.include('export{');
    expect(replacement.boot).to.include({ type: 'boot', makeSnapshot: false });
    replacement.boot!.port.postMessage({ type: 'booted', source: 'plain', packagesFromSnapshot: false, bootMs: 1 });
    await settle();
    expect(relay.started, 'the snapshot\'s maker, with no refusal first').to.have.length(3);
    const maker = relay.started[2];
    expect(maker.scripts).to.equal(undefined);
    expect(maker.scriptsInSource).to.equal(replacement.scriptsInSource);
    expect(maker.boot).to.include({ type: 'boot', makeSnapshot: true });
  });

  it('takes the Wasm and the stdlib in pieces before the assets, as the page sends them', async () => {
    const relay = relayWithFakeWorkers();
    const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    const stdlib = new Uint8Array([1, 2, 3, 4, 5]);
    relay.send(scripts);
    for (const [file, bytes] of [['wasm', wasm], ['stdlib', stdlib]] as const) {
      for (const piece of [bytes.slice(0, 3), bytes.slice(3)]) relay.send({ type: 'asset-piece', indexURL, file, bytes: piece });
    }
    relay.send({ ...assets, wasm: new Uint8Array(0), stdlib: new Uint8Array(0) } as HostToRelay);
    relay.send({ type: 'cached-snapshot', indexURL, packages: [] });
    relay.send(spawn);
    await settle();
    const boot = relay.started[0].boot;
    expect(boot?.wasmModule, 'compiled from the joined pieces').to.be.instanceOf(WebAssembly.Module);
    expect([...boot!.stdlib!]).to.deep.equal([...stdlib]);
  });

  it('boots the first spare plainly at once, then has a worker of its own make the snapshot, then ends that worker', async () => {
    const relay = relayWithFakeWorkers();
    relay.send(scripts);
    relay.send(assets);
    relay.send({ type: 'cached-snapshot', indexURL, packages: [] });
    relay.send(spawn);
    relay.send({ ...spawn, workerId: 2 });
    await settle();
    const [first, second] = relay.started;
    expect(first.boot, 'the first spare does not wait for the snapshot').to.include({ makeSnapshot: false, snapshot: undefined });
    expect(second.boot, 'the second waits for it').to.equal(undefined);
    expect(relay.started, 'the maker waits for the first spare\'s boot: two boots at once slow the first').to.have.length(2);
    first.boot!.port.postMessage({ type: 'booted', source: 'plain', packagesFromSnapshot: false, bootMs: 1 });
    await settle();
    const maker = relay.started[2];
    expect(maker.boot).to.include({ makeSnapshot: true });
    maker.boot!.port.postMessage({ type: 'snapshot', bytes: new Uint8Array([5, 5, 5]) });
    await settle();
    expect(maker.terminated, 'the maker is released once it has handed over the snapshot').to.equal(true);
    expect([...second.boot!.snapshot!]).to.deep.equal([5, 5, 5]);
    const pieces = relay.fromRelay.filter((message) => message.type === 'snapshot-made-piece');
    expect(pieces.map((piece) => ('bytes' in piece ? [...piece.bytes] : []))).to.deep.equal([[5, 5, 5]]);
    expect(relay.fromRelay.find((message) => message.type === 'snapshot-made')).to.include({ byteLength: 3 });
    expect(relay.fromRelay.some((message) => 'workerId' in message && message.workerId < 0), 'the host never hears of the maker').to.equal(false);
  });

  it('boots spares plainly once making the snapshot has failed twice', async () => {
    const relay = relayWithFakeWorkers();
    relay.send(scripts);
    relay.send(assets);
    relay.send({ type: 'cached-snapshot', indexURL, packages: [] });
    for (let workerId = 1; workerId <= 3; workerId++) {
      relay.send({ ...spawn, workerId });
      await settle();
      relay.started.at(-1)!.boot!.port.postMessage({ type: 'booted', source: 'plain', packagesFromSnapshot: false, bootMs: 1 });
      await settle();
      const maker = relay.started.find((worker) => worker.boot?.makeSnapshot && !worker.terminated);
      maker?.boot!.port.postMessage({ type: 'boot-failed', error: { name: 'Error', message: 'no' } });
      await settle();
    }
    expect(relay.started.filter((worker) => worker.boot?.makeSnapshot)).to.have.length(2);
    expect(relay.started.filter((worker) => !worker.boot?.makeSnapshot && worker.boot)).to.have.length(3);
    expect(relay.fromRelay.some((message) => message.type === 'boot-failed'), 'a maker\'s failure is the relay\'s own').to.equal(false);
  });

  it('boots from the snapshot the page kept, and makes none', async () => {
    const relay = relayWithFakeWorkers();
    relay.send(scripts);
    relay.send(assets);
    relay.send({ type: 'snapshot-piece', indexURL, bytes: new Uint8Array([7, 7]) });
    relay.send({ type: 'snapshot-piece', indexURL, bytes: new Uint8Array([8]) });
    relay.send({ type: 'cached-snapshot', indexURL, packages: [], snapshot: { byteLength: 3 } });
    relay.send(spawn);
    await settle();
    expect(relay.started[0].boot).to.include({ makeSnapshot: false });
    expect([...relay.started[0].boot!.snapshot!], 'the pieces, whole').to.deep.equal([7, 7, 8]);
  });

  it('restores zero runs the page sent as their length, and takes no other number', async () => {
    const relay = relayWithFakeWorkers();
    relay.send(scripts);
    relay.send(assets);
    relay.send({ type: 'snapshot-piece', indexURL, bytes: new Uint8Array([7, 7]) });
    relay.send({ type: 'snapshot-piece', indexURL, bytes: 3 });
    for (const bad of [-1, 0, 1.5, 5 << 20]) relay.send({ type: 'snapshot-piece', indexURL, bytes: bad });
    relay.send({ type: 'snapshot-piece', indexURL, bytes: new Uint8Array([8]) });
    relay.send({ type: 'cached-snapshot', indexURL, packages: [], snapshot: { byteLength: 6 } });
    relay.send(spawn);
    await settle();
    expect([...relay.started[0].boot!.snapshot!], 'the pieces, whole').to.deep.equal([7, 7, 0, 0, 0, 8]);
  });

  it('boots plainly when the kept snapshot\'s pieces do not add up', async () => {
    const relay = relayWithFakeWorkers();
    relay.send(scripts);
    relay.send(assets);
    relay.send({ type: 'snapshot-piece', indexURL, bytes: new Uint8Array([7, 7]) });
    relay.send({ type: 'cached-snapshot', indexURL, packages: [], snapshot: { byteLength: 3 } });
    relay.send(spawn);
    await settle();
    expect(relay.started[0].boot).to.include({ makeSnapshot: false, snapshot: undefined });
  });

  it('hands the page a large snapshot in pieces of at most 4 MiB, a task each', async () => {
    const relay = relayWithFakeWorkers();
    relay.send(scripts);
    relay.send(assets);
    relay.send({ type: 'cached-snapshot', indexURL, packages: [] });
    relay.send(spawn);
    await settle();
    relay.started[0].boot!.port.postMessage({ type: 'booted', source: 'plain', packagesFromSnapshot: false, bootMs: 1 });
    await settle();
    const maker = relay.started.find((worker) => worker.boot?.makeSnapshot)!;
    const snapshot = new Uint8Array(9 << 20).map((_, index) => index % 251);
    maker.boot!.port.postMessage({ type: 'snapshot', bytes: snapshot });
    const piecesSoFar = () => relay.fromRelay.flatMap((message) => (message.type === 'snapshot-made-piece' ? [message.bytes] : []));
    // A task each: 200 ms for all three on a quiet machine, seconds on a loaded one.
    await waitUntil(() => piecesSoFar().reduce((bytes, piece) => bytes + piece.byteLength, 0) >= snapshot.byteLength,
      'the snapshot\'s pieces did not all arrive');
    await settle();
    const pieces = piecesSoFar();
    expect(pieces.map((piece) => piece.byteLength)).to.deep.equal([4 << 20, 4 << 20, 1 << 20]);
    const joined = new Uint8Array(9 << 20);
    pieces.reduce((offset, piece) => (joined.set(piece, offset), offset + piece.byteLength), 0);
    expect(joined.every((byte, index) => byte === index % 251)).to.equal(true);
    expect(relay.fromRelay.at(-1)).to.include({ type: 'snapshot-made', byteLength: 9 << 20 });
  });
});
