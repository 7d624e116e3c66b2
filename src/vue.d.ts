// Typings for <python-sandbox> in Vue 3 templates (vue-tsc, Vue's editor tooling). Opt in once, with
// `import type {} from 'python-sandbox/vue';` in any file or "python-sandbox/vue" in tsconfig's "types": they augment
// Vue's types, which projects without Vue do not have, so the package's main typings leave them out.
import type { DefineComponent } from 'vue';
import type {
  SandboxCheckEvent, SandboxCompleteEvent, SandboxOutputEvent, SandboxReadyEvent, SandboxStartEvent, SandboxTimeoutEvent,
} from './events/index.js';
import type { PythonSandboxProperties } from './python-sandbox/attribute-converters.js';

/** The element's options, and its events as Vue types `@sandbox-complete` and the like: `on` + the camel-cased name. */
export interface PythonSandboxVueProps extends PythonSandboxProperties {
  onSandboxReady?: (event: SandboxReadyEvent) => void;
  onSandboxStart?: (event: SandboxStartEvent) => void;
  onSandboxOutput?: (event: SandboxOutputEvent) => void;
  onSandboxTimeout?: (event: SandboxTimeoutEvent) => void;
  onSandboxComplete?: (event: SandboxCompleteEvent) => void;
  onSandboxCheck?: (event: SandboxCheckEvent) => void;
}

declare module 'vue' {
  interface GlobalComponents {
    'python-sandbox': DefineComponent<PythonSandboxVueProps>;
  }
}
