import type { LitElement } from 'lit';

/**
 * Waits until every `<python-sandbox>` under `root` has rendered. First renders of several elements take turns across
 * tasks (src/python-sandbox/render-queue.ts), so `fixture()` of a wrapper resolves before its later elements render.
 */
export async function rendered(root: ParentNode): Promise<void> {
  await Promise.all([...root.querySelectorAll('python-sandbox')].map((element) => (element as LitElement).updateComplete));
}
