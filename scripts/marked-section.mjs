// A section of a Markdown file that a script writes: everything between `<!-- name:start -->` and
// `<!-- name:end -->`. The text around the markers stays as people wrote it.

const markers = (name) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];

function bounds(text, name) {
  const [start, end] = markers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  // Exactly one pair, in order: a second pair would leave one copy stale without anyone noticing.
  if (from < 0 || to < from || text.indexOf(start, from + 1) >= 0 || text.indexOf(end, to + 1) >= 0) {
    throw new Error(`expected one "${start}" followed by one "${end}"`);
  }
  return { inner: from + start.length, end: to };
}

/** The text between the markers, without the newlines that frame it. */
export function readMarkedSection(text, name) {
  const { inner, end } = bounds(text, name);
  return text.slice(inner, end).replace(/^\n/, '').replace(/\n$/, '');
}

/** `text` with the section between the markers replaced by `content`; the markers themselves stay. */
export function replaceMarkedSection(text, name, content) {
  const { inner, end } = bounds(text, name);
  return `${text.slice(0, inner)}\n${content.replace(/\n+$/, '')}\n${text.slice(end)}`;
}
