import type { PropertyValues, ReactiveController, ReactiveControllerHost } from 'lit';
import { CodeLink } from './code-link.ts';
import { codeFromLightDom } from './code-source.ts';
import { PersistedCode } from './persisted-code.ts';
import { type ForeignOrigin, type StartingCode, linkedCode, openingCode } from './starting-code.ts';
import type { StatusLine } from './status-text.ts';

type CodeHost = ReactiveControllerHost & HTMLElement & {
  code: string;
  persist: boolean;
  share: boolean;
  readonly: boolean;
  readonly hasUpdated: boolean;
};

/**
 * Where the editor's code comes from and where the reader's edits go. The original is the code given from outside
 * (the tag's content, a property set), which Reset puts back; an edit is kept in storage with `persist`
 * (persisted-code.ts); with `share`, code from a link is shown instead of the original, or offered, and a link to
 * the editor's code can be copied (code-link.ts). The status line's notice says when the code shown is not the
 * original.
 *
 * Code from a link or a kept edit is foreign until the reader runs it in this element: a run on another cell's
 * behalf (`run-earlier`) runs the original instead, and `autorun` runs nothing.
 */
export class EditorCode implements ReactiveController {
  /** What Reset puts back: the code given from outside, never an edit. */
  original = '';
  /** The editor's last edit, to tell it from a property set. */
  private edited: string | undefined;
  /** Where the editor's code came from, while it is a link's or a kept edit the reader has not run here. */
  private foreign: ForeignOrigin | undefined;
  private readonly persisted: PersistedCode;
  readonly link: CodeLink;

  constructor(private readonly host: CodeHost, private readonly status: StatusLine, linkField: () => HTMLInputElement | null) {
    this.persisted = new PersistedCode(host, () => host.persist && !host.readonly);
    this.link = new CodeLink(
      host,
      () => host.share && !host.readonly,
      (linked) => this.link.offer(linked.code === host.code ? undefined : linked),
      linkField,
    );
    host.addController(this);
  }

  /** Code written inside the tag, unless a property gave some. */
  hostConnected(): void {
    if (!this.host.hasUpdated && !this.host.code) this.host.code = codeFromLightDom(this.host);
  }

  /**
   * Call from the element's `willUpdate`, before its controllers' `hostUpdate` read the code: a property set becomes the
   * original; before the first render, a kept edit or a link's code takes the original's place.
   */
  willUpdate(changed: PropertyValues): void {
    if (changed.has('code') && typeof this.host.code !== 'string') {
      console.warn(`<python-sandbox>: code must be a string, got ${typeof this.host.code}; using "".`);
      this.host.code = '';
    }
    if (!this.host.hasUpdated || (changed.has('code') && this.host.code !== this.edited)) {
      this.original = this.host.code;
      if (this.foreign) this.status.notice = '';
      this.foreign = undefined;
    }
    if (!this.host.hasUpdated) {
      const opening = openingCode(this.original, this.persisted.read(this.original), this.link.takeInitial());
      if (opening.start) this.start(opening.start);
      this.link.offer(opening.offer);
    }
  }

  /** What a run on another cell's behalf runs: the editor's code, unless it is foreign; then the original. */
  get forOtherCells(): { readonly code: string; readonly foreign?: ForeignOrigin } {
    return this.foreign ? { code: this.original, foreign: this.foreign } : { code: this.host.code };
  }

  /** A run of `code` in this element starts, by the reader's Run (or the page's `run()`): the editor's code is theirs. */
  ran(code: string): void {
    if (code !== this.host.code) return;
    this.foreign = undefined;
    this.status.notice = '';
  }

  /** The reader took the link's code offered: it replaces the editor's (and the kept edit), marked as a link's. */
  readonly acceptOffer = () => {
    const linked = this.link.offered;
    if (!linked) return;
    this.link.offer(undefined);
    this.start(linkedCode(linked));
    this.persisted.loadedFromLink(linked.code, this.original, linked.tag);
  };

  readonly dismissOffer = () => this.link.offer(undefined);

  /**
   * The reader typed: the editor's code, kept with `persist`. Typing into foreign code leaves it foreign (and marked):
   * an edit on line 1 says nothing of line 500.
   */
  edit(code: string): void {
    this.show(code);
    this.persisted.edited(code, this.original);
  }

  /** Code put in the editor for the reader (an exercise's solution): an edit, so Reset still puts the original back. */
  load(code: string): void {
    this.show(code);
    if (this.foreign) this.status.notice = '';
    this.foreign = undefined;
  }

  /** Reset: the original back, its notice gone, a kept edit forgotten. */
  reset(): void {
    this.host.code = this.original;
    this.foreign = undefined;
    this.status.notice = '';
    this.persisted.clear(this.original);
  }

  /** Copy link: copies a link to the editor's code, and says so in the status line. */
  readonly copyLink = async () => {
    this.status.text = await this.link.copy(this.host.code);
  };

  private show(code: string): void {
    this.host.code = this.edited = code;
  }

  /** Shows a kept edit or a link's code instead of the original, marked. */
  private start(starting: StartingCode): void {
    this.show(starting.code);
    this.foreign = starting.origin;
    this.status.notice = starting.notice;
    if (starting.origin !== 'link') return;
    this.persisted.startedFromLink(starting.linkTag!);
    void this.host.updateComplete.then(() => this.host.scrollIntoView({ block: 'nearest' }));
  }
}
