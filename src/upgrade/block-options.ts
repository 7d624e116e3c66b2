/** What a block may set, each by the `<python-sandbox>` attribute of the same name (which checks the value). */
export const BLOCK_OPTIONS = ['session', 'timeout', 'packages', 'autorun', 'readonly', 'preload', 'run-earlier', 'persist'] as const;
export type BlockOption = (typeof BLOCK_OPTIONS)[number];

const BOOLEAN_OPTIONS: ReadonlySet<string> = new Set<BlockOption>(['autorun', 'readonly', 'run-earlier', 'persist']);
const OPTION_LINE = /^#\|\s*([A-Za-z][\w-]*)\s*(?::(.*))?$/;

export interface OptionLines {
  /** `#| sandbox` is among the leading option lines. */
  readonly sandbox: boolean;
  /** The other leading `#| key: value` lines, in order; `#| key` alone has the value `''`. */
  readonly options: ReadonlyArray<readonly [key: string, value: string]>;
  /** The lines the author meant as a bad option line (`#|` and no `key` or `key: value`). */
  readonly malformed: readonly string[];
  /** The code without the leading option lines. */
  readonly code: string;
}

/**
 * Splits the leading `#|` lines (Quarto's cell options) off a block's code. They are read only at the very start:
 * `#|` further down is an ordinary comment.
 */
export function splitOptionLines(text: string): OptionLines {
  const lines = text.split('\n');
  let count = 0;
  while (count < lines.length && lines[count].startsWith('#|')) count++;
  let sandbox = false;
  const options: [string, string][] = [];
  const malformed: string[] = [];
  for (const line of lines.slice(0, count)) {
    const match = OPTION_LINE.exec(line.trimEnd());
    if (!match) {
      malformed.push(line);
      continue;
    }
    const key = match[1].toLowerCase();
    const value = unquote((match[2] ?? '').trim());
    if (key === 'sandbox') sandbox = value.toLowerCase() !== 'false';
    else options.push([key, value]);
  }
  return { sandbox, options, malformed, code: lines.slice(count).join('\n') };
}

/** `data-session`, `data-timeout`, … on the given elements; the first element that has one wins. */
export function dataOptions(elements: readonly Element[]): Map<BlockOption, string> {
  const found = new Map<BlockOption, string>();
  for (const element of elements) {
    for (const key of BLOCK_OPTIONS) {
      const value = element.getAttribute(`data-${key}`);
      if (value !== null && !found.has(key)) found.set(key, value);
    }
  }
  return found;
}

/**
 * Sets the options on the element as attributes, so its converters check them and warn as they do for HTML the
 * author wrote. `warn` gets each problem found here (an unknown key, a boolean that is neither true nor false).
 */
export function applyOptions(sandbox: Element, options: Iterable<readonly [string, string]>, warn: (message: string) => void): void {
  for (const [key, value] of options) {
    if (!(BLOCK_OPTIONS as readonly string[]).includes(key)) {
      warn(`#| ${key}: is not a code block option (${BLOCK_OPTIONS.join(', ')}); ignoring it.`);
    } else if (BOOLEAN_OPTIONS.has(key)) {
      const flag = booleanValue(value);
      if (flag === undefined) warn(`#| ${key}: ${value} is not true or false; ignoring it.`);
      else sandbox.toggleAttribute(key, flag);
    } else {
      sandbox.setAttribute(key, value);
    }
  }
}

function booleanValue(value: string): boolean | undefined {
  const word = value.trim().toLowerCase();
  if (word === '' || word === 'true' || word === 'yes') return true;
  if (word === 'false' || word === 'no') return false;
  return undefined;
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) && value.length >= 2 ? value.slice(1, -1) : value;
}
