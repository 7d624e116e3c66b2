// Hostile code against the worker's private port to the relay: the port is how a worker reports its own runs, and
// (before boot ends) hands the relay the snapshot and package files that later spares reuse. User code must never
// hold it. The attack patches what the worker's own code reads on its next message from the relay (the message's
// `data` getter, and the event properties around it), then waits for that message: the next cell of a session, or
// the answer to an input() prompt.
import { expect } from '@open-wc/testing';
import { usePool } from '../use-pool.ts';

/** Patches the getters of a message event the worker might read, keeping `this` (the event, whose target is the port). */
const PATCH_EVENT_GETTERS = `import js
from pyodide.ffi import create_proxy, to_js
captured = []
def trap(prototype, name):
    descriptor = js.Object.getOwnPropertyDescriptor(prototype, name)
    original = getattr(descriptor, "get", None) if descriptor is not None else None
    if original is None:
        return
    def getter(this):
        if len(captured) < 100:
            captured.append(this)
        return original.call(this)
    js.Object.defineProperty(prototype, name, to_js({"get": create_proxy(getter, capture_this=True), "configurable": True}, dict_converter=js.Object.fromEntries))
for name in ("data", "ports", "source", "origin"):
    trap(js.MessageEvent.prototype, name)
for name in ("target", "currentTarget", "srcElement", "composedPath"):
    trap(js.Event.prototype, name)
`;

/** Reports what the trapped getters saw: a MessagePort reached through an event means the port got out. */
const REPORT = `ports = []
for event in captured:
    for name in ("target", "currentTarget", "srcElement"):
        try:
            value = js.Reflect.get(event, name)
        except Exception:
            continue
        if value is not None and js.Object.prototype.toString.call(value) == "[object MessagePort]":
            ports.append(value)
print("events seen:", len(captured), "ports:", len(ports))
`;

describe('hostile code cannot reach the worker\'s private port', () => {
  const pool = usePool();

  it('does not get the port through the next session cell\'s message', async () => {
    const cells = pool.session('port-cell');
    const first = await cells.run(PATCH_EVENT_GETTERS + 'print("patched")');
    expect(first.stdout, first.error?.traceback).to.equal('patched\n');
    const second = await cells.run(REPORT);
    expect(second.status, second.error?.traceback).to.equal('ok');
    expect(second.stdout).to.match(/ports: 0\n$/);
    expect(second.stdout).to.equal('events seen: 0 ports: 0\n');
  });

  it('does not get the port through the answer to an input() prompt', async () => {
    const result = await pool.run(PATCH_EVENT_GETTERS + 'name = input("name? ")\n' + REPORT, { onInput: () => 'Ada' });
    expect(result.status, result.error?.traceback).to.equal('ok');
    expect(result.stdout).to.equal('name? events seen: 0 ports: 0\n');
  });

  it('cannot serve forged boot files to other runs even when it posts on a port it reached (defence in depth)', async () => {
    // If the port got out anyway, a forged `boot-assets`, `snapshot` or `package-downloads` message after boot must
    // be ignored or end that worker, never reach another interpreter.
    const cells = pool.session('port-forge');
    await cells.run(PATCH_EVENT_GETTERS);
    const forged = await cells.run(REPORT + `from pyodide.ffi import to_js
import os, sys
zipped = [path for path in sys.path if path.endswith(".zip")][0]
stdlib = js.Uint8Array.new(os.path.getsize(zipped))  # the length the relay checks before reusing bytes
for port in ports:
    for message in ({"type": "boot-assets", "stdlib": stdlib, "snapshot": stdlib},
                    {"type": "snapshot", "bytes": stdlib},
                    {"type": "booted", "source": "plain", "bootMs": 1, "packagesFromSnapshot": False}):
        port.postMessage(to_js(message, dict_converter=js.Object.fromEntries))
print("forged", len(ports))`);
    expect(forged.stdout).to.not.include('forged 1');
    // Whatever happened to that session, fresh runs (on spares booted after the forgery) work and see the real
    // standard library.
    for (let i = 0; i < 4; i++) {
      const fresh = await pool.run('import statistics\nprint(statistics.mean([1, 2, 3]))');
      expect(fresh, `run ${i}: ${fresh.error?.message}`).to.include({ status: 'ok', stdout: '2\n' });
    }
  });
});
