// The docs generators `npm run test:docs` builds a site with, in the order it checks them. Each module builds one
// site from test/docs/<name>/ and says how to switch it to dark mode:
//   versions(site)         what it was built with, for the report (undefined: not installed)
//   build(site, tarball)   adds the package as its recipe in docs/docs-sites.md says, builds; resolves with the output folder
//   dark(page)             switches the open page to its dark mode
//   debianPackages         what apt-get installs when it is missing; slow: only with --slow; spa: client-side links;
//   ignore                 page problems that are the generator's own, not the library's
import docusaurus from './docusaurus.mjs';
import html from './html.mjs';
import mkdocs from './mkdocs.mjs';
import sphinx from './sphinx.mjs';
import starlight from './starlight.mjs';
import vitepress from './vitepress.mjs';

export const generators = { html, mkdocs, sphinx, vitepress, docusaurus, starlight };
