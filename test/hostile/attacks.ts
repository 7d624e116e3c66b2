// Attacks on the host page from Python, each a program that prints `BREACH …` when it got something it should not.
// The suite also checks every attack from the page's side (secrets, server log, storage, messages), so an attack
// counts as contained only if neither side saw anything.

export interface ReachAttack {
  name: string;
  /** The program; `ORIGIN` is the page's origin and `PROBE` a tag the server logs requests under. */
  code: string;
  /**
   * Whether the same program gets through a worker on the page's own origin (the unprotected design): the
   * same-origin suite asserts it does, which proves the check can fail.
   */
  breachesSameOrigin: boolean;
  /**
   * How the program ends in the isolation frame, which says what stopped it there: a run that ends `ok` having
   * printed which exception each step met, or a crash and its message. Measured in Chromium 156, Pyodide 314.
   */
  inFrame: { status: 'ok'; stdout: string | RegExp } | { status: 'crashed'; error: RegExp };
}

/** The run ends `ok`, each try having printed `blocked: <the exception it met>`. */
const blocked = (...exceptions: string[]) => ({ status: 'ok' as const, stdout: exceptions.map((name) => `blocked: ${name}\n`).join('') });

const tryBlock = (body: string) =>
  `try:\n${body.replace(/^/gm, '    ')}\nexcept BaseException as error:\n    print("blocked:", type(error).__name__)`;

/** Programs that try to reach the page's origin: its cookies, storage, network and other contexts. */
export const reachAttacks: ReachAttack[] = [
  {
    name: 'a credentialed fetch to the page origin',
    breachesSameOrigin: true,
    inFrame: blocked('JsException'), // the frame's CSP allows no connection
    code: `from js import fetch, Object
from pyodide.ffi import to_js
${tryBlock(`response = await fetch("ORIGIN/hostile/echo?probe=PROBE", to_js({"credentials": "include"}, dict_converter=Object.fromEntries))
print("BREACH fetch", await response.text())`)}`,
  },
  {
    name: 'a synchronous credentialed XMLHttpRequest',
    breachesSameOrigin: true,
    inFrame: blocked('JsException'),
    code: `from js import XMLHttpRequest
${tryBlock(`request = XMLHttpRequest.new()
request.open("GET", "ORIGIN/hostile/echo?probe=PROBE", False)
request.withCredentials = True
request.send()
print("BREACH xhr", request.responseText)`)}`,
  },
  {
    name: 'pyodide.http.pyfetch and loadPackage from the page origin',
    breachesSameOrigin: true,
    // loadPackage reports its failure and returns.
    inFrame: { status: 'ok', stdout: /^blocked: AbortError\nLoading \S+\nFailed to load \S+\nloadPackage returned\n$/ },
    code: `import pyodide_js
from pyodide.http import pyfetch
${tryBlock(`response = await pyfetch("ORIGIN/hostile/echo?probe=PROBE")
print("BREACH pyfetch", await response.string())`)}
${tryBlock(`await pyodide_js.loadPackage("ORIGIN/hostile/echo?probe=PROBE&file=evil-1.0-py3-none-any.whl")
print("loadPackage returned")  # it reports failures on stderr; the server log tells`)}`,
  },
  {
    name: 'document.cookie, localStorage and sessionStorage',
    breachesSameOrigin: false, // a worker has none of these, on any origin
    inFrame: blocked(...Array<string>(7).fill('AttributeError')),
    code: `import js
for name in ("document", "localStorage", "sessionStorage", "parent", "top", "opener", "frameElement"):
    ${tryBlock(`value = getattr(js, name)
print("BREACH reached", name, value.cookie if name == "document" else value)`).replace(/\n/g, '\n    ')}`,
  },
  {
    name: "IndexedDB: list and delete the page's databases",
    breachesSameOrigin: true,
    inFrame: blocked('JsException'), // an opaque origin has no storage
    code: `import js, asyncio
${tryBlock(`names = [each.name for each in await js.indexedDB.databases()]
print("BREACH databases", names)
js.indexedDB.deleteDatabase("hostile-db")
await asyncio.sleep(0.3)`)}`,
  },
  {
    name: 'Cache Storage poisoning',
    breachesSameOrigin: true,
    inFrame: blocked('JsException'),
    code: `import js
${tryBlock(`cache = await js.caches.open("hostile-cache")
await cache.put("ORIGIN/poisoned", js.Response.new("poisoned"))
print("BREACH cache written")`)}`,
  },
  {
    name: 'an OPFS write',
    breachesSameOrigin: true,
    inFrame: blocked('JsException'),
    code: `import js
from js import Object
from pyodide.ffi import to_js
${tryBlock(`root = await js.navigator.storage.getDirectory()
await root.getFileHandle("hostile.txt", to_js({"create": True}, dict_converter=Object.fromEntries))
print("BREACH opfs written")`)}`,
  },
  {
    name: "a BroadcastChannel message to the page's other contexts",
    breachesSameOrigin: true,
    // Posting works; the channel belongs to the frame's opaque origin, where no page listens.
    inFrame: { status: 'ok', stdout: 'posted\n' },
    code: `import js, asyncio
${tryBlock(`channel = js.BroadcastChannel.new("hostile-bc")
channel.postMessage("hostile broadcast")
await asyncio.sleep(0.2)
print("posted")`)}`,
  },
  {
    name: 'ctypes → emscripten_run_script_int (eval)',
    breachesSameOrigin: true,
    // The CSP refuses the eval inside Wasm, where no Python except can catch it: the interpreter dies.
    inFrame: { status: 'crashed', error: /unsafe-eval/ },
    code: `import ctypes
${tryBlock(`print("BREACH eval", ctypes.CDLL(None).emscripten_run_script_int(b"6 * 7"))`)}`,
  },
  {
    name: 'the Function constructor (eval) to recover the global',
    breachesSameOrigin: true,
    inFrame: blocked('JsException'), // EvalError: the frame's CSP has no unsafe-eval
    code: `import js
${tryBlock(`recovered = js.Object.constructor("return this")()
print("BREACH Function constructor", recovered.location.href)`)}`,
  },
  {
    name: 'pyodide.code.run_js (eval)',
    breachesSameOrigin: true,
    inFrame: blocked('JsException'),
    code: `from pyodide.code import run_js
${tryBlock(`print("BREACH run_js", run_js("6 * 7"))`)}`,
  },
];
