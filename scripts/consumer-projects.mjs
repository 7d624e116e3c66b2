// The two projects `npm run test:consumer` sets up as the README tells users to, each as its files: name → text.
// Nothing in them comes from this repository but the packed tarball.

/** What the README tells a Vite user to write: the `python-sandbox/vite` plugin and `import 'python-sandbox/define.js'`. */
export const viteApp = (tarball, viteVersion) => ({
  'package.json': JSON.stringify({
    name: 'consumer',
    private: true,
    type: 'module',
    scripts: { build: 'vite build' },
    dependencies: { 'python-sandbox': `file:${tarball}` },
    devDependencies: { vite: viteVersion },
  }, null, 2),
  'vite.config.js': `import pythonSandbox from 'python-sandbox/vite';

export default { plugins: [pythonSandbox()] };
`,
  'index.html': `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>consumer</title><script type="module" src="/main.js"></script></head>
  <body>
    <python-sandbox preload="eager">print("hello")</python-sandbox>
  </body>
</html>
`,
  'main.js': `import 'python-sandbox/define.js';
`,
});

/**
 * What docs/docs-sites.md tells a VitePress user to write: the plugin, and define.js imported by the theme, which VitePress
 * also runs in Node to render the pages.
 */
export const vitepressSite = (tarball, vitepressVersion) => ({
  'package.json': JSON.stringify({
    name: 'consumer-site',
    private: true,
    type: 'module',
    scripts: { build: 'vitepress build docs' },
    dependencies: { 'python-sandbox': `file:${tarball}` },
    devDependencies: { vitepress: vitepressVersion },
  }, null, 2),
  'docs/.vitepress/config.mjs': `import { defineConfig } from 'vitepress';
import pythonSandbox from 'python-sandbox/vite';

export default defineConfig({
  title: 'consumer',
  vite: { plugins: [pythonSandbox()] },
  vue: { template: { compilerOptions: { isCustomElement: (tag) => tag === 'python-sandbox' } } },
});
`,
  'docs/.vitepress/theme/index.js': `import DefaultTheme from 'vitepress/theme';
import 'python-sandbox/define.js';

export default DefaultTheme;
`,
  'docs/index.md': `# Python

<python-sandbox preload="eager">print("hello")</python-sandbox>
`,
});
