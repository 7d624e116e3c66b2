import { html } from 'lit';
import type { PythonError } from '../runtime/types.ts';
import type { ConsoleBuffer } from './console-buffer.ts';

/**
 * A frame of the user's code in a traceback, as CPython writes it: `  File "main.py", line 3, in f`, indented, and
 * after `|` in an exception group's.
 */
const USER_FRAME = /^([ |+]*)(File "main\.py", line (\d+))/gm;

/** Where `File "main.py", line N` stands in `text`: the pieces around the links, and each link's line. */
export function tracebackLinks(text: string): { index: number; length: number; line: number }[] {
  return [...text.matchAll(USER_FRAME)].map((match) => ({
    index: match.index + match[1].length,
    length: match[2].length,
    line: Number(match[3]),
  }));
}

/**
 * Splits a traceback before its last exception line (`NameError: …`, or `mod.NameError: …`): what comes after it is
 * the message, which the program chose, so only what comes before may hold links. Everything is message when the
 * line cannot be found.
 */
export function splitTraceback(traceback: string, type: string): { frames: string; message: string } {
  const escaped = type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const lines = [...traceback.matchAll(new RegExp(`^(?:[\\w.]+\\.)?${escaped}(?::|$)`, 'gm'))];
  const at = lines.length ? lines[lines.length - 1].index : 0;
  return { frames: traceback.slice(0, at), message: traceback.slice(at) };
}

/**
 * Puts the traceback of a run's error into the console. Its `File "main.py", line N` become links to the editor's
 * line when `linked` (the run was of the editor's code). Only this text gets links, never the program's own output.
 */
export function appendTraceback(output: ConsoleBuffer, error: PythonError, linked: boolean): void {
  const { frames, message } = linked ? splitTraceback(error.traceback, error.type) : { frames: '', message: error.traceback };
  if (frames) output.append('traceback', frames);
  output.append('stderr', message);
}

/** The traceback's text with its frames in the user's code as buttons that look like the text. */
export function renderTraceback(text: string) {
  const pieces: unknown[] = [];
  let at = 0;
  for (const { index, length, line } of tracebackLinks(text)) {
    pieces.push(text.slice(at, index), html`<button type="button" class="console__line-link" data-line=${line}
      title=${`Go to line ${line} in the editor`}>${text.slice(index, index + length)}</button>`);
    at = index + length;
  }
  pieces.push(text.slice(at));
  return html`<span class="console__traceback">${pieces}</span>`;
}

/** The line a click on a traceback's link goes to, or undefined for a click elsewhere in the console. */
export function linkedLine(event: Event): number | undefined {
  const link = (event.target as Element | null)?.closest?.('.console__line-link');
  const line = Number(link?.getAttribute('data-line'));
  return Number.isSafeInteger(line) && line > 0 ? line : undefined;
}
