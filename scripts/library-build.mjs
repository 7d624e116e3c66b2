// Vite plugins for the library build (vite.config.ts): Pyodide's runtime files beside the bundle, and declarations.
import { readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { pyodideDir } from './pyodide-assets.mjs';

// What loadPyodide fetches for the core interpreter; packages (micropip, numpy…) come from Pyodide's CDN.
const pyodideFiles = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];

/** Copies Pyodide's core files to `<outDir>/pyodide/`, where the runtime looks by default (src/runtime/config.ts). */
export function copyPyodide() {
  return {
    name: 'python-sandbox:copy-pyodide',
    apply: 'build',
    async writeBundle(output) {
      const folder = path.join(output.dir, 'pyodide');
      await mkdir(folder, { recursive: true });
      await Promise.all(pyodideFiles.map((file) => copyFile(pyodideDir + file, path.join(folder, file))));
    },
  };
}

// The parts of the package that run in Node at the consumer's build, shipped as they are (src/node/).
const nodeFiles = {
  'vite.js': 'src/node/vite-plugin.mjs',
  'vite.d.ts': 'src/node/vite-plugin.d.ts',
  'copy-pyodide.js': 'src/node/copy-pyodide.mjs',
  // Typings for frameworks, as they are: `python-sandbox/react` and `python-sandbox/vue`.
  'react.d.ts': 'src/react.d.ts',
  'vue.d.ts': 'src/vue.d.ts',
};

/** Copies the Vite plugin (`python-sandbox/vite`), the `python-sandbox-copy-pyodide` command and the framework typings into `<outDir>`. */
export function copyNodeFiles() {
  let root = process.cwd();
  return {
    name: 'python-sandbox:node-files',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    async writeBundle(output) {
      await Promise.all(Object.entries(nodeFiles).map(([name, source]) =>
        copyFile(path.join(root, source), path.join(output.dir, name))));
      await chmod(path.join(output.dir, 'copy-pyodide.js'), 0o755);
    },
  };
}

/**
 * Type-checks with `tsconfig` and writes the declarations the entries reach into the output folder.
 *
 * tsc alone cannot lay them out as the package needs: src/ imports types from worker/, so its root must be the
 * repository and `dist/index.d.ts` would land in `dist/src/`; and it leaves `.ts` in relative specifiers even with
 * `rewriteRelativeImportExtensions` (microsoft/TypeScript#61037), which some editors fail to follow. Here `src/*`
 * goes to the top, `worker/*` to `worker/`, specifiers are rewritten to the `.js` files beside them, and files no
 * entry reaches (the generated worker sources, typed as 25 kB string literals) are left out.
 */
export function emitDeclarations({ tsconfig = 'tsconfig.build.json', entries = ['src/index.ts', 'src/define.ts'] } = {}) {
  let root = process.cwd();
  return {
    name: 'python-sandbox:declarations',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    async writeBundle(output) {
      const declarations = emit(path.resolve(root, tsconfig), root);
      const place = (file) => (file.startsWith('src/') ? file.slice('src/'.length) : file);
      const written = new Map();
      const pending = entries.map((entry) => entry.replace(/\.ts$/, '.d.ts'));
      while (pending.length) {
        const file = pending.pop();
        if (written.has(file)) continue;
        const emitted = declarations.get(file);
        if (emitted === undefined) throw new Error(`declarations: nothing emitted for ${file}`);
        const text = installedTypesOnly(file, emitted, root);
        const from = path.posix.dirname(file);
        written.set(file, text.replace(relativeSpecifier, (_match, lead, quote, specifier) => {
          const target = path.posix.join(from, specifier).replace(/\.(ts|js)$/, '.d.ts');
          if (!declarations.has(target)) throw new Error(`declarations: ${file} imports ${specifier}, which was not emitted`);
          pending.push(target);
          let relative = path.posix.relative(path.posix.dirname(place(file)), place(target)).replace(/\.d\.ts$/, '.js');
          if (!relative.startsWith('.')) relative = './' + relative;
          return lead + quote + relative + quote;
        }));
      }
      const places = new Map();
      for (const file of written.keys()) {
        if (places.has(place(file))) throw new Error(`declarations: ${file} and ${places.get(place(file))} collide`);
        places.set(place(file), file);
      }
      await Promise.all([...written].map(async ([file, text]) => {
        const destination = path.join(output.dir, place(file));
        await mkdir(path.dirname(destination), { recursive: true });
        await writeFile(destination, text);
      }));
    },
  };
}

/**
 * Declarations may import from what installing the package brings (lit and its own dependencies, for the element's
 * base class): the rest (pyodide, @lezer/*) are bundled into dist/ and not installed with it. Pyodide's types appear
 * only in the worker's internals, which no consumer calls, as type-only imports: those names become `any`. Anything
 * else is an error.
 */
function installedTypesOnly(file, text, root) {
  const dependenciesOf = (folder) => Object.keys(JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')).dependencies ?? {});
  const direct = dependenciesOf(root);
  const brought = new Set([...direct, ...direct.flatMap((name) => dependenciesOf(path.join(root, 'node_modules', name)))]);
  const installed = (specifier) => brought.has(specifier.match(/^(@[^/]+\/)?[^/]+/)[0]);
  const kept = text.replace(/^import type \{([^}]*)\} from '([^.'][^']*)';$/gm, (line, names, specifier) =>
    installed(specifier) ? line : names.split(',').map((name) => `type ${name.trim()} = any;`).join(' '));
  for (const [, specifier] of kept.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^.'"][^'"]*)['"]/g)) {
    if (!installed(specifier)) throw new Error(`declarations: ${file} imports ${specifier}, which consumers do not install`);
  }
  return kept;
}

// `from './x.ts'`, `import './x.ts'`, `import('./x.ts')`, as tsc writes them in declarations.
const relativeSpecifier = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]+)\2/g;

/** Every declaration the project emits, keyed by its path from the repository root (`src/index.d.ts`). */
function emit(configPath, root) {
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, undefined, host);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  const format = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  };
  if (diagnostics.length) throw new Error('\n' + ts.formatDiagnosticsWithColorAndContext(diagnostics, format));
  const outDir = parsed.options.declarationDir ?? parsed.options.outDir;
  const declarations = new Map();
  const result = program.emit(undefined, (fileName, text) => {
    declarations.set(path.relative(outDir, fileName).split(path.sep).join('/'), text);
  }, undefined, true);
  if (result.diagnostics.length) throw new Error('\n' + ts.formatDiagnosticsWithColorAndContext(result.diagnostics, format));
  return declarations;
}

/**
 * CSS as Lit's `css` templates hold it, without its comments and indentation: the JS minifier leaves template text
 * alone. Quoted strings are kept as they are; runs of whitespace become one space, and none is kept next to `{`, `}`
 * or `;`. Only templates with no `${…}` are touched.
 */
export function minifyCss(text) {
  const strings = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/;
  // Comments first, in one pass with the strings, so that a quote in a comment or a `/*` in a string misleads neither.
  const uncommented = text.replace(new RegExp(`\\/\\*[\\s\\S]*?\\*\\/|${strings.source}`, 'g'), (token) => (token.startsWith('/*') ? ' ' : token));
  return uncommented
    .split(new RegExp(`(${strings.source})`))
    .map((part, index) => (index % 2 ? part : part.replace(/\s+/g, ' ').replace(/ ?([{};]) ?/g, '$1')))
    .join('')
    .trim();
}

/** A `css` template with no interpolation, as its source spells it (escapes included). */
const CSS_TEMPLATE = /\bcss`((?:[^`\\$]|\\[\s\S]|\$(?!\{))*)`/g;

/** Minifies the element's `css` templates in the library build (the tests and the dev server use them as written). */
export function minifyCssTemplates() {
  return {
    name: 'python-sandbox:minify-css',
    apply: 'build',
    transform(code, id) {
      if (!id.endsWith('.styles.ts') || !code.includes('css`')) return undefined;
      return { code: code.replace(CSS_TEMPLATE, (_all, text) => `css\`${minifyCss(text)}\``), map: null };
    },
  };
}
