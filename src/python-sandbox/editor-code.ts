import type { PropertyValues, ReactiveController, ReactiveControllerHost } from 'lit';
import { CodeLink } from './code-link.ts';
import { codeFromLightDom } from './code-source.ts';
import { PersistedCode } from './persisted-code.ts';
import { type StartingCode, startingCode } from './starting-code.ts';
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
 * (persisted-code.ts); with `share`, code from a link is shown instead of the original and a link to the editor's code
 * can be copied (code-link.ts). The status line's notice says when the code shown is not the original.
 */
export class EditorCode implements ReactiveController {
  /** What Reset puts back: the code given from outside, never an edit. */
  original = '';
  /** The editor's last edit, to tell it from a property set. */
  private edited: string | undefined;
  private readonly persisted: PersistedCode;
  readonly link: CodeLink;

  constructor(private readonly host: CodeHost, private readonly status: StatusLine, linkField: () => HTMLInputElement | null) {
    this.persisted = new PersistedCode(host, () => host.persist && !host.readonly);
    this.link = new CodeLink(
      host,
      () => host.share && !host.readonly,
      (linked) => this.start(startingCode(this.original, this.persisted.read(this.original), linked)),
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
    if (!this.host.hasUpdated || (changed.has('code') && this.host.code !== this.edited)) this.original = this.host.code;
    if (!this.host.hasUpdated) {
      this.start(startingCode(this.original, this.persisted.read(this.original), this.link.takeInitial()));
    }
  }

  /** The reader typed: the editor's code, kept with `persist`. */
  edit(code: string): void {
    this.load(code);
    this.persisted.edited(code, this.original);
  }

  /** Code put in the editor for the reader (an exercise's solution): an edit, so Reset still puts the original back. */
  load(code: string): void {
    this.host.code = this.edited = code;
  }

  /** Reset: the original back, its notice gone, a kept edit forgotten. */
  reset(): void {
    this.host.code = this.original;
    this.status.notice = '';
    this.persisted.clear(this.original);
  }

  /** Copy link: copies a link to the editor's code, and says so in the status line. */
  readonly copyLink = async () => {
    this.status.text = await this.link.copy(this.host.code);
  };

  /** Shows a kept edit or a link's code instead of the original. */
  private start(starting: StartingCode | undefined): void {
    if (!starting) return;
    this.load(starting.code);
    this.status.notice = starting.notice;
    if (!starting.link) return;
    this.persisted.loadedFromLink(starting.code, this.original, starting.link.tag);
    void this.host.updateComplete.then(() => this.host.scrollIntoView({ block: 'nearest' }));
  }
}
