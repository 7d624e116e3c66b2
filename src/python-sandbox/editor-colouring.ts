import { type ReactiveController, type ReactiveControllerHost, html } from 'lit';
import type { PythonHighlighter, PythonTree, Token } from './highlight.ts';
import { elementWork } from './render-queue.ts';
import { type LineRange, lineStart } from './visible-lines.ts';

/**
 * Programs longer than this are shown uncoloured. Lezer parses the whole program again after each keystroke: at this
 * length a keystroke cost 0.1 s (a real program) to 0.16 s (`a,` repeated, its worst case) on a busy 2-core machine,
 * and 2 MB took 0.65 s and 2.4 s to parse.
 */
export const MAX_COLOURED_CHARS = 100_000;
/** Coloured runs the layer holds at most; past them the text is plain (only lines of thousands of tokens get there). */
export const MAX_COLOURED_SPANS = 3_000;

/** The highlighter, imported once per page by the first editor that needs it. */
let highlighter: Promise<PythonHighlighter> | undefined;
/** The highlighter once it has loaded: an editor rendered for the first time after that is coloured in that render. */
let loadedHighlighter: PythonHighlighter | undefined;

/** Loads the page's highlighter (once); rejects when its chunks cannot be fetched. */
export function loadHighlighter(): Promise<PythonHighlighter> {
  highlighter ??= import('./highlight.ts').then((module) => module.loadPythonHighlighter())
    .then((loaded) => (loadedHighlighter = loaded));
  return highlighter;
}

/** The layer behind the textarea: the whole code, coloured in `tokens`, plain before and after them. */
export interface ColourLayer {
  before: string;
  tokens: Token[];
  after: string;
}

/**
 * Colours the editor's code behind its transparent textarea. A span per token froze the page for seconds on large
 * code (256 KB of `a,`: 262 144 spans, 7.8 s), so only the lines near the view get spans; the rest of the layer is
 * plain text, which keeps it aligned with the textarea.
 */
export class EditorColouring implements ReactiveController {
  /** What the layer shows; undefined while the editor is uncoloured (highlighter loading or failed, code too long). */
  layer: ColourLayer | undefined;
  private module: PythonHighlighter | undefined;
  private code: string | undefined;
  private tree: PythonTree | undefined;
  private lines: LineRange | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly currentCode: () => string,
    private readonly visibleLines: () => LineRange,
    /** Renders the host at once: colouring in its turn in the render queue is colouring and rendering there. */
    private readonly renderNow: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    loadHighlighter().then(
      // Colouring parses the code: the editors of a long page take turns (render-queue.ts) rather than all being
      // coloured in the task that loads the highlighter.
      (module) => void elementWork.run(() => this.adopt(module))?.catch(() => {}),
      () => {}, // no colours, still an editor
    );
  }

  private adopt(module: PythonHighlighter): void {
    if (this.module) return;
    this.module = module;
    this.code = undefined; // colour what is there now, in this turn, and render it in this turn too
    this.renderNow();
  }

  /** Before each render: colours new code, and code that scrolled into view. */
  hostUpdate(): void {
    if (!this.module && loadedHighlighter) {
      this.module = loadedHighlighter;
      this.code = undefined;
    }
    const code = this.currentCode();
    const lines = this.visibleLines();
    if (code === this.code && lines === this.lines) return;
    if (code !== this.code) {
      this.tree = this.module && code.length <= MAX_COLOURED_CHARS ? this.module.parsePython(code) : undefined;
    }
    this.code = code;
    this.lines = lines;
    if (!this.tree || !this.module) {
      this.layer = undefined;
      return;
    }
    const from = lineStart(code, lines.first);
    const to = lineStart(code, lines.last + 1);
    this.layer = {
      before: code.slice(0, from),
      tokens: this.module.highlightPython(code, this.tree, from, to, MAX_COLOURED_SPANS),
      after: code.slice(to),
    };
  }
}

export const renderColourLayer = (layer: ColourLayer) => html`${layer.before}${layer.tokens.map(([text, classes]) =>
  classes ? html`<span class=${classes}>${text}</span>` : text)}${layer.after}`;
