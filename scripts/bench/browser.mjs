/**
 * Headless Chromium for the bench: scripts/chromium.mjs (the e2e harness's and the demo's, whose
 * every request carries a normal desktop user agent: PostHog drops events from browsers that look
 * automated), and fresh contexts, the same for every SDK.
 */
export { launchChromium as launch } from '../chromium.mjs'

/**
 * A fresh context (empty storage, cookies, IndexedDB).
 *
 * @param {import('playwright-core').Browser} browser
 */
export function freshContext(browser) {
  return browser.newContext({ viewport: { width: 1280, height: 800 } })
}
