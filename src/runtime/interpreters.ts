import type { BootSource } from '../../worker/protocol.ts';
import type { RunRecord } from './run-record.ts';

/** One interpreter worker of the pool, as the pool sees it. */
export interface Interpreter {
  workerId: number;
  state: 'booting' | 'idle' | 'busy';
  source?: BootSource;
  interruptible: boolean;
  /** The session this interpreter belongs to; it never runs anything else. */
  session?: string;
  run?: RunRecord;
}

/** The pool's interpreters by worker id, and the questions the scheduler asks of them. */
export class Interpreters {
  private readonly byId = new Map<number, Interpreter>();

  get(workerId: number): Interpreter | undefined {
    return this.byId.get(workerId);
  }

  add(interpreter: Interpreter): void {
    this.byId.set(interpreter.workerId, interpreter);
  }

  delete(interpreter: Interpreter): void {
    this.byId.delete(interpreter.workerId);
  }

  /** A copy: callers may delete while they walk it. */
  all(): Interpreter[] {
    return [...this.byId.values()];
  }

  has(interpreter: Interpreter): boolean {
    return this.byId.get(interpreter.workerId) === interpreter;
  }

  /** Fresh ones (never given a run, no session), booted and idle. */
  idleSpares(): number {
    return this.all().filter((each) => each.state === 'idle' && each.session === undefined).length;
  }

  /** Fresh ones booted or booting. */
  fresh(): number {
    return this.all().filter((each) => each.session === undefined && each.state !== 'busy').length;
  }

  busy(): number {
    return this.all().filter((each) => each.state === 'busy').length;
  }

  /** Busy ones whose program waits in `input()` (its clock paused). */
  waitingForInput(): number {
    return this.all().filter((each) => each.state === 'busy' && each.run?.waitingForInput).length;
  }

  /** Whether any is booting or running: the relay has work out. */
  anyAtWork(): boolean {
    return this.all().some((each) => each.state !== 'idle');
  }

  /** The interpreter a run of `session` (or of none) goes to now: the session's own when idle, else a fresh one. */
  forRun(session: string | undefined): Interpreter | undefined {
    const all = this.all();
    if (session !== undefined) {
      const own = all.find((each) => each.session === session);
      if (own) return own.state === 'idle' ? own : undefined;
    }
    return all.find((each) => each.state === 'idle' && each.session === undefined);
  }

  /** Whether `session` has an interpreter of its own (a run of it needs no fresh one). */
  hasSession(session: string | undefined): boolean {
    return session !== undefined && this.all().some((each) => each.session === session);
  }

  running(record: RunRecord): Interpreter | undefined {
    return this.all().find((each) => each.run === record);
  }
}
