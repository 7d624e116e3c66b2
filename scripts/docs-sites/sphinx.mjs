// Sphinx + furo from Debian's packages, with the package's dist/ copied into _static/.
import path from 'node:path';
import { copyDist, debianVersion, probe, runAsync } from './site-tools.mjs';

export default {
  debianPackages: ['python3-sphinx', 'furo'],
  versions: () => {
    const sphinx = probe('sphinx-build', ['--version'])?.match(/\S+$/)?.[0];
    const furo = debianVersion('furo') ?? probe('/usr/bin/python3', ['-c', 'import furo; print(furo.__version__)']);
    return sphinx && furo && `Sphinx ${sphinx} + furo ${furo}`;
  },
  async build(site, tarball) {
    await copyDist(site, tarball, 'docs/_static/python-sandbox');
    await runAsync('sphinx-build', ['-W', '-q', '-b', 'html', 'docs', 'build/html'], site);
    return path.join(site, 'build/html');
  },
  // Debian's furo (2022.12.07+dfsg) ships its furo.js unbundled, an ES module loaded as a classic script: it throws
  // on every page, so furo's theme toggle (hidden while <html> keeps its no-js class) never works; and its CSS
  // imports normalize.css from /javascript/, where Debian's javascript-common serves it under Apache. Furo from PyPI
  // has neither problem, and PyPI is out of reach here. So these two are not counted, and dark mode is set as the
  // toggle would set it: data-theme on <body>.
  ignore: [/^page error: Cannot use import statement outside a module$/, /\/javascript\/normalize\.css\//,
    /^console error: Failed to load resource: the server responded with a status of 404/],
  async dark(page) {
    await page.evaluate(() => {
      document.body.dataset.theme = 'dark';
    });
  },
};
