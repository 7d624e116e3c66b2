/**
 * Code blocks as docs generators render them, for upgrade-code-blocks.test.ts. The Pygments ones are the output of
 * Python-Markdown 3.4 + pymdown-extensions (Material's highlighter) and Sphinx 5.3 for the program below; the others
 * follow the generators' templates: VitePress 1 (Shiki), Docusaurus 3 (prism-react-renderer, `theme/CodeBlock/Line`),
 * Starlight (Expressive Code `render-line.ts`, plugin-line-numbers).
 *
 * Python-Markdown and reStructuredText expand tabs before Pygments sees the code; a tab is put into their markup here
 * anyway, since what is tested is how the DOM's text is read back.
 */

/** The program every fixture shows, as Python reads it. */
export const PROGRAM = 'a, b = 1, 2\nif a < b:\n    x = "&amp;"\n\nprint(x, "\t|")';
/** What CPython prints for it. */
export const PROGRAM_OUTPUT = '&amp; \t|\n';

export interface GeneratorFixture {
  name: string;
  /** The page fragment. */
  html: string;
  /** Selector (inside the fragment) of the element the sandbox takes the place of. */
  replaces: string;
}

const pygmentsLines = [
  '<span class="n">a</span><span class="p">,</span> <span class="n">b</span> <span class="o">=</span> <span class="mi">1</span><span class="p">,</span> <span class="mi">2</span>',
  '<span class="k">if</span> <span class="n">a</span> <span class="o">&lt;</span> <span class="n">b</span><span class="p">:</span>',
  '    <span class="n">x</span> <span class="o">=</span> <span class="s2">&quot;&amp;amp;&quot;</span>',
  '',
  '<span class="nb">print</span><span class="p">(</span><span class="n">x</span><span class="p">,</span> <span class="s2">&quot;\t|&quot;</span><span class="p">)</span>',
];
const pygmentsMarker = '<span class="c1">#| sandbox</span>';
const pygments = (lines: string[]) => lines.join('\n') + '\n';

const materialAnchored = [pygmentsMarker, ...pygmentsLines].map((line, index) =>
  `<span id="__span-0-${index + 1}"><a id="__codelineno-0-${index + 1}" name="__codelineno-0-${index + 1}" ` +
  `href="#__codelineno-0-${index + 1}"></a>${line}\n</span>`).join('');

const numbered = (count: number) =>
  Array.from({ length: count }, (_, index) => `<span class="normal">${index + 1}</span>`).join('\n');

const shikiLines = [
  '<span class="line"><span style="--shiki-light:#6A737D;--shiki-dark:#6A737D;">#| sandbox</span></span>',
  '<span class="line"><span style="--shiki-light:#24292E;--shiki-dark:#E1E4E8;">a, b </span><span style="--shiki-light:#D73A49;--shiki-dark:#F97583;">=</span><span style="--shiki-light:#005CC5;--shiki-dark:#79B8FF;"> 1</span><span style="--shiki-light:#24292E;--shiki-dark:#E1E4E8;">, </span><span style="--shiki-light:#005CC5;--shiki-dark:#79B8FF;">2</span></span>',
  '<span class="line"><span style="--shiki-light:#D73A49;--shiki-dark:#F97583;">if</span><span style="--shiki-light:#24292E;--shiki-dark:#E1E4E8;"> a </span><span style="--shiki-light:#D73A49;--shiki-dark:#F97583;">&lt;</span><span style="--shiki-light:#24292E;--shiki-dark:#E1E4E8;"> b:</span></span>',
  '<span class="line"><span style="--shiki-light:#24292E;--shiki-dark:#E1E4E8;">    x </span><span style="--shiki-light:#D73A49;--shiki-dark:#F97583;">=</span><span style="--shiki-light:#032F62;--shiki-dark:#9ECBFF;"> "&amp;amp;"</span></span>',
  '<span class="line"></span>',
  '<span class="line"><span style="--shiki-light:#005CC5;--shiki-dark:#79B8FF;">print</span><span style="--shiki-light:#24292E;--shiki-dark:#E1E4E8;">(x, </span><span style="--shiki-light:#032F62;--shiki-dark:#9ECBFF;">"\t|"</span><span style="--shiki-light:#24292E;--shiki-dark:#E1E4E8;">)</span></span>',
].join('\n');

// prism-react-renderer: one span per line, ended by <br>, no newline characters; an empty line has an empty token.
const prismTokens = [
  '<span class="token comment" style="color:#999988;font-style:italic">#| sandbox</span>',
  '<span class="token plain">a</span><span class="token punctuation" style="color:#393A34">,</span><span class="token plain"> b </span><span class="token operator" style="color:#393A34">=</span><span class="token plain"> </span><span class="token number" style="color:#36acaa">1</span><span class="token punctuation" style="color:#393A34">,</span><span class="token plain"> </span><span class="token number" style="color:#36acaa">2</span>',
  '<span class="token keyword" style="color:#00009f">if</span><span class="token plain"> a </span><span class="token operator" style="color:#393A34">&lt;</span><span class="token plain"> b</span><span class="token punctuation" style="color:#393A34">:</span>',
  '<span class="token plain">    x </span><span class="token operator" style="color:#393A34">=</span><span class="token plain"> </span><span class="token string" style="color:#e3116c">"&amp;amp;"</span>',
  '<span class="token plain" style="display:inline-block"></span>',
  '<span class="token builtin">print</span><span class="token punctuation" style="color:#393A34">(</span><span class="token plain">x</span><span class="token punctuation" style="color:#393A34">,</span><span class="token plain"> </span><span class="token string" style="color:#e3116c">"\t|"</span><span class="token punctuation" style="color:#393A34">)</span>',
];
const docusaurusButtons = '<div class="buttonGroup__atx"><button type="button" aria-label="Copy code to clipboard" ' +
  'title="Copy" class="clean-btn"><span class="copyButtonIcons_eSgA" aria-hidden="true"></span></button></div>';

// Expressive Code: one div.ec-line per line with no newline between them; an empty line's div.code holds "\n".
const ecCode = [
  '<span style="--0:#6A737D;--1:#6A737D">#| sandbox</span>',
  '<span style="--0:#E1E4E8;--1:#24292E">a, b </span><span style="--0:#F97583;--1:#BF3441">=</span><span style="--0:#79B8FF;--1:#005CC5"> 1</span><span style="--0:#E1E4E8;--1:#24292E">, </span><span style="--0:#79B8FF;--1:#005CC5">2</span>',
  '<span style="--0:#F97583;--1:#BF3441">if</span><span style="--0:#E1E4E8;--1:#24292E"> a </span><span style="--0:#F97583;--1:#BF3441">&lt;</span><span style="--0:#E1E4E8;--1:#24292E"> b:</span>',
  '<span class="indent"><span style="--0:#E1E4E8;--1:#24292E">    </span></span><span style="--0:#E1E4E8;--1:#24292E">x </span><span style="--0:#F97583;--1:#BF3441">=</span><span style="--0:#9ECBFF;--1:#032F62"> "&amp;amp;"</span>',
  '\n',
  '<span style="--0:#79B8FF;--1:#005CC5">print</span><span style="--0:#E1E4E8;--1:#24292E">(x, </span><span style="--0:#9ECBFF;--1:#032F62">"\t|"</span><span style="--0:#E1E4E8;--1:#24292E">)</span>',
];
const ecCopy = '<div class="copy"><div aria-live="polite"></div><button title="Copy to clipboard" data-copied="Copied!" ' +
  'data-code="a, b = 1, 2"><div></div></button></div>';

export const GENERATOR_FIXTURES: GeneratorFixture[] = [
  {
    name: 'Python-Markdown / Material',
    html: `<div class="highlight"><pre><span></span><code>${pygments([pygmentsMarker, ...pygmentsLines])}</code></pre></div>`,
    replaces: '.highlight',
  },
  {
    name: 'Material with linenums (table)',
    html: `<div class="highlight"><table class="highlighttable"><tr><td class="linenos"><div class="linenodiv"><pre><span></span>${
      numbered(6)}</pre></div></td><td class="code"><div><pre><span></span><code>${
      pygments([pygmentsMarker, ...pygmentsLines])}</code></pre></div></td></tr></table></div>`,
    replaces: '.highlight',
  },
  {
    name: 'Material with anchor_linenums and line_spans',
    html: `<div class="highlight"><pre><span></span><code>${materialAnchored}</code></pre></div>`,
    replaces: '.highlight',
  },
  {
    name: 'Material with pymdownx-inline line numbers',
    html: `<div class="highlight"><pre><span></span><code>${pygments([pygmentsMarker, ...pygmentsLines]
      .map((line, index) => `<span class="linenos" data-linenos="${index + 1} "></span>${line}`))}</code></pre></div>`,
    replaces: '.highlight',
  },
  {
    name: 'Material, marked with { .python .python-sandbox }',
    html: `<div class="python-sandbox highlight"><pre><span></span><code>${pygments(pygmentsLines)}</code></pre></div>`,
    replaces: '.highlight',
  },
  {
    name: 'Sphinx / Pygments',
    html: `<div class="highlight-python notranslate"><div class="highlight"><pre><span></span>${
      pygments([pygmentsMarker, ...pygmentsLines])}</pre></div>\n</div>`,
    replaces: '.highlight-python',
  },
  {
    name: 'Sphinx with :class: python-sandbox and :linenos:',
    html: `<div class="python-sandbox highlight-python notranslate"><div class="highlight"><pre><span></span>${
      pygments(pygmentsLines.map((line, index) => `<span class="linenos">${index + 1}</span>${line}`))}</pre></div>\n</div>`,
    replaces: '.highlight-python',
  },
  {
    name: 'Sphinx with :caption:',
    html: `<div class="literal-block-wrapper docutils container" id="id1">\n<div class="code-block-caption"><span ` +
      `class="caption-text">example.py</span><a class="headerlink" href="#id1" title="Permalink to this code">¶</a></div>\n` +
      `<div class="highlight-python notranslate"><div class="highlight"><pre><span></span>${
      pygments([pygmentsMarker, ...pygmentsLines])}</pre></div>\n</div>\n</div>`,
    replaces: '.highlight-python',
  },
  {
    name: 'VitePress / Shiki',
    html: `<div class="language-python vp-adaptive-theme"><button title="Copy Code" class="copy"></button><span class="lang">python</span>` +
      `<pre class="shiki shiki-themes github-light github-dark vp-code" tabindex="0"><code>${shikiLines}</code></pre></div>`,
    replaces: '.language-python',
  },
  {
    name: 'VitePress with line numbers',
    html: `<div class="language-python vp-adaptive-theme line-numbers-mode"><button title="Copy Code" class="copy"></button>` +
      `<span class="lang">python</span><pre class="shiki shiki-themes github-light github-dark vp-code" tabindex="0"><code>${
      shikiLines}</code></pre><div class="line-numbers-wrapper" aria-hidden="true">${
      Array.from({ length: 6 }, (_, index) => `<span class="line-number">${index + 1}</span><br>`).join('')}</div></div>`,
    replaces: '.language-python',
  },
  {
    name: 'Docusaurus / prism-react-renderer',
    html: `<div class="language-python codeBlockContainer_Ckt0 theme-code-block" style="--prism-color:#393A34">` +
      `<div class="codeBlockContent_biex"><pre tabindex="0" class="prism-code language-python codeBlock_bY9V thin-scrollbar">` +
      `<code class="codeBlockLines_e6Vv">${prismTokens.map((tokens) => `<span class="token-line" style="color:#393A34">${
      tokens}<br></span>`).join('')}</code></pre>${docusaurusButtons}</div></div>`,
    replaces: '.theme-code-block',
  },
  {
    name: 'Docusaurus with showLineNumbers and a title',
    html: `<div class="language-python codeBlockContainer_Ckt0 theme-code-block"><div class="codeBlockTitle_Ktv7">lesson.py</div>` +
      `<div class="codeBlockContent_biex"><pre tabindex="0" class="prism-code language-python codeBlock_bY9V thin-scrollbar">` +
      `<code class="codeBlockLines_e6Vv codeBlockLinesWithNumbering_o6Pm">${prismTokens.map((tokens) =>
      `<span class="token-line codeLine_lJS_"><span class="codeLineNumber_Tfdd"></span><span class="codeLineContent_feaV">${
      tokens}</span><br></span>`).join('')}</code></pre>${docusaurusButtons}</div></div>`,
    replaces: '.theme-code-block',
  },
  {
    name: 'Starlight / Expressive Code',
    html: `<div class="expressive-code"><figure class="frame not-content"><figcaption class="header"></figcaption>` +
      `<pre data-language="python"><code>${ecCode.map((code) => `<div class="ec-line"><div class="code">${code}</div></div>`)
      .join('')}</code></pre>${ecCopy}</figure></div>`,
    replaces: '.expressive-code',
  },
  {
    name: 'Expressive Code with line numbers',
    html: `<div class="expressive-code"><figure class="frame has-title not-content"><figcaption class="header"><span ` +
      `class="title">lesson.py</span></figcaption><pre data-language="python"><code>${ecCode.map((code, index) =>
      `<div class="ec-line"><div class="gutter"><div class="ln" aria-hidden="true">${index + 1}</div></div>` +
      `<div class="code">${code}</div></div>`).join('')}</code></pre>${ecCopy}</figure></div>`,
    replaces: '.expressive-code',
  },
];
