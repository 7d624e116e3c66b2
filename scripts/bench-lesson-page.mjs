// The long lesson of bench row 9: a static HTML page as a docs generator writes it, with `count` Python examples of
// about twelve lines between paragraphs of prose. Served by the bench server at /bench/lesson.html:
//   ?kind=blocks     highlighted code blocks (spans per token, as Pygments or Shiki leave them), half marked by a first
//                    line `#| sandbox`, half by the class `python-sandbox` on their wrapper; the page loads auto.js
//   ?kind=elements   the same programs as <python-sandbox> elements written in the HTML; the page loads define.js
//   ?count=N         examples (default 50)
import { classHighlighter, highlightCode } from '@lezer/highlight';
import { parser } from '@lezer/python';

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Example `n` (1-based): twelve lines, each example a little different, as the steps of a lesson are. */
export function exampleProgram(n) {
  return [
    `# Step ${n}: squares, a running total and a condition`,
    'def square(x):',
    '    """Return x squared."""',
    '    return x * x',
    '',
    `limit = ${n + 3}`,
    'total = 0',
    'for i in range(limit):',
    '    total += square(i)',
    '    if total > 100 and i % 2 == 0:',
    '        print(f"step {i}: total {total} < {limit * 100}")',
    `print("done", total, [square(k) for k in range(${(n % 4) + 2})])`,
  ].join('\n');
}

/** What a generator's highlighter leaves: the text in one span per token, HTML-escaped. */
function highlighted(code) {
  let markup = '';
  highlightCode(code, parser.parse(code), classHighlighter,
    (text, classes) => (markup += classes ? `<span class="${classes}">${escape(text)}</span>` : escape(text)),
    () => (markup += '\n'));
  return markup;
}

function block(n) {
  const code = exampleProgram(n);
  // Half the blocks carry the marker line, half the class, as an author may mix both.
  if (n % 2) return `<div class="highlight"><pre><code class="language-python">${highlighted(`#| sandbox\n${code}`)}\n</code></pre></div>`;
  return `<div class="highlight python-sandbox"><pre><code class="language-python">${highlighted(code)}\n</code></pre></div>`;
}

function element(n) {
  return `<python-sandbox><script type="text/x-python">\n${exampleProgram(n)}\n</script></python-sandbox>`;
}

const prose = (n) => `<h2>Step ${n}</h2>
<p>Each step of the lesson explains a little more, then shows a program the reader can run and change. This one adds
the squares below a limit of ${n + 3} and prints the running total whenever it passes a hundred on an even step.</p>`;

export function lessonHtml(params) {
  const kind = params.get('kind') === 'elements' ? 'elements' : 'blocks';
  const count = Number(params.get('count') ?? 50);
  const script = kind === 'blocks' ? '/dist/auto.js' : '/dist/define.js';
  const steps = Array.from({ length: count }, (_, index) => `${prose(index + 1)}\n${(kind === 'blocks' ? block : element)(index + 1)}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="color-scheme" content="light dark">
<title>python-sandbox bench: a long lesson (${count} ${kind})</title>
<script type="module" src="${script}"></script>
<script type="module" src="/bench/lesson.js"></script>
<style>
  body { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; font: 16px/1.6 system-ui, sans-serif; }
  .highlight pre { padding: 1rem; margin: 1rem 0; background: light-dark(#f6f8fa, #161b22); overflow-x: auto; }
  .tok-keyword { color: #cf222e; } .tok-string { color: #0a3069; } .tok-comment { color: #6e7781; }
  .tok-number { color: #0550ae; } .tok-variableName.tok-definition { color: #8250df; }
</style>
</head>
<body>
<h1>A long lesson</h1>
${steps.join('\n')}
</body>
</html>
`;
}
