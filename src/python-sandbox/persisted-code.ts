import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { codeHash } from './code-hash.ts';

/** Every key the element writes in `localStorage` starts with this. */
export const STORAGE_PREFIX = 'python-sandbox:';
/** Longer edits are not kept (and an older, shorter one is removed): a page's storage is 5 MiB for everything. */
export const MAX_SAVED_CHARS = 100_000;
/** Edits are saved this long after the last keystroke, and at once when the page is hidden or left. */
const SAVE_DELAY_MS = 400;

/** What is stored for one element, as JSON. */
export interface SavedEdit {
  /** The editor's code. */
  readonly code: string;
  /** `codeHash` of the original code the edit was made from: a changed original can be noticed. */
  readonly original: string;
  /** `codeHash` of the code a link gave, when the edit started from a link (code-link.ts). */
  readonly link?: string;
}

/**
 * The storage key of an element's edit on this page: `python-sandbox:<pathname>#<id>` when the element has an `id`,
 * else `python-sandbox:<pathname>@<codeHash(original)>`. An id key outlives a change of the original (the edit is
 * restored, and the status says the original changed); a hash key changes with it (the old edit is no longer found).
 */
export function storageKey(pathname: string, id: string, original: string): string {
  return `${STORAGE_PREFIX}${pathname}${id ? `#${id}` : `@${codeHash(original)}`}`;
}

/** One warning per kind per page: storage that fails, fails for every element alike. */
const warned = new Set<string>();
function warnOnce(kind: string, message: string): void {
  if (warned.has(kind)) return;
  warned.add(kind);
  console.warn(`<python-sandbox persist>: ${message}`);
}

/** Which element holds each key, per document: two elements with the same code and no id would share one edit. */
const claims = new WeakMap<Document, Map<string, Element>>();

type PersistHost = ReactiveControllerHost & HTMLElement;

/**
 * Keeps the reader's edit of one element in the page origin's `localStorage` (the `persist` attribute). Storage that
 * throws (a sandboxed or `file:` page, a full quota, storage turned off) or holds something else under the key
 * never breaks the element: it then keeps nothing, with one console warning.
 */
export class PersistedCode implements ReactiveController {
  private pending: { key: string; value: string | undefined } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Storage failed once for this element: it stops trying. */
  private failed = false;
  /** The tag of the link the current edit started from, kept with every save until Reset. */
  private link: string | undefined;

  constructor(private readonly host: PersistHost, private readonly enabled: () => boolean) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.flush);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  hostDisconnected(): void {
    this.flush();
    window.removeEventListener('pagehide', this.flush);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    for (const [key, holder] of claims.get(this.host.ownerDocument) ?? []) {
      if (holder === this.host) claims.get(this.host.ownerDocument)!.delete(key);
    }
  }

  /** The saved edit of the code that started as `original`, if `persist` is on and there is one. */
  read(original: string): SavedEdit | undefined {
    const key = this.key(original);
    const storage = key && this.storage();
    if (!key || !storage) return undefined;
    let text: string | null;
    try {
      text = storage.getItem(key);
    } catch (error) {
      return this.fail(error);
    }
    if (text === null) return undefined;
    const saved = parseSaved(text);
    if (!saved) warnOnce(`unreadable ${key}`, `ignoring "${key}" in localStorage, which is not an edit it saved.`);
    this.link = saved?.link;
    return saved;
  }

  /** Saves the reader's edit soon: once typing pauses, or when the page is hidden. */
  edited(code: string, original: string): void {
    const key = this.key(original);
    if (!key) return;
    this.pending = { key, value: this.valueOf(code, original) };
    clearTimeout(this.timer);
    this.timer = setTimeout(this.flush, SAVE_DELAY_MS);
  }

  /**
   * The editor shows code a link gave, not saved yet: a link alone never replaces a kept edit. The reader's edits of
   * it are saved marked with the link's tag, so reopening the same link restores them.
   */
  startedFromLink(link: string): void {
    this.link = link;
  }

  /** The reader chose to load a link's code over what the editor had: saved at once, marked with the link's tag. */
  loadedFromLink(code: string, original: string, link: string): void {
    this.link = link;
    this.edited(code, original);
    this.flush();
  }

  /** Forgets the saved edit (Reset). */
  clear(original: string): void {
    this.link = undefined;
    this.edited(original, original);
    this.flush();
  }

  readonly flush = (): void => {
    clearTimeout(this.timer);
    const pending = this.pending;
    this.pending = undefined;
    const storage = pending && this.storage();
    if (!pending || !storage) return;
    try {
      if (pending.value === undefined) storage.removeItem(pending.key);
      else storage.setItem(pending.key, pending.value);
    } catch (error) {
      this.fail(error);
    }
  };

  private readonly onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') this.flush();
  };

  /** What to store for `code`: nothing when it is the original, or too long to keep. */
  private valueOf(code: string, original: string): string | undefined {
    if (code === original) return undefined;
    if (code.length > MAX_SAVED_CHARS) {
      warnOnce('too long', `edits longer than ${MAX_SAVED_CHARS.toLocaleString('en')} characters are not kept.`);
      return undefined;
    }
    const saved: SavedEdit = { code, original: codeHash(original), ...(this.link ? { link: this.link } : {}) };
    return JSON.stringify(saved);
  }

  /** This element's key, if it persists and no other element on the page holds the same key. */
  private key(original: string): string | undefined {
    if (!this.enabled() || this.failed) return undefined;
    const key = storageKey(location.pathname, this.host.id, original);
    const document = this.host.ownerDocument;
    let holders = claims.get(document);
    if (!holders) claims.set(document, (holders = new Map()));
    const holder = holders.get(key);
    if (holder && holder !== this.host && holder.isConnected) {
      warnOnce(`shared ${key}`, `two elements on this page would keep their edits under "${key}"; only the first ` +
        'does. Give each an id.');
      return undefined;
    }
    holders.set(key, this.host);
    return key;
  }

  private storage(): Storage | undefined {
    if (this.failed) return undefined;
    try {
      // Throws SecurityError in an opaque-origin (sandboxed) page; null where storage is turned off.
      return window.localStorage ?? this.fail(new Error('localStorage is not available'));
    } catch (error) {
      return this.fail(error);
    }
  }

  private fail(error: unknown): undefined {
    this.failed = true;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    warnOnce('storage', `this page cannot keep edits in localStorage (${reason}); edits last until the page is left.`);
    return undefined;
  }
}

function parseSaved(text: string): SavedEdit | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { code, original, link } = value as Record<string, unknown>;
    if (typeof code !== 'string' || typeof original !== 'string') return undefined;
    if (link !== undefined && typeof link !== 'string') return undefined;
    return { code, original, ...(link === undefined ? {} : { link }) };
  } catch {
    return undefined;
  }
}
