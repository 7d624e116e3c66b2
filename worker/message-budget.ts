/**
 * How many messages a worker may post to the relay per second. An honest worker batches its output (one message per
 * few milliseconds) and sends a handful of others per run; a worker over budget is flooding the relay's thread (its
 * port reached by user code), which would delay every other worker's messages and the host's pings behind it.
 */
export const MAX_WORKER_MESSAGES_PER_SECOND = 2000;

export class MessageBudget {
  private windowStart = 0;
  private count = 0;

  constructor(private readonly perSecond = MAX_WORKER_MESSAGES_PER_SECOND, private readonly now = () => performance.now()) {}

  /** Counts one message; false once the worker has posted more than its budget within one second. */
  spend(): boolean {
    const time = this.now();
    if (time - this.windowStart >= 1000) {
      this.windowStart = time;
      this.count = 0;
    }
    return ++this.count <= this.perSecond;
  }
}
