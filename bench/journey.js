// A docs reader's visit (scripts/bench-journey.mjs): a site of three pages with one snippet each, in a browser with no
// DevTools. Each page clicks Run as soon as it shows (page C after 3 s of reading), waits for the first output on
// screen, posts click → output to the bench server, then opens the next page (page A 2 s after its output).
//   ?design=product   <python-sandbox> from dist/define.js
//   ?design=naive     the design python-sandbox started from: a fresh same-origin module worker per run (baseline.js)
//   &page=A|B|C  &read=<ms before the click>  &stay=<ms after the output>  &then=<next page's URL>
import { BaselineRunner } from './baseline.js';

const params = new URLSearchParams(location.search);
const page = params.get('page') ?? 'A';
const marker = `output of page ${page}`;
const code = `print("${marker}")`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/** Shows the snippet; resolves to `{ click, shown }`: click Run, and whether the output is on screen. */
async function productSnippet() {
  await import('/dist/define.js');
  const element = document.createElement('python-sandbox');
  element.textContent = code;
  document.body.append(element);
  await customElements.whenDefined('python-sandbox');
  await element.updateComplete;
  const button = element.shadowRoot.querySelector('[part~="run-button"]');
  return { click: () => button.click(), shown: () => element.shadowRoot.querySelector('[part~="console"]')?.textContent.includes(marker) };
}

function naiveSnippet() {
  const runner = new BaselineRunner(new URL('/dist/pyodide/', location.href).href);
  const button = Object.assign(document.createElement('button'), { textContent: 'Run' });
  const output = document.createElement('pre');
  button.addEventListener('click', () => runner.run(code, { onOutput: (_stream, text) => output.append(text) }));
  document.body.append(Object.assign(document.createElement('textarea'), { value: code }), button, output);
  return { click: () => button.click(), shown: () => output.textContent.includes(marker) };
}

async function visit() {
  const snippet = params.get('design') === 'naive' ? naiveSnippet() : await productSnippet();
  await sleep(Number(params.get('read') ?? 0));
  const clicked = performance.now();
  snippet.click();
  while (!snippet.shown()) await nextFrame();
  await nextFrame(); // painted
  return { page, clickToOutputMs: performance.now() - clicked, sinceNavigationMs: performance.now() };
}

let report;
try {
  report = await visit();
} catch (error) {
  report = { error: String(error?.message ?? error) };
}
await fetch('/bench/report', { method: 'POST', body: JSON.stringify(report) });
await sleep(Number(params.get('stay') ?? 0));
if (params.get('then')) location.assign(params.get('then'));
