import { LitElement, type PropertyValues, html } from 'lit';
import type { RunResult } from '../runtime/types.ts';
import {
  type Preload, type Theme, booleanAttribute, integerAttribute, packagesAttribute, preloadAttribute,
  readPropertySetsAsAttributes, themeAttribute,
} from './attribute-converters.ts';
import { ConsoleController } from './console-controller.ts';
import { EditorCode } from './editor-code.ts';
import { EditorView } from './editor-view.ts';
import { errorMarkStyles } from './error-mark.styles.ts';
import { ExerciseController } from './exercise-controller.ts';
import { renderExercise } from './exercise-view.ts';
import { exerciseStyles } from './exercise.styles.ts';
import { InputController } from './input-controller.ts';
import { PageSchemeController } from './page-scheme.ts';
import { PoolController } from './pool-controller.ts';
import { PreloadController } from './preload-controller.ts';
import { styles } from './python-sandbox.styles.ts';
import { elementWork } from './render-queue.ts';
import { RunController } from './run-controller.ts';
import { StatusLine } from './status-text.ts';
import { renderToolbar } from './toolbar-view.ts';

/**
 * The code comes from a child `<script type="text/x-python">` or else from the element's text, dedented; or from the
 * `code` property. Each run gets a fresh interpreter from a pool of pre-booted Pyodide workers inside an
 * opaque-origin sandboxed frame, unless `session` names one to share. A run that ends in an exception marks its line
 * in the editor (and announces it in the status line); the traceback's `File "main.py", line N` are buttons that put
 * the caret on that line.
 *
 * @summary Runs Python in the visitor's browser: an editor, a Run button and a console.
 *
 * @event {SandboxReadyEvent} sandbox-ready - The interpreter pool booted and can run code.
 * @event {SandboxStartEvent} sandbox-start - A run begins (`code`).
 * @event {SandboxOutputEvent} sandbox-output - A batch of output, in order: `stream` (`stdout`, `stderr` or
 *   `display`), `text`, `mime`, `data`.
 * @event {SandboxTimeoutEvent} sandbox-timeout - A run hit its deadline (`timeout`, in ms); fired just before its
 *   `sandbox-complete`.
 * @event {SandboxCompleteEvent} sandbox-complete - A run ended, whatever its status (`result`, the runtime's
 *   result).
 * @event {SandboxCheckEvent} sandbox-check - An exercise's check judged the run (`passed`, `message`, `broken`);
 *   fired just before its `sandbox-complete`.
 *
 * @slot stdin - A `<script type="text/plain" slot="stdin">` whose lines `input()` reads before asking the user.
 * @slot setup - A `<script type="text/x-python" slot="setup">` run before the reader's code on every run (once per
 *   interpreter in a `session`), in the same `__main__`; the reader does not see it. See also the `setup` attribute.
 * @slot check - A `<script type="text/x-python" slot="check">` that judges each run: `fail()`, `passed()`,
 *   `expect_output()`, `assert`, `reader` (see docs/lessons.md, "Exercises").
 * @slot hint - A `<template slot="hint">` or `<div slot="hint">`, shown on "Show hint", one at a time, in order.
 * @slot solution - A `<script type="text/x-python" slot="solution">` (the reader can load it into the editor), or a
 *   `<template>` / `<div slot="solution">`, offered after a pass or after `solution-after` runs.
 *
 * @csspart toolbar - The row with the buttons and the status line.
 * @csspart run-button - Run, which becomes Stop while a run goes on.
 * @csspart reset-button - Reset: the original code back, the session forgotten, a kept edit (`persist`) cleared.
 * @csspart link-button - Copy link (with `share`): copies a link to the page that opens with the editor's code.
 * @csspart link-field - The link, shown to copy by hand when the clipboard refused it.
 * @csspart link-offer - A link's code offered to the reader (a link over a kept edit, or a fragment changed after
 *   load), with its two buttons.
 * @csspart link-offer-button - Loads the offered link's code into the editor.
 * @csspart link-dismiss-button - Dismisses the offer.
 * @csspart status - The status line (`role="status"`).
 * @csspart notice - In the status line: where the editor's code came from when not the page's (a link, a kept edit),
 *   until the reader runs it or resets.
 * @csspart editor - The code `<textarea>`.
 * @csspart console - The output log (`role="log"`).
 * @csspart copy-button - Copies the console's text.
 * @csspart clear-button - Empties the console.
 * @csspart input - The text field the console shows while the program waits in `input()`.
 * @csspart exercise - An exercise's area below the console: verdict, hint and solution.
 * @csspart verdict - The last check's verdict: an icon, "Passed" / "Not yet" / "Check broken", and its message.
 * @csspart hint-button - Show hint.
 * @csspart hint - A hint the reader revealed.
 * @csspart solution-button - Show solution / Hide solution.
 * @csspart solution - The solution, once shown.
 * @csspart load-solution-button - Loads a code solution into the editor.
 *
 * @cssproperty [--python-sandbox-font-family=the site's code font, else ui-monospace, …, monospace] - Monospace font
 *   of the editor and console. The site's: Material's, furo's, VitePress's, Docusaurus's or Starlight's.
 * @cssproperty [--python-sandbox-background=#ffffff (dark: #0d1117)] - Background of the element and the editor.
 * @cssproperty [--python-sandbox-color=#1f2328 (dark: #e6edf3)] - Text colour.
 * @cssproperty [--python-sandbox-muted=#656d76 (dark: #8d96a0)] - Secondary text: the status line, line numbers,
 *   placeholders.
 * @cssproperty [--python-sandbox-surface=#f6f8fa (dark: #161b22)] - Background of the toolbar and the console.
 * @cssproperty [--python-sandbox-border-color=#d0d7de (dark: #30363d)] - Borders and separators.
 * @cssproperty [--python-sandbox-accent=the site's accent, else #0969da (dark: #4493f8)] - The Run button, focus
 *   rings, typed input. The site's: Material's, furo's, VitePress's, Docusaurus's or Starlight's.
 * @cssproperty [--python-sandbox-accent-color=black or white, whichever reads better on the accent] - Text on the Run
 *   button.
 * @cssproperty [--python-sandbox-error=#cf222e (dark: #ff7b72)] - stderr, the Stop button (with black or white text,
 *   whichever reads better), an error status.
 * @cssproperty [--python-sandbox-success=#1a7f37 (dark: #3fb950)] - A passed exercise's verdict.
 * @cssproperty [--python-sandbox-radius=8px] - Corner radius.
 * @cssproperty [--python-sandbox-console-max-height=20em] - Height past which the console scrolls.
 * @cssproperty [--python-sandbox-keyword=#cf222e (dark: #ff7b72)] - Highlighted keywords.
 * @cssproperty [--python-sandbox-string=#0a3069 (dark: #a5d6ff)] - Highlighted strings.
 * @cssproperty [--python-sandbox-comment=#6e7781 (dark: #8b949e)] - Highlighted comments.
 * @cssproperty [--python-sandbox-number=#0550ae (dark: #79c0ff)] - Highlighted numbers, `True`, `False`, `None`.
 * @cssproperty [--python-sandbox-definition=#8250df (dark: #d2a8ff)] - Highlighted names of defined functions and
 *   classes.
 * @cssproperty [--python-sandbox-property=#953800 (dark: #ffa657)] - Highlighted attribute names.
 *
 * @cssstate ready - The pool can run code.
 * @cssstate running - A run is going on.
 * @cssstate error - The last run ended with an error, a timeout, a stop or a crash.
 */
export class PythonSandbox extends LitElement {
  static override styles = [styles, exerciseStyles, errorMarkStyles];

  static override properties = {
    timeout: { converter: integerAttribute('timeout', 5000) },
    session: { type: String },
    runEarlier: { attribute: 'run-earlier', converter: booleanAttribute },
    readonly: { converter: booleanAttribute, reflect: true },
    autorun: { converter: booleanAttribute },
    preload: { converter: preloadAttribute },
    theme: { converter: themeAttribute, reflect: true },
    indexUrl: { attribute: 'index-url' },
    packages: { converter: packagesAttribute },
    poolSize: { attribute: 'pool-size', converter: integerAttribute('pool-size') },
    memoryLimit: { attribute: 'memory-limit', converter: integerAttribute('memory-limit') },
    outputLimit: { attribute: 'output-limit', converter: integerAttribute('output-limit') },
    label: { type: String },
    setup: { type: String },
    solutionAfter: { attribute: 'solution-after', converter: integerAttribute('solution-after', 3) },
    persist: { converter: booleanAttribute },
    share: { converter: booleanAttribute },
    files: { attribute: false },
    stdin: { attribute: false },
    code: {},
  };

  static {
    // Frameworks set properties, often to the attribute's text (React 19, Vue, MDX): `el.timeout = "3000"`.
    readPropertySetsAsAttributes(this.prototype, this.properties);
  }

  /** Milliseconds a run may execute before it is killed; `0` = no limit. */
  declare timeout: number;
  /**
   * Elements with the same session name share interpreter state, like notebook cells. When a timeout or Stop loses
   * the interpreter, the next run first replays the session's earlier runs, output hidden, to restore it.
   */
  declare session: string | undefined;
  /**
   * With `session`: running a cell first runs the cells of its session above it (document order) that have not run
   * yet, each in its own console. On any cell of a session, it applies to all of them.
   */
  declare runEarlier: boolean;
  /** The editor cannot be edited; Run still works. */
  declare readonly: boolean;
  /** Run the code once, as soon as the pool is ready. */
  declare autorun: boolean;
  /**
   * When to boot the interpreter pool: `visible` (near the viewport, or when Run is hovered or focused), `eager`
   * (at once) or `none` (on the first run).
   * @type {'visible' | 'eager' | 'none'}
   */
  declare preload: Preload;
  /**
   * `auto` (default) follows the page: the `color-scheme` it declares where the element sits (docs generators switch
   * it with their theme), else the background behind it. `light` or `dark` fixes it.
   * @type {'auto' | 'light' | 'dark'}
   */
  declare theme: Theme;
  /**
   * Where Pyodide's files live (a folder URL; the same Pyodide version). Default: `configure({ indexURL })`, else
   * `pyodide/` beside the library's module.
   */
  declare indexUrl: string | undefined;
  /** Pyodide packages loaded before the first run: names from index-url's lock file, or wheel URLs. */
  declare packages: string[] | undefined;
  /** Spare interpreters kept booted, and the most runs at once (1–16). Default 2. */
  declare poolSize: number | undefined;
  /** Wasm memory an interpreter may grow to, in MiB (64–4096); past it Python gets `MemoryError`. Default 256. */
  declare memoryLimit: number | undefined;
  /** Characters of stdout + stderr kept per run; the rest is dropped and the result says `truncated`. Default 1e6. */
  declare outputLimit: number | undefined;
  /** Accessible name of the editor. Default "Python code". */
  declare label: string | undefined;
  /**
   * The `id` of a `<script type="text/x-python">` on the page to run as setup before each run (once per interpreter
   * in a `session`), so several elements share one; runs before the `setup` slot's. An id that names nothing warns.
   */
  declare setup: string | undefined;
  /** For an exercise with a solution: runs after which "Show solution" is offered (0–1000); a pass offers it at once. Default 3. */
  declare solutionAfter: number;
  /**
   * Keep the reader's edit in this site's `localStorage`, per page and element (by `id`, else by the original code),
   * and restore it when the page is opened again; Reset clears it.
   */
  declare persist: boolean;
  /**
   * Show a "Copy link" button that copies the page's URL with the editor's code in its fragment, and take code from
   * such a link when it names this element. Needs an `id`. Code from a link never runs by itself; over a kept edit, or
   * after load, it is offered and loads only on the reader's click.
   */
  declare share: boolean;
  /** Files written into the working directory before each run. */
  declare files: Record<string, string | Uint8Array> | undefined;
  /** Text `input()` reads before asking the user; default: the `stdin` slot's text. */
  declare stdin: string | undefined;
  /**
   * The program in the editor. Also an attribute, for frameworks that pass strings as attributes (MDX); on a page, a
   * child `<script type="text/x-python">` keeps the code's indentation and `<` as written.
   */
  declare code: string;

  /** The result of the last run that ended. */
  lastResult: RunResult | undefined;

  // Lit calls the controllers' hooks in the order they are made: the editor's come first (its colours follow the
  // lines in view), and the input field's after the console's, whose follower it moves.
  private readonly internals = this.attachInternals();
  private readonly status = new StatusLine(this);
  private readonly editor = new EditorView(this, (code) => this.editorCode.edit(code), () => {
    this.requestUpdate();
    // Now, inside the caller's turn in the render queue, not in a microtask after it; a first render waits its turn.
    if (this.hasUpdated) this.performUpdate();
  });
  private readonly exercise = new ExerciseController(this, (code) => this.editorCode.load(code));
  private readonly poolController = new PoolController(this, () => this.runs.poolReady());
  private readonly editorCode = new EditorCode(this, this.status, () => this.renderRoot.querySelector('.link__field'));
  private readonly console = new ConsoleController(this, this.status, (line) => this.editor.errorMark.goToLine(line));
  private readonly input = new InputController(this, this.status, this.console);
  private readonly runs = new RunController(this, {
    states: this.internals.states, status: this.status, output: this.console.output, pool: this.poolController,
    exercise: this.exercise, errorMark: this.editor.errorMark, input: this.input, code: this.editorCode,
  });
  private readonly preloading = new PreloadController(this, this.poolController, () => this.runs.sayLoading());

  constructor() {
    super();
    this.timeout = 5000;
    this.readonly = false;
    this.autorun = false;
    this.runEarlier = false;
    this.persist = false;
    this.share = false;
    this.preload = 'visible';
    this.theme = 'auto';
    this.solutionAfter = 3;
    new PageSchemeController(this, this.internals.states); // the host holds it, as it holds every controller
    this.code = '';
  }

  /** Runs `code` (default: the editor's) and resolves with the runtime's result. */
  async run(code: string = this.code): Promise<RunResult> {
    if (typeof code !== 'string') throw new TypeError(`<python-sandbox>: run() takes a string of Python, got ${typeof code}`);
    return this.runs.run(code);
  }

  /** Stops the current run, if any. */
  stop(): void {
    this.runs.stop();
  }

  /** Puts the original code back and starts the session (if any) afresh. */
  reset(): void {
    this.stop();
    this.editorCode.reset();
    this.exercise.reset();
    if (this.session && this.poolController.leased) this.poolController.pool().session(this.session).reset();
    this.clear();
  }

  /** Empties the console (and takes the last error's mark off the editor). */
  clear(): void {
    this.editor.errorMark.clear();
    this.console.clear();
  }

  /** Whether a run is going on (read-only). */
  get running(): boolean {
    return this.runs.running;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.editorCode.willUpdate(changed);
  }

  /**
   * The first render waits for the code a link gives this element (decompressing is asynchronous), then takes its turn
   * with the page's other elements (render-queue.ts); later renders are Lit's own.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (this.hasUpdated) return super.scheduleUpdate();
    const link = this.editorCode.link.pending;
    const render = () => elementWork.run(() => super.scheduleUpdate());
    return link ? link.then(render) : render();
  }

  protected override render() {
    const { link } = this.editorCode;
    return html`
      ${renderToolbar({
        running: this.running,
        loading: this.running && !this.internals.states.has('ready'),
        status: this.status,
        announcement: this.editor.errorMark.renderAnnouncement(),
        canCopyLink: link.available,
        refusedLink: link.shown?.code === this.code ? link.shown.link : undefined,
        onRun: this.runs.toggle,
        onWarmUp: this.preloading.warmUp,
        onReset: () => this.reset(),
        onCopyLink: this.editorCode.copyLink,
        linkOffered: link.offered !== undefined,
        onLoadOffer: this.editorCode.acceptOffer,
        onDismissOffer: this.editorCode.dismissOffer,
      })}
      ${this.editor.render()}
      ${this.console.render(this.input)}
      ${renderExercise(this.exercise)}
    `;
  }
}
