import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

/**
 * Debian's Chromium, headless, with the flags that keep it off the closed network, for the e2e
 * harness, the demo and the benchmarks alike; a clear message when it is missing. PostHog drops
 * events from browsers that look automated, hence `AutomationControlled` off.
 *
 * @param {string} [executablePath] default: $CHROMIUM_PATH, else Debian's /usr/bin/chromium
 */
export async function launchChromium(executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium') {
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
