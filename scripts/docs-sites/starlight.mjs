// Astro + Starlight, with the package installed from npm.
import path from 'node:path';
import { npmInstall, npmVersion, runAsync } from './site-tools.mjs';

export default {
  versions: (site) => `Starlight ${npmVersion(site, '@astrojs/starlight')} (Astro ${npmVersion(site, 'astro')})`,
  async build(site, tarball) {
    await npmInstall(site, tarball);
    await runAsync('npm', ['run', 'build'], site);
    return path.join(site, 'dist');
  },
  async dark(page) {
    await page.select('starlight-theme-select select', 'dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark', { timeout: 5000 });
  },
};
