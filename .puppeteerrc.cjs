// Puppeteer (pulled in by @web/test-runner-puppeteer for Firefox) must not download a browser at install: downloads
// fail on our machines, and the engines suite drives Debian's firefox-esr instead (scripts/find-engines.mjs).
module.exports = { skipDownload: true };
