// Typings for <python-sandbox> in React 19's JSX. Opt in once, with `import type {} from 'python-sandbox/react';` in
// any file or "python-sandbox/react" in tsconfig's "types": they augment React's types, which projects without React
// do not have, so the package's main typings leave them out.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  SandboxCheckEvent, SandboxCompleteEvent, SandboxOutputEvent, SandboxReadyEvent, SandboxStartEvent, SandboxTimeoutEvent,
} from './events/index.js';
import type { PythonSandboxProperties } from './python-sandbox/attribute-converters.js';
import type { PythonSandbox } from './python-sandbox/python-sandbox.js';

/** The element's options, and its events as React 19 listens for them on a custom element: `on` + the event's name. */
export interface PythonSandboxReactProps extends PythonSandboxProperties {
  'onsandbox-ready'?: (event: SandboxReadyEvent) => void;
  'onsandbox-start'?: (event: SandboxStartEvent) => void;
  'onsandbox-output'?: (event: SandboxOutputEvent) => void;
  'onsandbox-timeout'?: (event: SandboxTimeoutEvent) => void;
  'onsandbox-complete'?: (event: SandboxCompleteEvent) => void;
  'onsandbox-check'?: (event: SandboxCheckEvent) => void;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'python-sandbox': DetailedHTMLProps<HTMLAttributes<PythonSandbox>, PythonSandbox> & PythonSandboxReactProps;
    }
  }
}
