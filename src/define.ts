import { PythonSandbox } from './python-sandbox/python-sandbox.ts';

export * from './index.ts';

// Only where there is a registry: server rendering imports this in Node, where it registers nothing.
if (typeof customElements !== 'undefined' && !customElements.get('python-sandbox')) {
  customElements.define('python-sandbox', PythonSandbox);
}

declare global {
  interface HTMLElementTagNameMap {
    'python-sandbox': PythonSandbox;
  }
}
