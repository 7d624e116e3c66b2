import { type BlockOption, dataOptions, splitOptionLines } from './block-options.ts';
import { HEAD_CHARS, wrappersFrom } from './block-dom.ts';
import { readCodeText } from './code-text.ts';

/**
 * The packages of each session, from its first block (in page order) that names any. A session lives in one pool and
 * a pool has one package list, so the session's other blocks get the same list. An entry whose block has left the
 * document (a single-page app went to another page) no longer counts.
 */
export class SessionPackages {
  private readonly bySession = new Map<string, { packages: string; pre: Element }>();

  /** Call for each block as it is found, in page order: its options, read from its first lines and its wrappers. */
  note(pre: Element, target: Element): void {
    const options = dataOptions(wrappersFrom(pre, target));
    for (const [key, value] of splitOptionLines(readCodeText(pre, HEAD_CHARS)).options) options.set(key as BlockOption, value);
    const session = options.get('session');
    const packages = options.get('packages');
    if (session === undefined || packages === undefined) return;
    if (!this.bySession.get(session)?.pre.isConnected) this.bySession.set(session, { packages, pre });
  }

  /**
   * Gives a sandbox whose options are set the packages of its session, when it names none; warns when it names others
   * (then it does not share the session: another pool).
   */
  apply(sandbox: Element, warn: (message: string) => void): void {
    const session = sandbox.getAttribute('session');
    const known = session === null ? undefined : this.bySession.get(session);
    const packages = known?.pre.isConnected ? known.packages : undefined;
    const own = sandbox.getAttribute('packages');
    if (packages !== undefined && own === null) sandbox.setAttribute('packages', packages);
    else if (packages !== undefined && packageSet(own!) !== packageSet(packages)) {
      warn(`blocks of session "${session}" name different packages (${packages}; ${own}): they do not share the session.`);
    }
  }
}

function packageSet(list: string): string {
  return list.split(/[\s,]+/).filter(Boolean).sort().join(' ');
}
