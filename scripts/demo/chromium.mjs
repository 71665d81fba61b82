import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

/**
 * Debian's Chromium, headless, with the flags of the e2e harness (`scripts/e2e/harness.ts` `launch()`) that keep
 * it off the network; a clear message when it is missing.
 *
 * @param {string} executablePath
 */
export async function launchChromium(executablePath) {
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: install Debian's chromium (bash scripts/setup.sh does), or pass --chromium <path> / set CHROMIUM_PATH`)
  }
  return chromium.launch({
    executablePath,
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
