import { codeHash } from './code-hash.ts';
import type { SavedEdit } from './persisted-code.ts';

/** Code a link gave an element, and its tag (`codeHash` of the code), which a saved edit of it keeps. */
export interface LinkedCode {
  readonly code: string;
  readonly tag: string;
}

/** What the editor shows instead of the original, and what the status line says about it. */
export interface StartingCode {
  readonly code: string;
  readonly notice: string;
  /** Set when the code is the link's: it is saved at once (when persist is on), marked with the link's tag. */
  readonly link?: LinkedCode;
}

/**
 * The code an element starts with, when not its original: a link's code wins over a saved edit, unless the saved
 * edit started from that same link (the reader opened it before and may have edited it since).
 */
export function startingCode(original: string, saved: SavedEdit | undefined, link: LinkedCode | undefined): StartingCode | undefined {
  if (link && saved?.link !== link.tag) {
    return link.code === original ? undefined : { code: link.code, notice: 'Code from a link', link };
  }
  if (!saved || saved.code === original) return undefined;
  const changed = saved.original !== codeHash(original);
  return { code: saved.code, notice: changed ? 'Restored your edits; the original has changed since' : 'Restored your edits' };
}
