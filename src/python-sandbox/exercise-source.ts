import { dedent } from './code-source.ts';

/**
 * What an author wrote inside the tag for an exercise, read from the light DOM each time it is needed (frameworks may
 * render the children after the element upgrades):
 *
 *   <script type="text/x-python" slot="setup">   run before the reader's code, hidden
 *   <script type="text/x-python" slot="check">   judges the reader's run
 *   <template slot="hint"> / <div slot="hint">   shown one at a time on request
 *   <script type="text/x-python" slot="solution"> or <template|div slot="solution">
 */
export interface Solution {
  /** A code solution, which the reader can load into the editor. */
  code?: string;
  /** Otherwise the solution as the author wrote it (text, markup). */
  element?: Element;
}

const pythonScript = (host: Element, slot: string) =>
  host.querySelector(`:scope > script[type="text/x-python"][slot="${slot}"]`);

export function slottedPython(host: Element, slot: 'setup' | 'check'): string | undefined {
  const script = pythonScript(host, slot);
  const code = script ? dedent(script.textContent ?? '') : '';
  return code || undefined;
}

export function hintElements(host: Element): Element[] {
  return [...host.querySelectorAll(':scope > [slot="hint"]')];
}

export function solutionOf(host: Element): Solution | undefined {
  const script = pythonScript(host, 'solution');
  if (script) return { code: dedent(script.textContent ?? '') };
  const element = host.querySelector(':scope > [slot="solution"]');
  return element ? { element } : undefined;
}

/**
 * A copy of a hint's or a solution's content, to show in the element: a template's content, or the element's children,
 * in a `<div>` of their own (a node that stays whole however often the element renders it).
 */
export function copyContent(element: Element, className: string): HTMLDivElement {
  const copy = document.createElement('div');
  copy.className = className;
  if (element instanceof HTMLTemplateElement) copy.append(document.importNode(element.content, true));
  else for (const child of element.childNodes) copy.append(child.cloneNode(true));
  return copy;
}

/**
 * The setup a `setup` attribute names: the text of the `<script type="text/x-python">` with that id, in the element's
 * tree (its document, or the shadow root it sits in). `problem` says why there is none.
 */
export function setupById(host: Element, id: string): { code?: string; problem?: string } {
  const root = host.getRootNode() as Document | ShadowRoot;
  const found = root.getElementById?.(id) ?? (root === document ? null : document.getElementById(id));
  if (!found) return { problem: `setup="${id}" names no element on the page; expected <script type="text/x-python" id="${id}">. Running without it.` };
  if (!(found instanceof HTMLScriptElement) || found.type !== 'text/x-python') {
    return { problem: `setup="${id}" names a <${found.localName}>, not a <script type="text/x-python">. Running without it.` };
  }
  return { code: dedent(found.textContent ?? '') };
}
