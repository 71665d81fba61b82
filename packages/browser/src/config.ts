import type { ReferrerOptions } from '@touchtrail/attribution'
import type { ConsentState, StorageKind, TrackerOptions } from '@touchtrail/core'

/** What the script tag's data attributes say. */
export interface ScriptConfig extends TrackerOptions, ReferrerOptions {
  /** `data-auto-page="false"` turns off the automatic and SPA page views. */
  autoPage: boolean
}

/**
 * Read the options from the script tag: `data-endpoint` (required), `data-site`, `data-consent`,
 * `data-storage`, `data-cookie-domain`, `data-session-timeout-ms`, `data-auto-page`, `data-debug`, and
 * attribution's `data-internal-domains` and `data-checkout-domains` (lists separated by spaces or
 * commas). Returns undefined when `data-endpoint` is missing.
 */
export function readConfig(script: HTMLOrSVGScriptElement | null): ScriptConfig | undefined {
  const d = (script as HTMLScriptElement | null)?.dataset || {}
  if (!d.endpoint) return
  const flag = (v?: string) => v != null && v != 'false'
  return {
    endpoint: d.endpoint,
    site: d.site,
    consent: d.consent as ConsentState | undefined,
    storage: d.storage as StorageKind | undefined,
    cookieDomain: d.cookieDomain,
    sessionTimeoutMs: d.sessionTimeoutMs ? +d.sessionTimeoutMs : undefined,
    debug: flag(d.debug),
    autoPage: d.autoPage != 'false',
    internalDomains: d.internalDomains?.match(/[^\s,]+/g) || [],
    checkoutDomains: d.checkoutDomains?.match(/[^\s,]+/g) || [],
  }
}
