// The README's picture: the demo's first example after a run, light scheme, cropped to the element.
// Starts the demo's dev server, runs the example in headless Chromium and writes docs/images/python-sandbox.png.
// Usage: node scripts/readme-screenshot.mjs   (commit the PNG; keep it under 150 KB)
import puppeteer from 'puppeteer-core';
import { mkdir, stat } from 'node:fs/promises';
import { createServer } from 'vite';
import { chromeArgs, findChrome, installHint } from './find-chrome.mjs';

const output = 'docs/images/python-sandbox.png';
const executablePath = findChrome();
if (!executablePath) throw new Error(installHint);
const server = await createServer({ configFile: 'vite.demo.config.ts', server: { port: 5198 }, logLevel: 'error' });
await server.listen();
const browser = await puppeteer.launch({ executablePath, headless: true, args: chromeArgs });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 760, height: 900, deviceScaleFactor: 1.5 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto('http://localhost:5198/', { waitUntil: 'load' });
  const element = await page.waitForSelector('python-sandbox#hello');
  const result = await element.evaluate(async (sandbox) => (await sandbox.run()).status);
  if (result !== 'ok') throw new Error(`the example's run ended ${result}`);
  // The console appends per animation frame; give the last batch and the status line a moment to paint.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await element.evaluate((sandbox) => sandbox.blur());
  await mkdir('docs/images', { recursive: true });
  await element.screenshot({ path: output });
  console.log(`${output}: ${((await stat(output)).size / 1024).toFixed(0)} KB`);
} finally {
  await browser.close();
  await server.close();
}
