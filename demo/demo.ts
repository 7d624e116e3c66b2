import '../src/define.ts';
import type { PythonSandbox } from '../src/python-sandbox/python-sandbox.ts';

// The packages example uses the full distribution of the Pyodide version this project pins (the npm package, which
// the other examples are served from, has no packages). Vite's config defines the version.
declare const __PYODIDE_VERSION__: string;
document.querySelector<PythonSandbox>('#plot')!.indexUrl = `https://cdn.jsdelivr.net/pyodide/v${__PYODIDE_VERSION__}/full/`;

const files = document.querySelector<PythonSandbox>('#files')!;
files.files = { 'data.csv': 'apples,3\npears,5\nplums,8\n' };
files.stdin = 'Ada\n';
files.addEventListener('sandbox-complete', (event) => {
  const written = Object.entries(event.result.files).map(([name, bytes]) => `${name}: ${new TextDecoder().decode(bytes).trim()}`);
  document.querySelector('#files-out')!.textContent = written.length ? `Files written: ${written.join('; ')}` : 'No files written.';
});

const themed = document.querySelector<PythonSandbox>('#themed')!;
const themeChoice = document.querySelector<HTMLSelectElement>('#theme-choice')!;
themeChoice.addEventListener('change', () => (themed.theme = themeChoice.value as PythonSandbox['theme']));

const log = document.querySelector('#event-log')!;
function record(text: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  log.prepend(item);
  while (log.children.length > 12) log.lastElementChild!.remove();
}
const labelOf = (event: Event) => (event.target as PythonSandbox).label ?? 'sandbox';
document.addEventListener('sandbox-start', (event) => record(`start · ${labelOf(event)}`));
document.addEventListener('sandbox-output', (event) =>
  record(`output · ${event.stream} · ${event.stream === 'display' ? event.mime : JSON.stringify(event.text.slice(0, 40))}`));
document.addEventListener('sandbox-timeout', (event) => record(`timeout · ${labelOf(event)} after ${event.timeout} ms`));
document.addEventListener('sandbox-complete', (event) =>
  record(`complete · ${labelOf(event)} · ${event.result.status} in ${event.result.durationMs.toFixed(1)} ms`));
document.addEventListener('sandbox-check', (event) =>
  record(`check · ${labelOf(event)} · ${event.passed ? 'passed' : 'not yet'}: ${event.message.slice(0, 40)}`));
