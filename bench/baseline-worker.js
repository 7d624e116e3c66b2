// The baseline's worker: lives for one run. Boots Pyodide from scratch, sends each line of output as its own
// message, runs the program and reports the outcome.
const now = () => performance.now();
let instantiation;

// Measuring only: the same work as Pyodide's own `instantiateStreaming` call, in two steps, so the boot report can
// tell compiling (which streams the download of pyodide.asm.wasm) from instantiating.
WebAssembly.instantiateStreaming = async (source, imports) => {
  const compileStart = now();
  const module = await WebAssembly.compileStreaming(source);
  const instantiateStart = now();
  const instance = await WebAssembly.instantiate(module, imports);
  instantiation = { compileStart, instantiateStart, end: now() };
  return { module, instance };
};

self.onmessage = async ({ data: { code, indexURL } }) => {
  const start = now();
  const { loadPyodide } = await import(indexURL + 'pyodide.mjs');
  const pyodide = await loadPyodide({ indexURL });
  const loaded = now();
  for (const stream of ['stdout', 'stderr']) {
    const options = { batched: (line) => postMessage({ type: 'output', stream, text: line + '\n' }) };
    if (stream === 'stdout') pyodide.setStdout(options);
    else pyodide.setStderr(options);
  }
  const { compileStart, instantiateStart, end } = instantiation;
  const phases = {
    fetchMs: compileStart - start,
    compileMs: instantiateStart - compileStart,
    instantiateMs: end - instantiateStart,
    startupMs: loaded - end,
  };
  postMessage({ type: 'started', bootMs: now() - start, phases });
  try {
    const value = await pyodide.runPythonAsync(code);
    postMessage({ type: 'done', status: 'ok', result: value === undefined ? undefined : String(value) });
  } catch (error) {
    postMessage({ type: 'done', status: 'error', error: String(error?.message ?? error) });
  }
};
