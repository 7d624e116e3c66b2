import type { PythonSandbox } from '../python-sandbox/python-sandbox.ts';
import { loadHighlighter } from '../python-sandbox/editor-colouring.ts';
import { type BlockBox, claimed, isMarked, measure, outerWrapper, setClaimed, wrappersFrom } from './block-dom.ts';
import { applyOptions, dataOptions, splitOptionLines } from './block-options.ts';
import { isLineNumberColumn, readCodeText } from './code-text.ts';
import { SessionPackages } from './session-packages.ts';

export interface UpgradeOptions {
  /**
   * What marks a block, besides a first line `#| sandbox`: a CSS selector matched by the `<pre>`, its `<code>`, or a
   * wrapper up to three levels up. Default `.python-sandbox`; `.language-python` would take every Python block of
   * Material, VitePress and Docusaurus.
   */
  selector?: string;
}

/** What `upgradeCodeBlocks()` found, and control over the blocks still waiting. */
export interface UpgradeHandle {
  /** Marked blocks found by this call that are not sandboxes yet: they wait to come within a screen of the viewport. */
  readonly pending: number;
  /** The `<python-sandbox>` elements made from this call's blocks so far, in the order they were made. */
  readonly sandboxes: readonly PythonSandbox[];
  /** Upgrades every pending block now, in this task, and returns the elements made. */
  flush(): PythonSandbox[];
  /** Leaves this call's pending blocks as code blocks; a later call may take them. Sandboxes made stay. */
  disconnect(): void;
}

/**
 * Main-thread time one batch of upgrades may take, first renders included, before it yields. The style and layout of
 * what a batch added come in the next frame, and cost more than the batch: on a 2-core machine an 8 ms batch was
 * followed by 45–60 ms of style (the first batch builds the element's style rules too), 4 ms ones stayed under 50.
 * One batch per frame keeps both tasks short.
 */
const BATCH_BUDGET_MS = 4;

/**
 * Turns the code blocks under `root` that the author marked into `<python-sandbox>` elements: a `<pre>` whose code
 * starts with the line `#| sandbox`, or which (or whose `<code>`, or a wrapper up to three levels up) matches
 * `options.selector` (default `.python-sandbox`). Leading `#| key: value` lines (`session`, `timeout`, `packages`,
 * `autorun`, `readonly`, `preload`, `persist`) and `data-key` attributes on the block or its wrappers set the
 * element's attributes; the `#|` lines are left out of the code.
 *
 * Blocks are found now and upgraded as they come within a screen of the viewport, a few per task. Each element takes
 * the place of the block's outermost generator wrapper (Material's `div.highlight`, Sphinx's `div.highlight-python`,
 * VitePress's `div.language-python`, Docusaurus's `div.theme-code-block`, Expressive Code's `div.expressive-code`),
 * with that wrapper's vertical margins and at least its height. The wrapper stays in the DOM, hidden, since a
 * framework that rendered it may still hold it. Registering `<python-sandbox>` is the page's part (`define.js`, or
 * `auto.js`, which also calls this for content added later).
 */
export function upgradeCodeBlocks(root: ParentNode = document, options: UpgradeOptions = {}): UpgradeHandle {
  const selector = options.selector ?? '.python-sandbox';
  const owner = (root as Node).ownerDocument ?? (root as Document);
  let upgrader = upgraders.get(owner);
  if (!upgrader) upgraders.set(owner, (upgrader = new CodeBlockUpgrader(owner)));
  return upgrader.scan(root, selector);
}

/**
 * Removes the sandbox that stands in for `node` when `node` has left the document: a framework re-rendered the code
 * block it hid, and the new block gets a sandbox of its own.
 */
export function removeSandboxOf(node: Node): void {
  const owner = node.ownerDocument;
  if (owner && node.nodeType === Node.ELEMENT_NODE) upgraders.get(owner)?.forget(node as Element);
}

/** One per document: blocks of every call share one IntersectionObserver and one queue. */
const upgraders = new WeakMap<Document, CodeBlockUpgrader>();

interface Block {
  readonly pre: Element;
  /** What the sandbox replaces: the pre, or its outermost generator wrapper. */
  readonly target: HTMLElement;
  readonly handle: Handle;
  /** Measured as it comes near the viewport, where layout is fresh. */
  box?: BlockBox;
}

class Handle implements UpgradeHandle {
  readonly blocks = new Set<Block>();
  readonly sandboxes: PythonSandbox[] = [];

  constructor(private readonly upgrader: CodeBlockUpgrader) {}

  get pending(): number {
    for (const block of this.blocks) if (!block.target.isConnected) this.upgrader.release(block);
    return this.blocks.size;
  }

  flush(): PythonSandbox[] {
    return [...this.blocks].flatMap((block) => this.upgrader.upgrade(block) ?? []);
  }

  disconnect(): void {
    for (const block of this.blocks) this.upgrader.release(block);
  }
}

class CodeBlockUpgrader {
  /** Blocks waiting to come near the viewport, by the element observed. */
  private readonly waiting = new Map<Element, Block>();
  /** Blocks near the viewport, in the order they came. */
  private readonly due: Block[] = [];
  /** Each hidden block's sandbox. */
  private readonly standIns = new WeakMap<Element, PythonSandbox>();
  private readonly warned = new Set<string>();
  private readonly sessionPackages = new SessionPackages();
  private nearViewport: IntersectionObserver | undefined;
  private batchScheduled = false;
  private highlighter: Promise<unknown> | undefined;

  constructor(private readonly document: Document) {}

  scan(root: ParentNode, selector: string): Handle {
    for (const block of this.waiting.values()) if (!block.target.isConnected) this.release(block);
    const handle = new Handle(this);
    const pres: Element[] = [...root.querySelectorAll('pre')];
    if (root instanceof Element && root.localName === 'pre') pres.unshift(root);
    for (const pre of pres) {
      if (claimed(pre) || isLineNumberColumn(pre) || pre.closest('python-sandbox') || !isMarked(pre, selector)) continue;
      setClaimed(pre, true);
      const block: Block = { pre, target: outerWrapper(pre, selector), handle };
      this.sessionPackages.note(pre, block.target);
      handle.blocks.add(block);
      this.waitFor(block);
    }
    return handle;
  }

  /** Makes the block's sandbox now; `undefined` if the block left the document first. */
  upgrade(block: Block): PythonSandbox | undefined {
    const { pre, target, handle } = block;
    this.waiting.delete(target);
    this.nearViewport?.unobserve(target);
    handle.blocks.delete(block);
    if (!target.isConnected) {
      setClaimed(pre, false);
      return undefined;
    }
    const box = block.box ?? measure(block);
    const { options, malformed, code } = splitOptionLines(readCodeText(pre));
    const sandbox = this.document.createElement('python-sandbox') as PythonSandbox;
    const warn = (message: string) => this.warnOnce(message);
    applyOptions(sandbox, dataOptions(wrappersFrom(pre, target)), warn);
    applyOptions(sandbox, options, warn);
    this.sessionPackages.apply(sandbox, warn);
    for (const line of malformed) warn(`"${line}" is not an option line (#| key: value); ignoring it.`);
    sandbox.code = code;
    // The block's height holds its place until the element has rendered, then the element's own height applies (a
    // taller block would leave an empty band under a short program's output).
    sandbox.style.minHeight = `${Math.round(box.height)}px`;
    void sandbox.updateComplete.then(() => requestAnimationFrame(() => sandbox.style.removeProperty('min-height')));
    // The block's margins, where it has some; where neither the wrapper nor the <pre> has any (the generator spaces
    // blocks otherwise), the element's own margin applies, so neighbouring sandboxes never touch.
    if (box.marginTop) sandbox.style.marginTop = box.marginTop;
    if (box.marginBottom) sandbox.style.marginBottom = box.marginBottom;
    target.before(sandbox);
    target.style.setProperty('display', 'none', 'important');
    this.standIns.set(target, sandbox);
    handle.sandboxes.push(sandbox);
    return sandbox;
  }

  release(block: Block): void {
    this.waiting.delete(block.target);
    this.nearViewport?.unobserve(block.target);
    block.handle.blocks.delete(block);
    setClaimed(block.pre, false);
  }

  forget(removed: Element): void {
    const sandbox = this.standIns.get(removed);
    if (!sandbox || removed.isConnected) return;
    this.standIns.delete(removed);
    sandbox.remove();
  }

  private waitFor(block: Block): void {
    // The editor imports its highlighter when the first editor connects, and colours the editors that rendered
    // before it arrived again, a few per task: fetched before the first batch, each sandbox is coloured in its first
    // render instead.
    this.highlighter ??= loadHighlighter().catch(() => {});
    if (typeof IntersectionObserver === 'undefined') {
      this.due.push(block);
      this.scheduleBatch();
      return;
    }
    // One screen ahead: blocks become sandboxes before the reader reaches them, and the rest of a long page costs
    // nothing until then.
    this.nearViewport ??= new IntersectionObserver(this.onIntersection, { rootMargin: '100% 0px' });
    this.waiting.set(block.target, block);
    this.nearViewport.observe(block.target);
  }

  private readonly onIntersection = (entries: IntersectionObserverEntry[]) => {
    for (const entry of entries) {
      const block = this.waiting.get(entry.target);
      if (!entry.isIntersecting || !block) continue;
      this.waiting.delete(entry.target);
      this.nearViewport?.unobserve(entry.target);
      // Read here, where layout is fresh, rather than between the writes of a batch: there each read recalculated
      // the style the previous upgrade had changed.
      block.box = measure(block, entry.boundingClientRect.height);
      this.due.push(block);
    }
    if (this.due.length) this.scheduleBatch();
  };

  /** The next batch runs after the next frame has rendered the last one. */
  private scheduleBatch(): void {
    if (this.batchScheduled) return;
    this.batchScheduled = true;
    const run = () => setTimeout(() => void this.runBatch(), 0);
    if (typeof requestAnimationFrame === 'function' && this.document.visibilityState === 'visible') requestAnimationFrame(run);
    else run();
  }

  /** Upgrades due blocks until the budget is spent, then yields to the page and carries on in a later task. */
  private async runBatch(): Promise<void> {
    await this.highlighter;
    const started = performance.now();
    while (this.due.length && performance.now() - started < BATCH_BUDGET_MS) {
      const block = this.due.shift()!;
      if (!block.handle.blocks.has(block)) continue; // flushed or released meanwhile
      const sandbox = this.upgrade(block);
      // Lit renders in a microtask: awaiting it keeps that render inside this task and inside the budget.
      try {
        await sandbox?.updateComplete;
      } catch {
        // The element reports its own errors; the other blocks still get their sandboxes.
      }
    }
    this.batchScheduled = false;
    if (this.due.length) this.scheduleBatch();
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    console.warn(`<python-sandbox> code block: ${message}`);
  }
}
