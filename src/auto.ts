// `<script type="module" src=".../auto.js">`: registers <python-sandbox> (as define.js does) and, once the page has
// loaded and gone idle, turns the marked code blocks of the page into sandboxes, now and whenever the page's content
// changes. Imported in Node (server rendering), it does nothing but export.
import { watchCodeBlocks } from './upgrade/watch-code-blocks.ts';

export * from './define.ts';

/**
 * Waits for the `load` event and then an idle moment: sites rendered on the server hydrate in their own deferred
 * scripts (React in Docusaurus, Vue in VitePress), and a block replaced before hydration ends makes the framework
 * find markup it did not render (React's error #418, and a re-render of the page). Until then readers see the
 * code blocks as the site rendered them.
 */
function whenSettled(start: () => void): void {
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(() => start(), { timeout: 1000 }) : setTimeout(start, 200));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}

if (typeof document !== 'undefined') whenSettled(() => watchCodeBlocks(document));
