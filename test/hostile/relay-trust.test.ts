// The relay's trust in its workers ends at boot. These drive the real Relay with fake workers (the relay's neighbours)
// that behave as a worker whose private port user code reached would: boot honestly, then send boot-time messages,
// reports on runs it was not given, or a flood. The relay must kill such a worker and serve nothing it sent to
// another one.
import { expect } from '@open-wc/testing';
import { waitUntil } from '../wait-until.ts';
import type { RelayToHost, RelayToNewWorker, ScriptsReport, WorkerBoot } from '../../worker/protocol.ts';
import { Relay } from '../../worker/relay.ts';

interface FakeWorker {
  boot: Promise<WorkerBoot>;
  terminated: boolean;
}

function relayWithFakeWorkers() {
  const fromRelay: RelayToHost[] = [];
  const host = new MessageChannel();
  host.port2.onmessage = (event) => fromRelay.push(event.data);
  const workers: FakeWorker[] = [];
  new Relay(host.port1 as unknown as ConstructorParameters<typeof Relay>[0], () => {
    let received!: (boot: WorkerBoot) => void;
    const fake: FakeWorker = { boot: new Promise((resolve) => (received = resolve)), terminated: false };
    workers.push(fake);
    let onReport: ((event: { data: ScriptsReport }) => void) | undefined;
    return {
      postMessage: (message: RelayToNewWorker) => {
        if (message.type === 'boot') received(message);
        else setTimeout(() => onReport?.({ data: { type: 'scripts-imported' } }));
      },
      terminate: () => (fake.terminated = true),
      addEventListener: (type: string, listener: (event: { data: ScriptsReport }) => void) => {
        if (type === 'message') onReport = listener;
      },
      removeEventListener: () => {},
    } as unknown as Worker;
  });
  host.port1.start();
  const stdlib = new Uint8Array([1, 2, 3, 4]);
  const indexURL = 'https://pyodide.test/';
  host.port2.postMessage({
    type: 'scripts', indexURL,
    pyodideScript: 'function load(){}\nexport{load as loadPyodide};', moduleScript: 'function create(){}\nexport default create;',
  });
  host.port2.postMessage({ type: 'assets', indexURL, stdlib, wasm: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), lockFile: '{}', packageFiles: {} });
  host.port2.postMessage({ type: 'cached-snapshot', indexURL, packages: [] });
  const spawn = (workerId: number) => host.port2.postMessage({ type: 'spawn', workerId, indexURL: 'https://pyodide.test/', memoryLimitBytes: 2 ** 28, packages: [] });
  const run = (workerId: number, id: number) => host.port2.postMessage({ type: 'run', workerId, request: { id, code: '', files: {}, outputLimit: 1000, session: false, interactive: false } });
  const ping = (seq: number) => host.port2.postMessage({ type: 'ping', seq });
  return { fromRelay, workers, spawn, run, ping };
}

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));
const booted = { type: 'booted', source: 'plain', packagesFromSnapshot: false, bootMs: 1 };

/**
 * Spawns interpreter `workerId` and boots it honestly. On a fresh relay the spawn's own worker boots plainly, and
 * then the relay's snapshot maker starts: it hands over its snapshot, as an honest one does.
 */
async function bootHonestly(relay: ReturnType<typeof relayWithFakeWorkers>, workerId: number): Promise<MessagePort> {
  const before = relay.workers.length;
  relay.spawn(workerId);
  await settle();
  const boot = await relay.workers[before].boot;
  expect(boot.makeSnapshot, 'an interpreter the host can run programs on never makes the snapshot').to.equal(false);
  boot.port.postMessage(booted);
  await settle();
  for (const fake of relay.workers.slice(before + 1)) {
    const made = await fake.boot;
    if (made.makeSnapshot) made.port.postMessage({ type: 'snapshot', bytes: new Uint8Array([9, 9, 9]) });
  }
  await settle();
  return boot.port;
}

describe('the relay trusts a worker only until it has booted', () => {
  for (const forged of [
    { type: 'snapshot', bytes: new Uint8Array([6, 6, 6]) },
    { type: 'package-downloads', downloads: { 'https://pyodide.test/evil.whl': new Uint8Array([6]) } },
    { type: 'boot-assets', stdlib: new Uint8Array([6, 6, 6, 6]), snapshot: new Uint8Array([6, 6, 6]) },
    { ...booted },
  ]) {
    it(`kills a booted worker that sends '${forged.type}' and serves its bytes to no other worker`, async () => {
      const relay = relayWithFakeWorkers();
      const port = await bootHonestly(relay, 1);
      port.postMessage(forged);
      await settle();
      expect(relay.workers[0].terminated, 'the forging worker was killed').to.equal(true);
      expect(relay.fromRelay.some((message) => message.type === 'crashed' && message.workerId === 1)).to.equal(true);
      relay.spawn(2);
      await settle();
      const next = await relay.workers[relay.workers.length - 1].boot;
      expect([...next.stdlib!]).to.deep.equal([1, 2, 3, 4]);
      expect([...next.snapshot!]).to.deep.equal([9, 9, 9]);
      expect(next.packageDownloads ?? {}).to.deep.equal({});
    });
  }

  it('kills a worker that reports on a run it was not given', async () => {
    const relay = relayWithFakeWorkers();
    const port = await bootHonestly(relay, 1);
    relay.run(1, 7);
    await settle();
    port.postMessage({ type: 'finished', id: 8, outcome: { status: 'ok', files: {} } });
    await settle();
    expect(relay.workers[0].terminated).to.equal(true);
    expect(relay.fromRelay.some((message) => message.type === 'finished')).to.equal(false);
  });

  it('kills a worker that floods its port, and keeps answering pings', async () => {
    const relay = relayWithFakeWorkers();
    const port = await bootHonestly(relay, 1);
    relay.run(1, 7);
    await settle();
    for (let i = 0; i < 20_000; i++) port.postMessage({ type: 'output', id: 7, chunks: [], dropped: false });
    relay.ping(1);
    // The relay gets through the 20,000 messages at the machine's pace: 500 ms on a quiet one, seconds under load.
    await waitUntil(() => relay.fromRelay.some((message) => message.type === 'crashed')
      && relay.fromRelay.some((message) => message.type === 'pong' && message.seq === 1), 'no pong, or no crash, from the relay');
    expect(relay.fromRelay.some((message) => message.type === 'pong' && message.seq === 1), 'the ping was answered').to.equal(true);
    expect(relay.workers[0].terminated, 'the flooding worker was killed').to.equal(true);
    const crash = relay.fromRelay.find((message) => message.type === 'crashed');
    expect(crash && 'error' in crash ? crash.error.message : '').to.include('flooded');
  });

  it('takes an honest worker\'s whole run (the checks do not cry wolf)', async () => {
    const relay = relayWithFakeWorkers();
    const port = await bootHonestly(relay, 1);
    relay.run(1, 7);
    await settle();
    port.postMessage({ type: 'started', id: 7 });
    for (let i = 0; i < 100; i++) port.postMessage({ type: 'output', id: 7, chunks: [['stdout', `${i}\n`]], dropped: false });
    port.postMessage({ type: 'finished', id: 7, outcome: { status: 'ok', files: {} } });
    await waitUntil(() => relay.fromRelay.some((message) => message.type === 'finished'), 'the honest run never finished');
    expect(relay.workers[0].terminated).to.equal(false);
    expect(relay.fromRelay.filter((message) => message.type === 'output')).to.have.length(100);
    expect(relay.fromRelay.some((message) => message.type === 'finished')).to.equal(true);
  });
});
