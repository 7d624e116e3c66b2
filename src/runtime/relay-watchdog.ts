/** How often the watchdog looks at the relay while the pool has work out. */
const CHECK_INTERVAL_MS = 1000;

export interface WatchedRelay {
  /** Posts a ping the relay answers with a pong carrying `seq`. */
  ping(seq: number): void;
  /** False once the endpoint knows its relay is gone (the frame was removed or reloaded). */
  alive(): boolean;
  /** Whether anything is waiting on the relay: booting interpreters, runs in flight, queued runs. */
  busy(): boolean;
  /** The relay is gone or hung; `everHeard` says whether it ever answered at all. */
  dead(reason: string, everHeard: boolean): void;
}

/**
 * The host's own watchdog over the relay. The runtime's deadlines assume the relay relays; if its frame is removed by
 * the page, reloaded by a DOM move, or stops answering, every run would wait forever. While work is out it pings
 * once a second; any message from the relay counts as an answer.
 */
export class RelayWatchdog {
  private timer: ReturnType<typeof setInterval> | undefined;
  private answerDue: number | undefined;
  private seq = 0;
  private everHeard = false;

  constructor(
    private readonly relay: WatchedRelay,
    private readonly deadlineMs: number,
  ) {}

  /** Any message from the relay proves it alive. */
  heard(): void {
    this.answerDue = undefined;
    this.everHeard = true;
  }

  /** Starts watching if there is work out; cheap to call often. */
  watch(): void {
    if (!this.timer && this.relay.busy()) this.timer = setInterval(() => this.check(), CHECK_INTERVAL_MS);
  }

  /** For a new relay: forget the old one's history. */
  reset(): void {
    this.stop();
    this.everHeard = false;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.answerDue = undefined;
  }

  private check(): void {
    if (!this.relay.alive()) return this.fail('the sandbox frame was removed from the page or reloaded');
    if (!this.relay.busy()) return this.stop();
    if (this.answerDue === undefined) {
      this.answerDue = performance.now() + this.deadlineMs;
      this.relay.ping(++this.seq);
    } else if (performance.now() > this.answerDue) {
      this.fail(`the sandbox frame did not answer for ${Math.round(this.deadlineMs / 1000)} s`);
    }
  }

  private fail(reason: string): void {
    const everHeard = this.everHeard;
    this.reset();
    this.relay.dead(reason, everHeard);
  }
}
