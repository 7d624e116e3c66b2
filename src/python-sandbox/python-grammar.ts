/** Lezer's Python grammar, a chunk of its own: decoding its parse tables is most of the highlighter's load (highlight.ts). */
export { parser } from '@lezer/python';
