// A stand-in for the relay (worker/relay.ts) behind the pool's Endpoint, used by pool-bookkeeping.test.ts only. The
// pool's own bookkeeping (spares, the queue, deadlines, the watchdog that replaces a relay gone silent, messages it must
// not believe, the snapshot hand-over) turns on when and in which order the relay's messages arrive, which real
// interpreters cannot be made to produce on cue. So this fake answers boots and pings by itself and leaves every run
// message to the test. Everything a user sees is tested elsewhere with real Pyodide behind the real relay.
import { waitUntil } from '../wait-until.ts';
import type { HostToRelay, RunOutcome } from '../../worker/protocol.ts';
import type { Endpoint } from '../../src/runtime/endpoint.ts';
import type { Stream } from '../../src/runtime/types.ts';

export type RunMessage = Extract<HostToRelay, { type: 'run' }>;
type Posted<T extends HostToRelay['type']> = Extract<HostToRelay, { type: T }>;

/**
 * Stands where the relay stands: records what the pool asks for and answers `spawn` on its own (after a task, as a
 * real relay would). Everything about runs is answered by the test, message by message.
 */
export class FakeRelay implements Endpoint {
  readonly posted: HostToRelay[] = [];
  /** How the next spawns are answered, in order; once empty, `whenEmpty` applies. */
  readonly spawnAnswers: Array<'boot' | 'fail' | 'silent'> = [];
  whenEmpty: 'boot' | 'fail' | 'silent' = 'boot';
  interruptible = false;
  /** Whether it answers the pool's watchdog pings. */
  answersPings = true;
  closed = false;
  /** How many times the pool made an endpoint: more than once means it replaced a dead relay. */
  connections = 0;
  private readonly listeners = new Set<(event: MessageEvent<unknown>) => void>();

  postMessage(message: HostToRelay): void {
    this.posted.push(message);
    if (message.type === 'ping' && this.answersPings) setTimeout(() => this.send({ type: 'pong', seq: message.seq }));
    if (message.type !== 'spawn') return;
    const answer = this.spawnAnswers.shift() ?? this.whenEmpty;
    const { workerId } = message;
    if (answer === 'boot') {
      setTimeout(() => this.send({ type: 'booted', workerId, interruptible: this.interruptible, source: workerId === 1 ? 'plain' : 'snapshot', packagesFromSnapshot: false, bootMs: 1 }));
    } else if (answer === 'fail') {
      setTimeout(() => this.send({ type: 'boot-failed', workerId, error: { name: 'TypeError', message: 'Failed to fetch pyodide.mjs' } }));
    }
  }

  addEventListener(_type: 'message', listener: (event: MessageEvent<unknown>) => void): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: 'message', listener: (event: MessageEvent<unknown>) => void): void {
    this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
  }

  /** Delivers `data` to the pool as if the relay had posted it. */
  send(data: unknown): void {
    const event = new MessageEvent('message', { data });
    for (const listener of [...this.listeners]) listener(event);
  }

  of<T extends HostToRelay['type']>(type: T): Array<Posted<T>> {
    return this.posted.filter((message): message is Posted<T> => message.type === type);
  }

  get runs(): RunMessage[] {
    return this.of('run');
  }

  get killed(): number[] {
    return this.of('kill').map((message) => message.workerId);
  }

  /** The run message for the run whose code is `code`, once the pool has posted it. */
  async runOf(code: string): Promise<RunMessage> {
    await waitUntil(() => this.runs.some((message) => message.request.code === code), `the pool never started ${JSON.stringify(code)}`);
    return this.runs.find((message) => message.request.code === code)!;
  }

  started(run: RunMessage): void {
    this.send({ type: 'started', workerId: run.workerId, id: run.request.id });
  }

  output(run: RunMessage, chunks: Array<[Stream, string]>, dropped = false): void {
    this.send({ type: 'output', workerId: run.workerId, id: run.request.id, chunks, dropped });
  }

  finished(run: RunMessage, outcome: RunOutcome = { status: 'ok', files: {} }): void {
    this.send({ type: 'finished', workerId: run.workerId, id: run.request.id, outcome });
  }

  /** A whole, well-behaved run: started, its code echoed to stdout, finished. */
  complete(run: RunMessage): void {
    this.started(run);
    this.output(run, [['stdout', `${run.request.code}\n`]]);
    this.finished(run);
  }
}
