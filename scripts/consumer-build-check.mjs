// What `npm run test:consumer` checks in a consumer project's build output.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A build holds Pyodide's files in one pyodide/ folder beside the chunk that holds the library, where its runtime
 * looks by default, as they are and nowhere else, and no `file:` URL. Returns the folder; throws what is wrong.
 */
export function checkBuild(out, label, { root, packedFiles }) {
  const walk = (dir) => readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? walk(file) : [path.relative(out, file).split(path.sep).join('/')];
  });
  const built = walk(out);
  const folders = new Set(built.filter((file) => file.endsWith('/pyodide.asm.wasm')).map(path.posix.dirname));
  if (folders.size !== 1) throw new Error(`${label}'s build holds ${folders.size} pyodide/ folders: ${built.join(', ')}`);
  const [folder] = folders;
  for (const file of packedFiles.filter((file) => file.startsWith('dist/pyodide/'))) {
    const copy = path.join(out, folder, path.basename(file));
    if (statSync(copy, { throwIfNoEntry: false })?.size !== statSync(path.join(root, file)).size) {
      throw new Error(`${label}'s ${folder}/ lacks ${path.basename(file)}`);
    }
  }
  const scripts = built.filter((file) => file.endsWith('.js'));
  const text = (file) => readFileSync(path.join(out, file), 'utf8');
  const beside = scripts.some((file) =>
    path.posix.dirname(file) === path.posix.dirname(folder) && text(file).includes('python-sandbox'));
  if (!beside) throw new Error(`${label}: ${folder}/ is not beside the chunk that holds the library`);
  const stray = built.filter((file) => !file.startsWith(folder + '/') && /\.(wasm|zip|mjs)$|pyodide/.test(file));
  if (stray.length) throw new Error(`${label}: Pyodide files outside ${folder}/: ${stray.join(', ')}`);
  const bytes = scripts.reduce((sum, file) => sum + statSync(path.join(out, file)).size, 0);
  if (bytes > 1_500_000) throw new Error(`${label}'s JavaScript is ${bytes} bytes: something was inlined`);
  const fileURL = scripts.find((file) => /file:\/\/\/[^"'`\s]+/.test(text(file)));
  if (fileURL) throw new Error(`${label}: ${fileURL} holds a file: URL of this machine`);
  return folder;
}
