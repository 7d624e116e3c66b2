// No generator: docs/docs-sites.md's plain HTML, dark by the reader's preference (the page says `color-scheme: light dark`).
import { copyDist } from './site-tools.mjs';

export default {
  versions: () => 'plain HTML',
  async build(site, tarball) {
    await copyDist(site, tarball, 'python-sandbox');
    return site;
  },
  dark: (page) => page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]),
};
