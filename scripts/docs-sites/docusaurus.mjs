// Docusaurus, with the package installed from npm; slow (`npm run test:docs:slow`) and a single-page site (`spa`).
import path from 'node:path';
import { clickUntil, npmInstall, npmVersion, runAsync } from './site-tools.mjs';

export default {
  slow: true,
  spa: true,
  versions: (site) => `Docusaurus ${npmVersion(site, '@docusaurus/core')}`,
  async build(site, tarball) {
    await npmInstall(site, tarball);
    await runAsync('npm', ['run', 'build'], site);
    return path.join(site, 'build');
  },
  dark: (page) => clickUntil(page, 'button[class*="toggleButton"]',
    () => document.documentElement.dataset.theme === 'dark'),
};
