// Screenshots of the demo for a reader's look: light, dark, narrow. Starts the dev server, runs every example,
// and writes one PNG per screenful to screenshots/ (not committed). Usage: node scripts/screenshots.mjs
import puppeteer from 'puppeteer-core';
import { createServer } from 'vite';
import { chromeArgs, ensureChrome, installHint } from './find-chrome.mjs';
import { captureScreenfuls } from './page-screenshots.mjs';

const executablePath = ensureChrome();
if (!executablePath) throw new Error(installHint);
const server = await createServer({ configFile: 'vite.demo.config.ts', server: { port: 5199 }, logLevel: 'error' });
await server.listen();
const browser = await puppeteer.launch({ executablePath, headless: true, args: chromeArgs });
try {
  for (const [name, width, scheme] of [['light', 1100, 'light'], ['dark', 1100, 'dark'], ['narrow', 390, 'light']]) {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await page.goto('http://localhost:5199/', { waitUntil: 'load' });
    await page.evaluate(async () => {
      const all = [...document.querySelectorAll('python-sandbox')];
      for (const el of all) {
        const running = el.run();
        // Examples that ask for input get an answer typed into the console's field, as a reader would.
        const answers = ['Ada', 'teal'];
        const typing = setInterval(() => {
          const field = el.shadowRoot.querySelector('.console__input');
          if (!field || !answers.length) return;
          field.value = answers.shift();
          field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
        }, 100);
        await running;
        clearInterval(typing);
      }
    });
    const screens = await captureScreenfuls(page, (screen) => `screenshots/demo-${name}-${screen}.png`);
    await page.close();
    console.log(`screenshots/demo-${name}-1…${screens}.png`);
  }
} finally {
  await browser.close();
  await server.close();
}
