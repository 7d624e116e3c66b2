import { LitElement, type PropertyValues, html, nothing } from 'lit';
import { SandboxCheckEvent } from '../events/sandbox-check.ts';
import { ifDefined } from 'lit/directives/if-defined.js';
import { SandboxCompleteEvent } from '../events/sandbox-complete.ts';
import { SandboxOutputEvent } from '../events/sandbox-output.ts';
import { SandboxReadyEvent } from '../events/sandbox-ready.ts';
import { SandboxStartEvent } from '../events/sandbox-start.ts';
import { SandboxTimeoutEvent } from '../events/sandbox-timeout.ts';
import { stoppedResult } from '../runtime/session-history.ts';
import type { DisplayOutput, ReplayProgress, RunResult, Stream } from '../runtime/types.ts';
import {
  type Preload, type Theme, booleanAttribute, integerAttribute, packagesAttribute, preloadAttribute,
  readPropertySetsAsAttributes, themeAttribute,
} from './attribute-converters.ts';
import { codeFromLightDom, stdinFromLightDom } from './code-source.ts';
import { ConsoleBuffer } from './console-buffer.ts';
import { markRan, runEarlierCells, unmarkRan } from './earlier-cells.ts';
import { EditorColouring, renderColourLayer } from './editor-colouring.ts';
import { handleEditorKey } from './editor-keys.ts';
import { VisibleLines } from './visible-lines.ts';
import { PageSchemeController } from './page-scheme.ts';
import { PoolController } from './pool-controller.ts';
import { elementWork } from './render-queue.ts';
import { styles } from './python-sandbox.styles.ts';
import { describeResult } from './status-text.ts';
import { PersistedCode } from './persisted-code.ts';
import { CodeLink } from './code-link.ts';
import { type StartingCode, startingCode } from './starting-code.ts';
import { HtmlFrameSizer } from './html-frame.ts';
import { ConsoleFollower, renderBlocks } from './console-view.ts';
import { ExerciseController } from './exercise-controller.ts';
import { exerciseStyles } from './exercise.styles.ts';
import { renderExercise } from './exercise-view.ts';
import { ErrorMarkController } from './error-mark.ts';
import { errorMarkStyles } from './error-mark.styles.ts';
import { appendTraceback, linkedLine } from './traceback-links.ts';

/** `numpy`, or a wheel's file name without its version tags. */
const packageLabel = (name: string) => name.includes('/') ? name.slice(name.lastIndexOf('/') + 1).split('-')[0] : name;

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
 *   `expect_output()`, `assert`, `reader` (see the README's "Exercises").
 * @slot hint - A `<template slot="hint">` or `<div slot="hint">`, shown on "Show hint", one at a time, in order.
 * @slot solution - A `<script type="text/x-python" slot="solution">` (the reader can load it into the editor), or a
 *   `<template>` / `<div slot="solution">`, offered after a pass or after `solution-after` runs.
 *
 * @csspart toolbar - The row with the buttons and the status line.
 * @csspart run-button - Run, which becomes Stop while a run goes on.
 * @csspart reset-button - Reset: the original code back, the session forgotten, a kept edit (`persist`) cleared.
 * @csspart link-button - Copy link (with `share`): copies a link to the page that opens with the editor's code.
 * @csspart link-field - The link, shown to copy by hand when the clipboard refused it.
 * @csspart status - The status line (`role="status"`).
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
    busy: { state: true },
    waitingForInput: { state: true },
    status: { state: true },
    notice: { state: true },
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
   * such a link when it names this element. Needs an `id`. Code from a link never runs by itself.
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
  /** Backs the read-only `running`. */
  private declare busy: boolean;
  private declare status: string;
  /** Said after the status: where the editor's code came from, when not the original (a kept edit, a link). */
  private declare notice: string;
  /** Set while the program waits in `input()` for a line the user types in the console. */
  private declare waitingForInput: { prompt: string; answer: (line: string | null) => void } | undefined;

  /** The result of the last run that ended. */
  lastResult: RunResult | undefined;

  private readonly internals = this.attachInternals();
  private readonly output = new ConsoleBuffer(() => this.requestUpdate());
  private readonly follower = new ConsoleFollower(() => this.renderRoot.querySelector('.console'));
  private readonly frameSizer = new HtmlFrameSizer();
  private readonly visibleLines = new VisibleLines(
    this,
    () => this.code,
    () => this.renderRoot.querySelector('.editor__input'),
  );
  private readonly colouring = new EditorColouring(this, () => this.code, () => this.visibleLines.range);
  // Loading the solution is an edit: Reset still puts the original code back.
  private readonly exercise = new ExerciseController(this, (code) => (this.code = this.editedCode = code));
  private readonly errorMark = new ErrorMarkController(this, () => this.code, () => ({
    textarea: this.renderRoot.querySelector('.editor__input'),
    gutter: this.renderRoot.querySelector('.editor__gutter'),
    area: this.renderRoot.querySelector('.editor__area'),
  }));
  private readonly poolController = new PoolController(
    this,
    () => ({
      indexURL: this.indexUrl,
      size: this.poolSize,
      memoryLimitMiB: this.memoryLimit,
      outputLimit: this.outputLimit,
      packages: this.packages,
    }),
    () => {
      this.internals.states.add('ready');
      if (!this.running && !this.lastResult) this.status = 'Ready';
      this.dispatchEvent(new SandboxReadyEvent());
      // The author's code only: not an edit kept from an earlier visit, nor code from a link.
      if (this.autorun && !this.lastResult && !this.running && this.code === this.originalCode) void this.run();
    },
  );
  /** What Reset puts back: the code given from outside (the tag's content, a property set), never an edit. */
  private originalCode = '';
  /** The editor's last edit, to tell it from a property set. */
  private editedCode: string | undefined;
  private abort: AbortController | undefined;
  private readonly persisted = new PersistedCode(this, () => this.persist && !this.readonly);
  private readonly codeLink = new CodeLink(
    this,
    () => this.share && !this.readonly,
    (linked) => this.start(startingCode(this.originalCode, this.persisted.read(this.originalCode), linked)),
    () => this.renderRoot.querySelector('.link__field'),
  );
  private visibility: IntersectionObserver | undefined;

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
    this.busy = false;
    this.status = 'Loading Python…';
    this.notice = '';
  }

  private get loadingText(): string {
    return this.packages?.length ? `Loading Python and ${this.packages.map(packageLabel).join(', ')}…` : 'Loading Python…';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasUpdated && !this.code) this.code = codeFromLightDom(this);
    if (!this.hasUpdated && this.stdin === undefined) this.stdin = stdinFromLightDom(this);
    window.addEventListener('message', this.onFrameMessage);
    // Properties set before the element upgraded reach it only at its first update (Lit keeps them until then), so
    // how to boot is decided after it. That is still after the current script: `import 'python-sandbox/define.js'`
    // upgrades elements before the importing module's own code runs, and that code may call configure({ indexURL }).
    void this.updateComplete.then(() => this.isConnected && this.prepareToRun());
  }

  private prepareToRun(): void {
    if (!this.running && !this.internals.states.has('ready')) {
      this.status = this.preload === 'none' && !this.poolController.leased ? 'Python loads on first run' : this.loadingText;
    }
    if (this.preload === 'eager' || this.autorun) this.poolController.pool();
    else if (this.preload === 'visible') this.bootWhenVisible();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('message', this.onFrameMessage);
    this.visibility?.disconnect();
    this.waitingForInput?.answer(null); // nobody can type into a detached element: the program sees end of file
    this.internals.states.delete('ready');
  }

  /** Runs `code` (default: the editor's) and resolves with the runtime's result. */
  async run(code: string = this.code): Promise<RunResult> {
    if (typeof code !== 'string') throw new TypeError(`<python-sandbox>: run() takes a string of Python, got ${typeof code}`);
    if (!code.trim()) return this.runNothing(code);
    this.stop();
    const abort = (this.abort = new AbortController());
    const pool = this.poolController.pool();
    this.clear();
    this.notice = '';
    this.setRunning(true);
    this.status = this.internals.states.has('ready') ? 'Running…' : this.loadingText;
    this.dispatchEvent(new SandboxStartEvent(code));
    const exercise = this.exercise.beforeRun();
    const options = {
      ...(this.session ? {} : { setup: exercise.setups.join('\n') }),
      check: exercise.check,
      timeout: this.timeout,
      files: this.files,
      stdin: this.stdin,
      signal: abort.signal,
      onOutput: (stream: Stream, text: string) => {
        this.output.append(stream, text);
        this.dispatchEvent(new SandboxOutputEvent(stream, text));
      },
      onDisplay: (output: DisplayOutput) => {
        this.output.appendDisplay(output);
        this.dispatchEvent(new SandboxOutputEvent('display', '', output));
      },
      onInput: (prompt: string) => new Promise<string | null>((resolve) => {
        this.status = 'Waiting for input…';
        this.waitingForInput = {
          prompt,
          answer: (line) => {
            this.waitingForInput = undefined;
            if (line !== null) this.output.append('stdin', line + '\n');
            this.status = 'Running…';
            resolve(line);
          },
        };
      }),
      onReplay: (progress: ReplayProgress) => {
        if (progress.state === 'failed') this.output.note(progress.note);
        else this.status = `Restoring the session (run ${progress.run} of ${progress.runs})…`;
      },
    };
    let result: RunResult;
    const session = this.session ? this.exercise.session(pool, this.session, exercise.setups) : undefined;
    try {
      if (!session) result = await pool.run(code, options);
      else {
        markRan(session, this);
        const stopped = await runEarlierCells(this, session, abort.signal, (index, count) => {
          this.status = `Running the cells above first (${index} of ${count})…`;
        });
        this.status = this.internals.states.has('ready') ? 'Running…' : this.loadingText;
        result = stopped ? stoppedResult() : await session.run(code, options);
        if (result.status === 'stopped') unmarkRan(session, this);
      }
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
    this.finish(result, code);
    return result;
  }

  /** Stops the current run, if any. */
  stop(): void {
    this.abort?.abort();
  }

  /** Puts the original code back and starts the session (if any) afresh. */
  reset(): void {
    this.stop();
    this.code = this.originalCode;
    this.exercise.reset();
    this.notice = '';
    this.persisted.clear(this.originalCode);
    if (this.session && this.poolController.leased) this.poolController.pool().session(this.session).reset();
    this.clear();
  }

  /** Empties the console (and takes the last error's mark off the editor). */
  clear(): void {
    this.errorMark.clear();
    this.output.clear();
    this.follower.reset();
  }

  /** Empty code boots nothing and says so in the console, rather than finish silently; the run is `ok`. */
  private runNothing(code: string): RunResult {
    this.stop();
    this.clear();
    this.dispatchEvent(new SandboxStartEvent(code));
    this.output.note('No code to run.');
    const result: RunResult = { status: 'ok', stdout: '', stderr: '', outputs: [], files: {}, truncated: false, durationMs: 0 };
    this.finish(result, code);
    this.status = 'No code to run';
    return result;
  }

  private finish(result: RunResult, code: string): void {
    this.waitingForInput?.answer(null);
    this.lastResult = result;
    if (result.error?.origin === 'setup') this.output.note("Setup failed: the page's setup code raised an error before your code ran.");
    if (result.status === 'error' && result.error) {
      appendTraceback(this.output, result.error, code === this.code);
      // A setup's error is not in the reader's code: nothing to mark in the editor.
      if (result.error.origin === undefined) this.errorMark.show(code, result.error);
    }
    if (result.check?.error) {
      this.output.note("The exercise's check is broken (a problem of the page, not of your code):");
      this.output.append('stderr', result.check.error.traceback);
    }
    if (result.status === 'crashed' && result.error) this.output.append('stderr', result.error.message + '\n');
    if (result.truncated) this.output.noteTruncated();
    this.output.flush();
    this.setRunning(false);
    this.status = this.exercise.afterRun(result) ?? describeResult(result, this.timeout);
    this.internals.states[result.status === 'ok' || result.status === 'exit' ? 'delete' : 'add']('error');
    if (result.status === 'timeout') this.dispatchEvent(new SandboxTimeoutEvent(this.timeout));
    if (result.check) this.dispatchEvent(new SandboxCheckEvent(result.check));
    this.dispatchEvent(new SandboxCompleteEvent(result));
  }

  /** Whether a run is going on (read-only). */
  get running(): boolean {
    return this.busy;
  }

  private setRunning(running: boolean): void {
    this.busy = running;
    this.internals.states[running ? 'add' : 'delete']('running');
  }

  private bootWhenVisible(): void {
    if (this.poolController.leased) return;
    this.visibility ??= new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          this.visibility?.disconnect();
          this.poolController.pool();
        }
      },
      { rootMargin: '200px' },
    );
    this.visibility.observe(this);
  }

  private readonly onRunClick = () => {
    if (this.running) this.stop();
    else void this.run();
  };

  private readonly onInput = (event: Event) => this.edit((event.target as HTMLTextAreaElement).value);

  private edit(code: string): void {
    this.code = this.editedCode = code;
    this.persisted.edited(code, this.originalCode);
  }

  /** Shows a kept edit or a link's code instead of the original. */
  private start(starting: StartingCode | undefined): void {
    if (!starting) return;
    this.code = this.editedCode = starting.code;
    this.notice = starting.notice;
    if (!starting.link) return;
    this.persisted.loadedFromLink(starting.code, this.originalCode, starting.link.tag);
    void this.updateComplete.then(() => this.scrollIntoView({ block: 'nearest' }));
  }

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      if (!this.running) void this.run();
      return;
    }
    if (!this.readonly) handleEditorKey(event, event.target as HTMLTextAreaElement, (code) => this.edit(code));
  };

  /** Enter sends the line to the program; Ctrl+D (as in a terminal) sends end of file. */
  private readonly onInputKey = (event: KeyboardEvent) => {
    const field = event.target as HTMLInputElement;
    if (event.key === 'Enter') this.waitingForInput?.answer(field.value);
    else if (event.key === 'd' && event.ctrlKey) this.waitingForInput?.answer(null);
    else return;
    event.preventDefault();
  };

  protected override firstUpdated(): void {
    this.follower.observe(this.renderRoot.querySelector('.console__lines')!);
  }

  protected override updated(changed: PropertyValues): void {
    if (!changed.has('waitingForInput')) return;
    this.follower.follow(); // the input field, below the lines
    if (this.waitingForInput) {
      this.renderRoot.querySelector<HTMLInputElement>('.console__input')?.focus({ preventScroll: true });
    }
  }

  private readonly onFrameMessage = (event: MessageEvent) =>
    this.frameSizer.onMessage(event, () => this.renderRoot.querySelectorAll<HTMLIFrameElement>('.console__html'));

  private readonly onWarmUp = () => {
    if (this.preload !== 'none') this.poolController.pool();
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('code') && typeof this.code !== 'string') {
      console.warn(`<python-sandbox>: code must be a string, got ${typeof this.code}; using "".`);
      this.code = '';
    }
    if (!this.hasUpdated || (changed.has('code') && this.code !== this.editedCode)) this.originalCode = this.code;
    if (!this.hasUpdated) {
      this.start(startingCode(this.originalCode, this.persisted.read(this.originalCode), this.codeLink.takeInitial()));
    }
  }

  /**
   * The first render waits for the code a link gives this element (decompressing is asynchronous), then takes its turn
   * with the page's other elements (render-queue.ts); later renders are Lit's own.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (this.hasUpdated) return super.scheduleUpdate();
    const link = this.codeLink.pending;
    const render = () => elementWork.run(() => super.scheduleUpdate());
    return link ? link.then(render) : render();
  }

  private readonly onEditorScroll = (event: Event) => {
    const textarea = event.target as HTMLTextAreaElement;
    const layer = this.renderRoot.querySelector<HTMLElement>('.editor__colours');
    if (layer) layer.style.transform = `translate(${-textarea.scrollLeft}px, ${-textarea.scrollTop}px)`;
    this.errorMark.followScroll(textarea);
    this.visibleLines.onScroll();
  };

  private readonly copyLink = async () => {
    this.status = await this.codeLink.copy(this.code);
  };

  private readonly onConsoleClick = (event: Event) => {
    const line = linkedLine(event);
    if (line !== undefined) this.errorMark.goToLine(line);
  };

  private async copyOutput(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.output.text());
      this.status = 'Output copied';
    } catch {
      this.status = 'Copying needs clipboard permission';
    }
  }

  protected override render() {
    const lineNumbers = this.visibleLines.lineNumbers();
    const loading = this.running && !this.internals.states.has('ready');
    return html`
      <div class="toolbar" part="toolbar">
        <button class="toolbar__run" part="run-button" @click=${this.onRunClick} @pointerenter=${this.onWarmUp}
          @focus=${this.onWarmUp} aria-keyshortcuts="Control+Enter">${this.running ? 'Stop' : 'Run'}</button>
        <button class="toolbar__reset" part="reset-button" @click=${() => this.reset()}>Reset</button>
        ${this.codeLink.available ? html`<button class="toolbar__link" part="link-button"
          @click=${this.copyLink}>Copy link</button>` : nothing}
        <span class="toolbar__status" part="status" role="status">${loading
          ? html`<progress class="toolbar__progress" aria-label="Loading Python"></progress>` : nothing}${this.status}${
          this.notice ? ` · ${this.notice}` : nothing}${this.errorMark.renderAnnouncement()}</span>
      </div>
      ${this.codeLink.shown?.code === this.code ? html`<div class="link"><input class="link__field" part="link-field"
        readonly aria-label="Link to this code" .value=${this.codeLink.shown.link}></div>` : nothing}
      <div class="editor ${this.colouring.layer ? 'editor--coloured' : ''}">
        <div class="editor__gutter" aria-hidden="true" style="--first-line: ${lineNumbers.first}; --digits: ${
          String(this.visibleLines.lineCount).length}">${lineNumbers.text}${this.errorMark.renderGutter()}</div>
        <div class="editor__area">${this.errorMark.renderLayers()}
          <pre class="editor__colours" aria-hidden="true">${this.colouring.layer
            ? renderColourLayer(this.colouring.layer) : nothing}${'\n'}</pre>
          <textarea class="editor__input" part="editor" spellcheck="false" autocapitalize="off" autocomplete="off"
            aria-label=${this.label ?? 'Python code'} aria-describedby=${ifDefined(this.errorMark.describedBy)}
            .value=${this.code} ?readonly=${this.readonly}
            rows=${Math.max(3, this.visibleLines.lineCount)} @input=${this.onInput} @keydown=${this.onKeyDown} @scroll=${this.onEditorScroll}></textarea>
        </div>
      </div>
      <div class="output">
        <div class="output__actions">
          <button class="output__copy" part="copy-button" @click=${() => this.copyOutput()}>Copy</button>
          <button class="output__clear" part="clear-button" @click=${() => this.clear()}>Clear</button>
        </div>
        <div class="console" part="console" role="log" aria-label="Output" tabindex="0" @click=${this.onConsoleClick}
          @scroll=${this.follower.onScroll} @wheel=${this.follower.onUserInput} @touchmove=${this.follower.onUserInput}
          @keydown=${this.follower.onKeyDown} @pointerdown=${this.follower.onPointerDown}>${this.output.hidden
          ? html`<div class="console__hidden">${this.output.hidden.toLocaleString()} earlier characters hidden</div>`
          : nothing}<div class="console__lines">${renderBlocks(this.output.blocks)}</div>${
          this.waitingForInput ? html`<input class="console__input" part="input" autocomplete="off" spellcheck="false"
            aria-label=${this.waitingForInput.prompt.trim() || 'Input for the program'} @keydown=${this.onInputKey}>` : nothing}</div>
      </div>
      ${renderExercise(this.exercise)}
    `;
  }
}
