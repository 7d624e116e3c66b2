import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type PoolLease, leasePool } from '../runtime/shared-pools.ts';
import type { SandboxPool } from '../runtime/pool.ts';
import type { PoolOptions } from '../runtime/types.ts';

/** The element's properties that choose its pool. */
export type PoolHost = ReactiveControllerHost & {
  readonly indexUrl: string | undefined;
  readonly poolSize: number | undefined;
  readonly memoryLimit: number | undefined;
  readonly outputLimit: number | undefined;
  readonly packages: string[] | undefined;
};

/**
 * Holds the element's lease on a shared pool: taken when first needed, dropped when the element leaves the DOM or its
 * pool settings change, so elements with the same settings share one set of interpreters.
 */
export class PoolController implements ReactiveController {
  private lease: PoolLease | undefined;
  private leasedKey = '';

  constructor(private readonly host: PoolHost, private readonly onReady: (pool: SandboxPool) => void) {
    host.addController(this);
  }

  get leased(): boolean {
    return this.lease !== undefined;
  }

  /** The pool for the current settings, leasing it (and booting it) on first use. */
  pool(): SandboxPool {
    const options = this.options();
    const key = JSON.stringify(options);
    if (this.lease && key !== this.leasedKey) this.release();
    if (!this.lease) {
      const lease = leasePool(options);
      this.lease = lease;
      this.leasedKey = key;
      lease.pool.ready.then(() => this.lease === lease && this.onReady(lease.pool), () => {});
    }
    return this.lease.pool;
  }

  hostDisconnected(): void {
    this.release();
  }

  private options(): Omit<PoolOptions, 'createEndpoint' | 'relayDeadlineMs'> {
    const { host } = this;
    return {
      indexURL: host.indexUrl,
      size: host.poolSize,
      memoryLimitMiB: host.memoryLimit,
      outputLimit: host.outputLimit,
      packages: host.packages,
    };
  }

  private release(): void {
    this.lease?.release();
    this.lease = undefined;
  }
}
