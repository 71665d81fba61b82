import type { Browser } from 'playwright-core'

/** Debian's Chromium, headless, with the flags that keep it off the closed network. */
export function launchChromium(executablePath?: string): Promise<Browser>
