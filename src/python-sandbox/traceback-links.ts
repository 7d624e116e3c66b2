import { html } from 'lit';
import type { PythonError } from '../runtime/types.ts';
import type { ConsoleBuffer } from './console-buffer.ts';

/** The name tracebacks give the editor's code (worker/tracebacks.py's USER_FILE). */
const USER_FILE = 'main.py';

/** Where a link stands in a traceback's text, and the editor's line it goes to. */
export interface TracebackLink {
  at: number;
  text: string;
  line: number;
}

/**
 * The links of a traceback: one per frame in the user's code that the worker described (from the exception's
 * traceback object, see worker/tracebacks.py), where its `File "main.py", line N` stands in the text. Nothing is
 * searched for in the text: an exception's message is the program's own, and may hold lines that look like frames.
 * A frame whose place does not read as it should is left out.
 */
export function tracebackLinks(error: PythonError): TracebackLink[] {
  const links: TracebackLink[] = [];
  let end = 0;
  for (const { file, line, at } of [...(error.frames ?? [])].sort((a, b) => a.at - b.at)) {
    const text = `File "${USER_FILE}", line ${line}`;
    if (file !== USER_FILE || at < end || !error.traceback.startsWith(text, at)) continue;
    links.push({ at, text, line });
    end = at + text.length;
  }
  return links;
}

/**
 * Puts the traceback of a run's error into the console. Its frames in the user's code become links to the editor's
 * line when `linked` (the run was of the editor's code). Only these get links, never the program's own output.
 */
export function appendTraceback(output: ConsoleBuffer, error: PythonError, linked: boolean): void {
  const { traceback } = error;
  let at = 0;
  for (const link of linked ? tracebackLinks(error) : []) {
    if (link.at > at) output.append('stderr', traceback.slice(at, link.at));
    output.appendLink(link.text, link.line);
    at = link.at + link.text.length;
  }
  output.append('stderr', traceback.slice(at));
}

/** A frame's `File "main.py", line N` as a button that looks like the traceback's text. */
export const renderLineLink = (text: string, line: number) => html`<button type="button" class="console__line-link"
  data-line=${line} title=${`Go to line ${line} in the editor`}>${text}</button>`;

/** The line a click on a traceback's link goes to, or undefined for a click elsewhere in the console. */
export function linkedLine(event: Event): number | undefined {
  const link = (event.target as Element | null)?.closest?.('.console__line-link');
  const line = Number(link?.getAttribute('data-line'));
  return Number.isSafeInteger(line) && line > 0 ? line : undefined;
}
