// MkDocs + Material from Debian's packages, with the package's dist/ copied into the docs folder.
import path from 'node:path';
import { clickUntil, copyDist, debianVersion, probe, runAsync } from './site-tools.mjs';

export default {
  debianPackages: ['mkdocs', 'mkdocs-material'],
  versions: () => {
    const mkdocs = probe('mkdocs', ['--version'])?.match(/version (\S+)/)?.[1];
    const material = debianVersion('mkdocs-material')
      ?? probe('/usr/bin/python3', ['-c', 'import material; print(material.__version__)']);
    return mkdocs && material && `MkDocs ${mkdocs} + Material ${material}`;
  },
  async build(site, tarball) {
    await copyDist(site, tarball, 'docs/python-sandbox');
    await runAsync('mkdocs', ['build', '--strict', '--site-dir', 'site'], site);
    return path.join(site, 'site');
  },
  // The palette toggle sets data-md-color-scheme on <body>.
  dark: (page) => clickUntil(page, 'label[title="Switch to dark mode"]',
    () => document.body.getAttribute('data-md-color-scheme') === 'slate'),
};
