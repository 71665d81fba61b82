import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

/**
 * Debian's Chromium, headless, with the flags that keep it off the closed network, for the e2e
 * harness, the demo and the benchmarks alike; a clear message when it is missing. Its pages stand
 * in for people: PostHog drops events from browsers that look automated, hence `AutomationControlled`
 * off, and the collector's report leaves out browsers whose user agent says "HeadlessChrome", hence
 * a desktop Chrome's user agent for every request (a context's `userAgent` misses beacons).
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
      '--user-agent=' + desktopUserAgent(execFileSync(executablePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).match(/\d+\.[\d.]+/)[0]),
    ],
  })
}

/**
 * The user agent of a desktop Chrome of the same major version, without "HeadlessChrome".
 *
 * @param {string} version e.g. `156.0.8078.79`
 */
function desktopUserAgent(version) {
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version.split('.')[0]}.0.0.0 Safari/537.36`
}
