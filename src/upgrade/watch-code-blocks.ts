import { type UpgradeOptions, removeSandboxOf, upgradeCodeBlocks } from './upgrade-code-blocks.ts';

/**
 * `upgradeCodeBlocks(root)` now and again for whatever is added under `root` later: VitePress and Docusaurus swap the
 * page's content on navigation, Material's instant navigation does the same. A sandbox whose hidden block a framework
 * removes goes with it. Returns a function that stops watching.
 */
export function watchCodeBlocks(root: Document | Element = document, options: UpgradeOptions = {}): () => void {
  upgradeCodeBlocks(root, options);
  const observer = new MutationObserver((records) => {
    const added = new Set<Element>();
    for (const record of records) {
      for (const node of record.removedNodes) removeSandboxOf(node);
      if (!record.addedNodes.length) continue;
      // Text or highlighting put into an existing block: look at that block again.
      const enclosing = record.target.nodeType === Node.ELEMENT_NODE ? (record.target as Element).closest('pre') : null;
      if (enclosing) {
        added.add(enclosing);
        continue;
      }
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && (node as Element).localName !== 'python-sandbox') added.add(node as Element);
      }
    }
    for (const element of added) if (element.isConnected) upgradeCodeBlocks(element, options);
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
