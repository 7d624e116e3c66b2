// VitePress, with the package installed from npm as docs/docs-sites.md says; a single-page site (`spa`).
import path from 'node:path';
import { clickUntil, npmInstall, npmVersion, runAsync } from './site-tools.mjs';

export default {
  spa: true,
  versions: (site) => `VitePress ${npmVersion(site, 'vitepress')}`,
  async build(site, tarball) {
    await npmInstall(site, tarball);
    await runAsync('npm', ['run', 'build'], site);
    return path.join(site, 'docs/.vitepress/dist');
  },
  dark: (page) => clickUntil(page, 'button.VPSwitchAppearance',
    () => document.documentElement.classList.contains('dark')),
};
