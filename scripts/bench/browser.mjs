/**
 * Headless Chromium for the bench: scripts/chromium.mjs (the e2e harness's and the demo's), and
 * contexts with a normal desktop user agent (PostHog drops events from browsers that look automated; every SDK gets the same context).
 */
export { launchChromium as launch } from '../chromium.mjs'

/**
 * The user agent of a desktop Chrome of the same major version, without "HeadlessChrome".
 *
 * @param {string} version `browser.version()`, e.g. `156.0.8078.79`
 */
export function desktopUserAgent(version) {
  const major = version.split('.')[0]
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`
}

/**
 * A fresh context (empty storage, cookies, IndexedDB) with the desktop user agent.
 *
 * @param {import('playwright-core').Browser} browser
 */
export function freshContext(browser) {
  return browser.newContext({ userAgent: desktopUserAgent(browser.version()), viewport: { width: 1280, height: 800 } })
}
