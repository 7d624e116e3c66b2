// PNG screenshots of a page in headless Chromium, for scripts/screenshots.mjs (the demo) and the docs test
// (scripts/docs-sites/). Puppeteer's full-page capture does not paint what lies outside the viewport, such as
// `content-visibility: auto` blocks (the consoles) and sandboxed iframes (HTML output): it showed blank or stretched
// consoles. So both ways here only ever capture what is inside the viewport.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Lets what just came into view lay out and paint. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/**
 * One PNG per screenful, scrolled from the top as a reader would; `fileFor(n)` names the n-th (from 1). Returns how
 * many were written.
 */
export async function captureScreenfuls(page, fileFor) {
  const { height } = page.viewport();
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  const screens = Math.ceil(pageHeight / height);
  for (let screen = 0; screen < screens; screen++) {
    await page.evaluate((top) => window.scrollTo(0, top), screen * height);
    await settle();
    mkdirSync(path.dirname(fileFor(screen + 1)), { recursive: true });
    await page.screenshot({ path: fileFor(screen + 1) });
  }
  return screens;
}

/** The whole page in one PNG, taken with a viewport as tall as the page (at most `maxHeight`), then set back. */
export async function captureWholePage(page, file, maxHeight = 4000) {
  const viewport = page.viewport();
  const height = await page.evaluate(() => {
    scrollTo(0, 0);
    return document.documentElement.scrollHeight;
  });
  await page.setViewport({ ...viewport, height: Math.min(height, maxHeight) });
  await settle();
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  await page.setViewport(viewport);
}
