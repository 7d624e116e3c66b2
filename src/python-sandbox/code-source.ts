/**
 * The code an author wrote inside the tag: a `<script type="text/x-python">` child (no HTML escaping needed) or
 * else the text content, dedented and trimmed of leading and trailing blank lines.
 */
export function codeFromLightDom(host: HTMLElement): string {
  // Slotted scripts are an exercise's setup, check or solution (exercise-source.ts), not the code.
  const script = host.querySelector(':scope > script[type="text/x-python"]:not([slot])');
  const raw = script ? script.textContent ?? '' : [...host.childNodes]
    .filter((node) => node.nodeType === Node.TEXT_NODE)
    .map((node) => node.textContent)
    .join('');
  return dedent(raw);
}

/** Input given in the tag: a `<script type="text/plain" slot="stdin">` child, dedented, one line per line. */
export function stdinFromLightDom(host: HTMLElement): string | undefined {
  const script = host.querySelector(':scope > script[type="text/plain"][slot="stdin"]');
  if (!script) return undefined;
  const text = dedent(script.textContent ?? '');
  return text ? text + '\n' : '';
}

export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const indents = lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common).replace(/[ \t]+$/, '')).join('\n');
}
