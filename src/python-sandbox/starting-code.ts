import { codeHash } from './code-hash.ts';
import type { SavedEdit } from './persisted-code.ts';

/** Code a link gave an element, and its tag (`codeHash` of the code), which a saved edit of it keeps. */
export interface LinkedCode {
  readonly code: string;
  readonly tag: string;
}

/**
 * Where code the editor shows came from when neither the page nor the reader put it there in this visit: a link, or
 * a kept edit (`persist`) from an earlier visit. Such code runs only when the reader runs that element.
 */
export type ForeignOrigin = 'link' | 'kept';

/** What the editor shows instead of the original, and what the status line says about it. */
export interface StartingCode {
  readonly code: string;
  readonly notice: string;
  readonly origin: ForeignOrigin;
  /** Set when the code is the link's, or a kept edit that started from one: edits of it are saved with its tag. */
  readonly linkTag?: string;
}

/** What an element opens with: code instead of the original, and a link's code to offer rather than show. */
export interface Opening {
  readonly start?: StartingCode;
  readonly offer?: LinkedCode;
}

/** The notices of code from a link: the mark says where it came from, with Reset in the same toolbar. */
export const LINK_NOTICE = 'Code from a link; Reset restores the original';
const RESTORED_LINK_NOTICE = 'Restored code from a link; Reset restores the original';
const RESTORED_EDITED_LINK_NOTICE = 'Restored your edits of code from a link; Reset restores the original';

/**
 * The code an element opens with. A link's code shows, unless the reader has a kept edit: a link never replaces
 * one by itself, so the kept edit shows and the link's code is offered (the reader's click loads it). A kept edit
 * that started from this same link is the reader's edit of it, and simply restored.
 */
export function openingCode(original: string, saved: SavedEdit | undefined, link: LinkedCode | undefined): Opening {
  const kept = saved && saved.code !== original ? restored(saved, original) : undefined;
  if (!link || saved?.link === link.tag) return { start: kept };
  if (kept) return { start: kept, offer: link.code === kept.code ? undefined : link };
  return { start: link.code === original ? undefined : linkedCode(link) };
}

/** The link's code shown in the editor. */
export function linkedCode(link: LinkedCode): StartingCode {
  return { code: link.code, notice: LINK_NOTICE, origin: 'link', linkTag: link.tag };
}

function restored(saved: SavedEdit, original: string): StartingCode {
  const { code, link } = saved;
  if (link) {
    const notice = codeHash(code) === link ? RESTORED_LINK_NOTICE : RESTORED_EDITED_LINK_NOTICE;
    return { code, notice, origin: 'kept', linkTag: link };
  }
  const changed = saved.original !== codeHash(original);
  return { code, origin: 'kept', notice: changed ? 'Restored your edits; the original has changed since' : 'Restored your edits' };
}
