// What the library build (vite.config.ts) gives Lit's server builds in place of @lit-labs/ssr-dom-shim. Those builds
// are bundled so that dist/ imports in Node, where SSR frameworks and docs generators render pages: they extend
// `globalThis.HTMLElement ?? HTMLElement` from here, and set `globalThis.customElements ??= customElements` from
// here, which leaves a browser's registry alone and Node's `customElements` undefined (define.js checks for it).
// Nothing constructs this class: an element can be created only in a browser.
export class HTMLElement {}
export const customElements = undefined;
