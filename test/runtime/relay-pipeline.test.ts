// The page hands the relay Pyodide's files in three steps (protocol.ts): the relay starts a worker as soon as the
// scripts are there, so that parsing its source overlaps with the Wasm arriving and compiling, and decides how it
// boots only once the page has said whether it kept a snapshot. These drive the real Relay with fake workers.
import { expect } from '@open-wc/testing';
import type { HostToRelay, WorkerBoot } from '../../worker/protocol.ts';
import { Relay } from '../../worker/relay.ts';

const indexURL = 'https://pyodide.test/';
const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

function relayWithFakeWorkers() {
  const host = new MessageChannel();
  const started: Array<{ prelude: string; boot?: WorkerBoot }> = [];
  new Relay(host.port1 as unknown as ConstructorParameters<typeof Relay>[0], (prelude) => {
    const worker: { prelude: string; boot?: WorkerBoot } = { prelude };
    started.push(worker);
    return {
      postMessage: (boot: WorkerBoot) => (worker.boot = boot),
      terminate: () => {},
      addEventListener: () => {},
    } as unknown as Worker;
  });
  host.port1.start();
  const send = (message: HostToRelay) => host.port2.postMessage(message);
  return { started, send };
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
  it('starts a worker on Pyodide\'s scripts alone, and boots it once the rest is there', async () => {
    const relay = relayWithFakeWorkers();
    relay.send(spawn);
    await settle();
    expect(relay.started, 'nothing to start a worker from yet').to.have.length(0);
    relay.send(scripts);
    await settle();
    expect(relay.started, 'started before the Wasm arrived').to.have.length(1);
    expect(relay.started[0].prelude).to.include('__sandboxLoadPyodide');
    expect(relay.started[0].boot).to.equal(undefined);
    relay.send(assets);
    await settle();
    expect(relay.started[0].boot, 'waits for the page\'s word on a kept snapshot').to.equal(undefined);
    relay.send({ type: 'cached-snapshot', indexURL, packages: [] });
    await settle();
    expect(relay.started[0].boot).to.include({ type: 'boot', makeSnapshot: true });
    expect(relay.started[0].boot?.wasmModule).to.be.instanceOf(WebAssembly.Module);
  });

  it('boots from the snapshot the page kept, and makes none', async () => {
    const relay = relayWithFakeWorkers();
    relay.send(scripts);
    relay.send(assets);
    relay.send({ type: 'cached-snapshot', indexURL, packages: [], snapshot: { bytes: new Uint8Array([7, 7, 7]) } });
    relay.send(spawn);
    await settle();
    expect(relay.started[0].boot).to.include({ makeSnapshot: false });
    expect([...relay.started[0].boot!.snapshot!]).to.deep.equal([7, 7, 7]);
  });
});
