import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../../test/wait-until.ts';
import { emulateMedia } from '@web/test-runner-commands';
import '../define.ts';
import type { PythonSandbox } from './python-sandbox.ts';
import { rendered } from '../../test/rendered.ts';

// WCAG 2 contrast, computed here from the colours the browser resolved (whatever their notation: rgb(), color(), lch()).
const pixel = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true })!;
function luminance(color: string): number {
  pixel.clearRect(0, 0, 1, 1);
  pixel.fillStyle = color;
  pixel.fillRect(0, 0, 1, 1);
  const [r, g, b] = [...pixel.getImageData(0, 0, 1, 1).data].map((byte) => {
    const c = byte / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}
const textContrast = (element: Element) => contrast(getComputedStyle(element).color, getComputedStyle(element).backgroundColor);
const isDark = (el: PythonSandbox) => luminance(getComputedStyle(el).backgroundColor) < 0.18;
const part = (el: PythonSandbox, name: string) => el.shadowRoot!.querySelector(`[part="${name}"]`)!;

async function inPage(style: string, attributes = ''): Promise<{ wrapper: HTMLElement; el: PythonSandbox }> {
  const wrapper = await fixture<HTMLElement>(html`<div style=${style}></div>`);
  wrapper.innerHTML = `<python-sandbox preload="none" label="Themed" ${attributes}>print("hi")</python-sandbox>`;
  const el = wrapper.querySelector<PythonSandbox>('python-sandbox')!;
  await el.updateComplete;
  return { wrapper, el };
}

afterEach(() => emulateMedia({ colorScheme: 'light' }));

describe('<python-sandbox> theme', () => {
  it('follows the color-scheme its ancestors declare, live, whatever the OS prefers', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { wrapper, el } = await inPage('color-scheme: dark');
    expect(isDark(el), 'dark in a dark page').to.equal(true);
    wrapper.style.colorScheme = 'light';
    expect(isDark(el), 'light once the page switches').to.equal(false);
    await emulateMedia({ colorScheme: 'dark' });
    expect(isDark(el), 'the page said light').to.equal(false);
    wrapper.style.colorScheme = 'light dark';
    expect(isDark(el), 'a page that takes both follows the OS').to.equal(true);
  });

  it('theme="light" and theme="dark" fix the scheme; a bad value warns once and means auto', async () => {
    const { el: dark } = await inPage('color-scheme: light', 'theme="dark"');
    expect(isDark(dark)).to.equal(true);
    const { el: light } = await inPage('color-scheme: dark', 'theme="light"');
    expect(isDark(light)).to.equal(false);

    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      const { wrapper, el: odd } = await inPage('color-scheme: dark', 'theme="sepia"');
      wrapper.insertAdjacentHTML('beforeend', '<python-sandbox preload="none" theme="sepia"></python-sandbox>');
      expect(odd.theme).to.equal('auto');
      expect(isDark(odd), 'auto: the page is dark').to.equal(true);
      expect(warnings.filter((message) => message.includes('theme="sepia"'))).to.have.length(1);
      odd.theme = 'light';
      await odd.updateComplete;
      expect(odd.getAttribute('theme'), 'reflected for the styles').to.equal('light');
      expect(isDark(odd)).to.equal(false);
    } finally {
      console.warn = warn;
    }
  });

  it('sits in the text flow with a margin like a code block, so neighbours do not touch; the page can set its own', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div><p>Text</p><python-sandbox preload="none"></python-sandbox>
      <python-sandbox preload="none"></python-sandbox><python-sandbox preload="none" style="margin: 0"></python-sandbox></div>`);
    await rendered(wrapper);
    const elements = [...wrapper.querySelectorAll('python-sandbox')];
    const [first, second] = elements.map((el) => el.getBoundingClientRect());
    expect(second.top - first.bottom).to.be.at.least(10);
    expect(first.top - wrapper.querySelector('p')!.getBoundingClientRect().bottom).to.be.at.least(10);
    expect(getComputedStyle(elements[2]).marginTop).to.equal('0px');
  });

  describe('a page that declares no scheme (VitePress 1 in light mode, furo, Material 8)', () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.site { background: #ffffff; color: #1f2328 } html[data-site-theme="dark"] .site { background: #1b1b1f; color: #dfdfd6 }');
    beforeEach(() => (document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]));
    afterEach(() => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((each) => each !== sheet);
      delete document.documentElement.dataset.siteTheme;
    });

    it('matches the background behind it, and follows the site\'s switch on <html>', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const wrapper = await fixture<HTMLElement>(html`<div class="site"><section>
        <python-sandbox preload="none">print(1)</python-sandbox></section></div>`);
      await rendered(wrapper);
      const el = wrapper.querySelector<PythonSandbox>('python-sandbox')!;
      expect(isDark(el), 'light like the site, though the OS prefers dark').to.equal(false);
      document.documentElement.dataset.siteTheme = 'dark';
      await waitUntil(() => isDark(el), 'did not follow the site to dark');
      delete document.documentElement.dataset.siteTheme;
      await waitUntil(() => !isDark(el), 'did not follow the site back to light');
    });

    it('with no background at all, is light like the browser\'s canvas', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const { el } = await inPage('');
      expect(isDark(el)).to.equal(false);
    });
  });

  describe('the site\'s accent and code font', () => {
    const accents = ['--md-accent-fg-color', '--md-primary-fg-color', '--color-brand-primary', '--vp-c-brand-1',
      '--ifm-color-primary', '--sl-color-accent'];
    for (const variable of accents) {
      it(`adopts ${variable}, with text on it at 4.5:1 or more in light and dark`, async () => {
        for (const [accent, rgb] of [['#ffd700', 'rgb(255, 215, 0)'], ['#3451b2', 'rgb(52, 81, 178)'], ['#767676', 'rgb(118, 118, 118)']]) {
          for (const scheme of ['light', 'dark']) {
            const { el } = await inPage(`color-scheme: ${scheme}; ${variable}: ${accent}`);
            const run = part(el, 'run-button');
            expect(getComputedStyle(run).backgroundColor, `${accent} in ${scheme}`).to.equal(rgb);
            expect(textContrast(run), `text on ${accent} in ${scheme}`).to.be.at.least(4.5);
          }
        }
      });
    }

    it('puts dark text on a yellow accent (--vp-c-brand-1: #ffd700)', async () => {
      const { el } = await inPage('color-scheme: dark; --vp-c-brand-1: #ffd700');
      expect(luminance(getComputedStyle(part(el, 'run-button')).color)).to.be.below(0.05);
    });

    it('keeps focus rings on a light accent readable against a light background', async () => {
      const { el } = await inPage('color-scheme: light; --vp-c-brand-1: #ffd700');
      const run = part(el, 'run-button') as HTMLButtonElement;
      run.focus();
      expect(run.matches(':focus-visible')).to.equal(true);
      const surface = getComputedStyle(part(el, 'toolbar')).backgroundColor;
      expect(contrast(getComputedStyle(run).outlineColor, surface)).to.be.at.least(4.5);
    });

    it('--python-sandbox-accent wins over the site\'s accent, and --python-sandbox-accent-color over the computed text', async () => {
      const { el } = await inPage('--vp-c-brand-1: #ffd700; --python-sandbox-accent: #8250df; --python-sandbox-accent-color: #fffbe6');
      const run = getComputedStyle(part(el, 'run-button'));
      expect(run.backgroundColor).to.equal('rgb(130, 80, 223)');
      expect(run.color).to.equal('rgb(255, 251, 230)');
    });

    for (const variable of ['--md-code-font-family', '--font-stack--monospace', '--vp-font-family-mono',
      '--ifm-font-family-monospace', '--sl-font-mono']) {
      it(`uses ${variable} as the code font`, async () => {
        const { el } = await inPage(`${variable}: "Site Mono", monospace`);
        expect(getComputedStyle(part(el, 'editor')).fontFamily).to.equal('"Site Mono", monospace');
        expect(getComputedStyle(part(el, 'console')).fontFamily).to.equal('"Site Mono", monospace');
      });
    }
  });

  describe('contrast of its own colours', () => {
    it('Run and Stop read at 4.5:1 or more in light and dark', async () => {
      const { wrapper, el } = await inPage('color-scheme: light', 'timeout="0"');
      for (const scheme of ['light', 'dark'] as const) {
        await emulateMedia({ colorScheme: scheme });
        wrapper.style.colorScheme = scheme;
        expect(textContrast(part(el, 'run-button')), `Run in ${scheme}`).to.be.at.least(4.5);
      }
      const running = el.run('import time\ntime.sleep(60)');
      await waitUntil(() => el.matches(':state(running)'), 'did not start', { timeout: 30000 });
      for (const scheme of ['light', 'dark'] as const) {
        await emulateMedia({ colorScheme: scheme });
        wrapper.style.colorScheme = scheme;
        expect(part(el, 'run-button').textContent).to.equal('Stop');
        expect(textContrast(part(el, 'run-button')), `Stop in ${scheme}`).to.be.at.least(4.5);
      }
      el.stop();
      expect((await running).status).to.equal('stopped');
    });

    it('the demo\'s themed example reads in light and dark, output included', async () => {
      const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/demo/demo.css' });
      const loaded = new Promise((resolve) => link.addEventListener('load', resolve));
      document.head.append(link);
      await loaded;
      try {
        for (const scheme of ['light', 'dark'] as const) {
          await emulateMedia({ colorScheme: scheme });
          const section = await fixture<HTMLElement>(html`<section class="themed"><python-sandbox label="Themed example">
            <script type="text/x-python">
              import sys
              print("stdout is green here")
              print("stderr is orange", file=sys.stderr)
            </script></python-sandbox></section>`);
          await rendered(section);
          const el = section.querySelector<PythonSandbox>('python-sandbox')!;
          expect(isDark(el), scheme).to.equal(scheme === 'dark');
          expect((await el.run()).stderr).to.equal('stderr is orange\n');
          await el.updateComplete;
          await expect(el).to.be.accessible();
        }
      } finally {
        link.remove();
      }
    });

    for (const scheme of ['light', 'dark'] as const) {
      it(`is accessible in ${scheme}, also with the OS in ${scheme} and with a site's accent`, async () => {
        await emulateMedia({ colorScheme: scheme });
        const background = scheme === 'dark' ? '#000000' : '#ffffff';
        const { el } = await inPage(`color-scheme: ${scheme}; background: ${background}`);
        await expect(el).to.be.accessible();
        const { el: accented } = await inPage(`color-scheme: ${scheme}; background: ${background}; --vp-c-brand-1: #ffd700`);
        await expect(accented).to.be.accessible();
      });
    }
  });
});
