import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SandboxPool } from '../runtime/pool.ts';
import type { SandboxSession } from '../runtime/session.ts';
import type { CheckVerdict, RunResult } from '../runtime/types.ts';
import { type Solution, copyContent, hintElements, setupById, slottedPython, solutionOf } from './exercise-source.ts';

export interface ExerciseHost extends ReactiveControllerHost, HTMLElement {
  /** The id of a shared `<script type="text/x-python">` to run as setup. */
  setup: string | undefined;
  /** Runs after which the solution can be shown. */
  solutionAfter: number;
}

/** What one run of the element takes from its exercise. */
export interface ExerciseRun {
  /** Every setup, in order: the one `setup` names, then the `setup` slot's. */
  setups: string[];
  check?: string;
}

/**
 * An exercise's state in the element: setup and check for each run, the verdict of the last run, attempts, hints
 * revealed one at a time, and the solution, offered after a pass or after `solution-after` runs.
 */
export class ExerciseController implements ReactiveController {
  /** Runs that counted as attempts: ended, not stopped, setup succeeded. */
  attempts = 0;
  /** The last checked run's verdict; cleared by Reset. */
  verdict: CheckVerdict | undefined;
  /** Copies of the hints revealed so far, in order. */
  readonly shownHints: HTMLElement[] = [];
  solutionShown = false;
  private passedOnce = false;
  private solution: { source: Solution; copy?: HTMLElement } | undefined;
  private readonly warned = new Set<string>();

  constructor(
    private readonly host: ExerciseHost,
    private readonly loadCode: (code: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Whether the element is an exercise at all: a check, hints or a solution. */
  get active(): boolean {
    return this.check !== undefined || this.hintCount > 0 || this.solutionSource !== undefined;
  }

  get check(): string | undefined {
    return slottedPython(this.host, 'check');
  }

  get hintCount(): number {
    return hintElements(this.host).length;
  }

  get solutionSource(): Solution | undefined {
    return solutionOf(this.host);
  }

  /** Runs left before the solution is offered; 0 when it is. */
  get runsBeforeSolution(): number {
    return this.passedOnce ? 0 : Math.max(0, this.host.solutionAfter - this.attempts);
  }

  /** The setups and check for the next run. A `setup` id that names nothing warns once, and the run goes on without it. */
  beforeRun(): ExerciseRun {
    const setups: string[] = [];
    const id = this.host.setup;
    if (id) {
      const { code, problem } = setupById(this.host, id);
      if (code) setups.push(code);
      if (problem && !this.warned.has(problem)) {
        this.warned.add(problem);
        console.warn(`<python-sandbox>: ${problem}`);
      }
    }
    const own = slottedPython(this.host, 'setup');
    if (own) setups.push(own);
    return { setups, check: this.check };
  }

  /** The session to run in: each setup becomes a session setup, run once per interpreter of the session. */
  session(pool: SandboxPool, name: string, setups: string[]): SandboxSession {
    for (const setup of setups) pool.session(name, { setup });
    return pool.session(name, { replay: true }); // the element restores a session a kill lost (session-history.ts)
  }

  /**
   * Takes the run's verdict. Returns the status line for the run when the exercise has something to say (a verdict,
   * or a failed setup), else undefined.
   */
  afterRun(result: RunResult): string | undefined {
    const setupFailed = result.error?.origin === 'setup';
    if (setupFailed) return `Setup failed: ${result.error!.type} (see the console)`;
    if (result.status === 'stopped' || !this.active) return undefined;
    const locked = this.runsBeforeSolution > 0;
    this.attempts++;
    this.verdict = result.check;
    if (result.check?.passed) this.passedOnce = true;
    this.host.requestUpdate();
    if (!result.check) return undefined;
    const unlocked = locked && this.runsBeforeSolution === 0 && this.solutionSource ? ' The solution is available.' : '';
    return `${verdictWord(result.check)}: ${result.check.message}${unlocked}`;
  }

  showNextHint(): void {
    const hint = hintElements(this.host)[this.shownHints.length];
    if (!hint) return;
    this.shownHints.push(copyContent(hint, 'exercise__content'));
    this.host.requestUpdate();
    // The new hint takes focus, so that a screen reader reads it; "Show another hint" is one Shift+Tab away.
    void this.host.updateComplete.then(() =>
      [...this.host.shadowRoot?.querySelectorAll<HTMLElement>('.exercise__hint') ?? []].at(-1)?.focus());
  }

  toggleSolution(): void {
    if (this.runsBeforeSolution > 0) return;
    this.solutionShown = !this.solutionShown;
    this.host.requestUpdate();
  }

  /** The solution as shown: its code, or a copy of its content (made once, so re-renders keep the same nodes). */
  shownSolution(): (Solution & { copy?: HTMLElement }) | undefined {
    const source = this.solutionSource;
    if (!source) return undefined;
    if (this.solution?.source.element !== source.element || this.solution?.source.code !== source.code) {
      this.solution = { source, copy: source.element ? copyContent(source.element, 'exercise__content') : undefined };
    }
    return { ...source, copy: this.solution?.copy };
  }

  loadSolution(): void {
    const code = this.solutionSource?.code;
    if (code !== undefined && this.runsBeforeSolution === 0) this.loadCode(code);
  }

  /** Reset: the verdict goes; attempts, hints shown and an unlocked solution stay (they are the reader's progress). */
  reset(): void {
    this.verdict = undefined;
    this.host.requestUpdate();
  }
}

export function verdictWord(verdict: CheckVerdict): string {
  if (verdict.error) return 'Check broken';
  return verdict.passed ? 'Passed' : 'Not yet';
}
