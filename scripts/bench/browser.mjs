/**
 * Headless Chromium for the bench: Debian's /usr/bin/chromium through playwright-core with the
 * flags of scripts/e2e/harness.ts `launch()`, and contexts with a normal desktop user agent (PostHog
 * drops events from browsers that look automated; every SDK gets the same context).
 */
import { chromium } from 'playwright-core'

/** Launch Chromium with the e2e harness's flags (which include `--disable-blink-features=AutomationControlled`). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-blink-features=AutomationControlled',
    ],
  })
}

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
