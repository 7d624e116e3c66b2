import type { SandboxSession } from '../runtime/session.ts';
import type { RunResult } from '../runtime/types.ts';

/**
 * A cell run on a later cell's behalf: what it would run (the editor's code, or the original while the editor's
 * came from a link or a kept edit the reader has not run there), and the run itself.
 */
export interface EarlierRun {
  code(): string;
  run(): Promise<RunResult>;
}

/** What the document-order rule needs of a `<python-sandbox>`. */
export interface Cell extends Element {
  readonly session: string | undefined;
  readonly code: string;
  readonly runEarlier: boolean;
  run(): Promise<RunResult>;
  stop(): void;
}

// Each cell's run for a later one, registered by its run controller: no part of the element's public surface.
const earlierRuns = new WeakMap<Cell, EarlierRun>();

/** How `cell` runs when a later cell of its session runs it. */
export function registerEarlierRun(cell: Cell, run: EarlierRun): void {
  earlierRuns.set(cell, run);
}

/**
 * The cells that ran (or run now) in each session's current state. Keyed by the session object, so it goes with its
 * pool; a session's `restarts` changing (a reset, a state lost and not restored) empties its set, since the state
 * those cells made is gone.
 */
class CellsThatRan {
  private readonly bySession = new WeakMap<SandboxSession, { restarts: number; cells: WeakSet<Element> }>();

  of(session: SandboxSession): WeakSet<Element> {
    let entry = this.bySession.get(session);
    if (!entry || entry.restarts !== session.restarts) {
      entry = { restarts: session.restarts, cells: new WeakSet() };
      this.bySession.set(session, entry);
    }
    return entry.cells;
  }
}

// Shared by the elements of the page on purpose: a session's cells are many elements, and each must know which of
// the others ran.
const cellsThatRan = new CellsThatRan();

/** `cell` runs (or ran) in the session's current state: it will not be run again as an earlier cell. */
export function markRan(session: SandboxSession, cell: Cell): void {
  cellsThatRan.of(session).add(cell);
}

/** `cell`'s run was stopped: it counts as not run. */
export function unmarkRan(session: SandboxSession, cell: Cell): void {
  cellsThatRan.of(session).delete(cell);
}

/**
 * The cells of `cell`'s session before it in document order (a cell inside a closed `<details>` counts) that have
 * not run in the session's current state and have code, when any cell of the session has `run-earlier`; else none.
 */
export function earlierCells(cell: Cell, session: SandboxSession): Cell[] {
  const root = cell.getRootNode() as Document | ShadowRoot;
  const sessionCells = [...root.querySelectorAll<Element>(cell.localName)]
    .filter((other): other is Cell => (other as Partial<Cell>).session === cell.session);
  if (!sessionCells.some((other) => other.runEarlier)) return [];
  const ran = cellsThatRan.of(session);
  return sessionCells
    .filter((other) => cell.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_PRECEDING)
    .filter((other) => !ran.has(other) && (earlierRuns.get(other)?.code().trim() ?? '') !== '')
    .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/**
 * Runs the earlier cells of `cell`'s session that have not run, in document order, each as if the reader clicked it
 * (its own console, status and events), but with the original code where the editor's is a link's or a kept edit's. A cell that ends in an error does not stop the others (a lesson shows errors
 * on purpose); Stop does: `signal` aborting stops the cell running, and a cell stopped by its own Stop ends the rest.
 * Resolves `true` when stopped.
 */
export async function runEarlierCells(cell: Cell, session: SandboxSession, signal: AbortSignal,
  onProgress: (index: number, count: number) => void): Promise<boolean> {
  const earlier = earlierCells(cell, session);
  for (const [index, other] of earlier.entries()) {
    if (signal.aborted) return true;
    if (cellsThatRan.of(session).has(other)) continue; // it ran meanwhile (the reader clicked it)
    onProgress(index + 1, earlier.length);
    const stop = () => other.stop();
    signal.addEventListener('abort', stop, { once: true });
    const result = await earlierRuns.get(other)!.run().finally(() => signal.removeEventListener('abort', stop));
    if (result.status === 'stopped') return true;
  }
  return signal.aborted;
}
