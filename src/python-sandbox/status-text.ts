import type { ReactiveControllerHost } from 'lit';
import type { RunResult } from '../runtime/types.ts';

/**
 * The toolbar's status line (`part="status"`): what the element is doing or did, and a notice said after it (where the
 * editor's code came from, when not the original: a kept edit, a link). The run, the input field, the editor's code and
 * the console's buttons all write to it; setting either re-renders the element.
 */
export class StatusLine {
  private shownText = 'Loading Python…';
  private shownNotice = '';

  constructor(private readonly host: ReactiveControllerHost) {}

  get text(): string {
    return this.shownText;
  }

  set text(text: string) {
    if (text === this.shownText) return;
    this.shownText = text;
    this.host.requestUpdate();
  }

  get notice(): string {
    return this.shownNotice;
  }

  set notice(notice: string) {
    if (notice === this.shownNotice) return;
    this.shownNotice = notice;
    this.host.requestUpdate();
  }
}

/** `numpy`, or a wheel's file name without its version tags. */
const packageLabel = (name: string) => name.includes('/') ? name.slice(name.lastIndexOf('/') + 1).split('-')[0] : name;

/** The status line while the pool boots, naming the packages it loads. */
export function loadingText(packages: readonly string[] | undefined): string {
  return packages?.length ? `Loading Python and ${packages.map(packageLabel).join(', ')}…` : 'Loading Python…';
}

/** The status line after a run: what happened and how long it took. */
export function describeResult(result: RunResult, timeout: number): string {
  const took = formatDuration(result.durationMs);
  switch (result.status) {
    case 'ok':
      return `Finished in ${took}`;
    case 'error':
      return `${result.error?.type ?? 'Error'} after ${took}`;
    case 'exit':
      return `Exited with code ${result.exitCode ?? 0} after ${took}`;
    case 'timeout':
      if (result.error?.type === 'InputTimeout') return 'Ended: waited too long for input';
      return `Timed out after ${formatDuration(timeout)}`;
    case 'stopped':
      return `Stopped after ${took}`;
    case 'crashed':
      // A pool that cannot start Python at all (assets not found, offline) is not a crash the next run recovers from.
      return result.error?.type === 'BootError' ? 'Python could not be started' : 'The interpreter crashed; the next run uses a fresh one';
  }
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}
