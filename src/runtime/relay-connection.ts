import type { HostToRelay, RelayToHost } from '../../worker/protocol.ts';
import type { SnapshotPackages } from '../../worker/package-snapshot.ts';
import type { Endpoint, EndpointFactory } from './endpoint.ts';
import { RelayWatchdog } from './relay-watchdog.ts';
import { parseRelayMessage } from './relay-messages.ts';

/** A message about one of the pool's interpreters (everything the relay sends but pongs and the snapshot). */
export type InterpreterReport = Exclude<RelayToHost, { type: 'pong' | 'snapshot-made' | 'snapshot-made-piece' }>;

/** What a pool hears from its relay connection. */
export interface ConnectionListener {
  report(message: InterpreterReport): void;
  /** Whether anything waits on the relay (booting interpreters, runs in flight, queued runs): the watchdog watches. */
  busy(): boolean;
  /** The relay is gone or hung; `everHeard` says whether it ever answered at all. */
  lost(reason: string, everHeard: boolean): void;
  /** A file of Pyodide's own could not be fetched: no interpreter can start. */
  filesFailed(error: Error): void;
  /** The pool's package files could not be fetched: why. */
  packagesFailed(reason: string): void;
  /** A snapshot the relay's maker made was stored for the site's next pages. */
  snapshotKept(): void;
}

/**
 * The pool's link to its relay: the endpoint (rebuilt when the relay dies), the watchdog over it, the hand-over of
 * Pyodide's files, and the snapshot the relay's maker sends back in pieces. Every message is checked before the
 * listener hears it; messages from an endpoint replaced since are not heard.
 */
export class RelayConnection {
  private endpoint: Endpoint;
  private readonly watchdog: RelayWatchdog;
  /** Pieces of the snapshot the relay is handing over, until its `snapshot-made`. */
  private madeSnapshot: Uint8Array[] = [];
  /** Closed by the pool (disposed, or its page left): not alive, whatever the endpoint says, until reconnected. */
  private closed = false;

  constructor(
    private readonly indexURL: string,
    private readonly packages: readonly string[],
    private readonly createEndpoint: EndpointFactory,
    private readonly listener: ConnectionListener,
    relayDeadlineMs: number,
  ) {
    this.watchdog = new RelayWatchdog({
      ping: (seq) => this.endpoint.postMessage({ type: 'ping', seq }),
      alive: () => this.alive(),
      busy: () => listener.busy(),
      dead: (reason, everHeard) => listener.lost(reason, everHeard),
    }, relayDeadlineMs);
    this.endpoint = this.open();
  }

  post(message: HostToRelay): void {
    this.endpoint.postMessage(message);
  }

  /** False once the endpoint knows its relay is gone (the frame was removed or reloaded). */
  alive(): boolean {
    return !this.closed && (this.endpoint.alive?.() ?? true);
  }

  /** Starts the watchdog if work is out; cheap to call often. */
  watch(): void {
    this.watchdog.watch();
  }

  /** Drops the relay and builds a new one. */
  reconnect(): void {
    this.detach();
    this.closed = false;
    this.endpoint = this.open();
  }

  close(): void {
    this.closed = true;
    this.watchdog.stop();
    this.detach();
  }

  private open(): Endpoint {
    this.madeSnapshot = [];
    const endpoint = this.createEndpoint(this.indexURL, this.packages);
    endpoint.addEventListener('message', this.onMessage);
    endpoint.files?.then(
      ({ packageError }) => endpoint === this.endpoint && packageError && this.listener.packagesFailed(packageError),
      (error: unknown) => endpoint === this.endpoint && this.listener.filesFailed(error instanceof Error ? error : new Error(String(error))),
    );
    return endpoint;
  }

  private detach(): void {
    this.endpoint.removeEventListener('message', this.onMessage);
    this.endpoint.close?.();
  }

  private readonly onMessage = (event: MessageEvent<unknown>): void => {
    const message = parseRelayMessage(event.data);
    if (!message) return;
    this.watchdog.heard();
    if (message.type === 'pong') return;
    // From the relay's own maker, which never runs a program: kept for the site's next pages.
    if (message.type === 'snapshot-made-piece') return void this.madeSnapshot.push(message.bytes);
    if (message.type === 'snapshot-made') return this.keepSnapshot(message.byteLength, message.packages);
    this.listener.report(message);
  };

  private keepSnapshot(byteLength: number, packages: SnapshotPackages | undefined): void {
    const pieces = this.madeSnapshot.splice(0);
    if (pieces.reduce((sum, piece) => sum + piece.byteLength, 0) !== byteLength) return;
    void this.endpoint.files?.then((files) => files.keepSnapshot({ pieces, packages })).then((kept) => kept && this.listener.snapshotKept());
  }
}
