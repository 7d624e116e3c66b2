import { PythonSandbox } from './python-sandbox/python-sandbox.ts';

export * from './index.ts';

if (!customElements.get('python-sandbox')) customElements.define('python-sandbox', PythonSandbox);

declare global {
  interface HTMLElementTagNameMap {
    'python-sandbox': PythonSandbox;
  }
}
