import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { codeHash } from './code-hash.ts';
import { codeInFragment, decodeCode, encodeCode, linkTo } from './link-encoding.ts';
import type { LinkedCode } from './starting-code.ts';

type LinkHost = ReactiveControllerHost & HTMLElement & { readonly hasUpdated: boolean };

/**
 * The `share` attribute: a "Copy link" button that copies the page's URL with the editor's code in its fragment, and
 * code read from such a fragment when it names this element's `id`. On load the link's code may take the editor
 * (editor-code.ts decides); after load a fragment that changes (`hashchange`, which a page on another site can cause
 * in a window it opened) only offers its code, which the reader loads or dismisses. Code from a link is only editor
 * content: it never runs by itself.
 */
export class CodeLink implements ReactiveController {
  /** Settles when the code the page's link gives this element is read; set only before the first render. */
  pending: Promise<void> | undefined;
  /** A link the clipboard refused, shown in a field to copy by hand, with the code it carries. */
  shown: { readonly link: string; readonly code: string } | undefined;
  /** A link's code offered to the reader, who may load it (editor-code.ts) or dismiss it. */
  offered: LinkedCode | undefined;
  private initial: LinkedCode | undefined;
  private warnedNoId = false;

  constructor(
    private readonly host: LinkHost,
    private readonly enabled: () => boolean,
    /** A link's code arrived after load: offer it, unless the editor shows it already. */
    private readonly onLink: (linked: LinkedCode) => void,
    private readonly field: () => HTMLInputElement | null,
  ) {
    host.addController(this);
  }

  /** Whether the element shows the button: `share` and an `id` to name it by. */
  get available(): boolean {
    return this.enabled() && this.host.id !== '';
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.onHashChange);
    if (this.enabled() && !this.host.id && !this.warnedNoId) {
      this.warnedNoId = true;
      console.warn('<python-sandbox share>: share needs an id, which the link names the element by; ' +
        'this element has none, so it shows no "Copy link" button and reads no code from links.');
    }
    if (this.host.hasUpdated || !this.named()) return;
    this.pending = this.read().then((linked) => {
      this.initial = linked;
      this.pending = undefined;
    });
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.onHashChange);
  }

  /** The code the page's link gave before the first render, once. */
  takeInitial(): LinkedCode | undefined {
    const linked = this.initial;
    this.initial = undefined;
    return linked;
  }

  /** Offers `linked` to the reader, or takes the offer away (`undefined`). */
  offer(linked: LinkedCode | undefined): void {
    if (linked === this.offered) return;
    this.offered = linked;
    this.host.requestUpdate();
    if (linked) void this.host.updateComplete.then(() => this.host.scrollIntoView({ block: 'nearest' }));
  }

  /** Copies a link to `code`; returns the status line's text. */
  async copy(code: string): Promise<string> {
    const link = linkTo(location.href, this.host.id, await encodeCode(code));
    this.shown = undefined;
    try {
      await navigator.clipboard.writeText(link);
      this.host.requestUpdate();
      return 'Link copied';
    } catch {
      this.shown = { link, code };
      this.host.requestUpdate();
      await this.host.updateComplete;
      const field = this.field();
      field?.focus();
      field?.select();
      if (field) field.scrollLeft = 0; // select() scrolled to the end; the start says what the link is
      return 'Copy the link from the field below';
    }
  }

  private named(): boolean {
    return this.enabled() && this.host.id !== '' && codeInFragment(location.hash)?.id === this.host.id;
  }

  private async read(): Promise<LinkedCode | undefined> {
    const payload = codeInFragment(location.hash)?.payload ?? '';
    try {
      const code = await decodeCode(payload);
      return { code, tag: codeHash(code) };
    } catch (error) {
      console.warn(`<python-sandbox id="${this.host.id}">: ignoring the code in the page's link: ` +
        `${(error as Error).message}.`);
      return undefined;
    }
  }

  private readonly onHashChange = () => {
    if (!this.named()) return;
    void this.read().then((linked) => linked && this.onLink(linked));
  };
}
