/**
 * The SDKs under test: touchtrail's script-tag build, @touchtrail/core alone, and the peers, each
 * with the npm package it comes from and the entry file in `entries/` that does what every SDK
 * does here (init, one page view, `window.benchTrack(name, props)` for custom events).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * @typedef {object} Sdk
 * @property {string} id short id, also the bundle's file name
 * @property {string} name display name
 * @property {string} pkg npm package the version is read from
 * @property {string} family decoder and collector family (see decode.mjs)
 * @property {'journey' | 'product' | 'pageview'} kind what it is for: `pageview` SDKs (Plausible)
 *   do page views and simple goals, without a queue, retries or user ids; they are compared apart
 * @property {string} [entry] entry file bundled with esbuild, relative to scripts/bench
 * @property {string} [file] a prebuilt file measured as it is, relative to the repository root
 * @property {string} [note] how it is configured or loaded, shown under the tables
 * @property {boolean} [runtime] measured in the browser too
 * @default runtime true
 */

/** @type {Sdk[]} */
export const SDKS = [
  {
    id: 'touchtrail',
    name: 'touchtrail',
    pkg: '@touchtrail/browser',
    family: 'touchtrail',
    kind: 'journey',
    file: 'packages/browser/dist/touchtrail.min.js',
    note: 'the script-tag build as shipped (every plugin, data-attribute config, stub replay)',
  },
  {
    id: 'touchtrail-core',
    name: '@touchtrail/core',
    pkg: '@touchtrail/core',
    family: 'touchtrail',
    kind: 'journey',
    entry: 'entries/touchtrail-core.js',
    note: 'createTracker with the default transport, bundled like the peers',
  },
  {
    id: 'segment',
    name: 'Segment',
    pkg: '@segment/analytics-next',
    family: 'segment',
    kind: 'product',
    entry: 'entries/segment.js',
    note: '`cdnSettings` given locally so no settings are fetched',
  },
  {
    id: 'amplitude',
    name: 'Amplitude',
    pkg: '@amplitude/analytics-browser',
    family: 'amplitude',
    kind: 'product',
    entry: 'entries/amplitude.js',
    note: 'page views by its autocapture plugin, every other autocapture, remote config and diagnostics off',
  },
  {
    id: 'snowplow',
    name: 'Snowplow',
    pkg: '@snowplow/browser-tracker',
    family: 'snowplow',
    kind: 'product',
    entry: 'entries/snowplow.js',
    note: 'custom events as self-describing events',
  },
  {
    id: 'posthog',
    name: 'PostHog',
    pkg: 'posthog-js',
    family: 'posthog',
    kind: 'product',
    entry: 'entries/posthog.js',
    note: 'default entry; autocapture, recording, surveys, flags/remote config, external scripts off',
  },
  {
    id: 'rudderstack',
    name: 'RudderStack',
    pkg: '@rudderstack/analytics-js',
    family: 'rudderstack',
    kind: 'product',
    entry: 'entries/rudderstack.js',
    note: '`/bundled` entry (the default one downloads plugins from a CDN); source config given locally',
  },
  {
    id: 'mixpanel',
    name: 'Mixpanel',
    pkg: 'mixpanel-browser',
    family: 'mixpanel',
    kind: 'product',
    entry: 'entries/mixpanel.js',
    note: 'the core entry its README documents for sites without session replay',
  },
  {
    id: 'plausible',
    name: 'Plausible',
    pkg: '@plausible-analytics/tracker',
    family: 'plausible',
    kind: 'pageview',
    entry: 'entries/plausible.js',
    note: 'page-view analytics: custom events as goals, no queue, no retries, no user ids',
  },
]

const HERE = fileURLToPath(new URL('.', import.meta.url))

/** The installed version of an SDK's package (the peers are this package's direct devDependencies). */
export function versionOf(sdk) {
  const manifest = sdk.pkg.startsWith('@touchtrail/')
    ? `${ROOT}packages/${sdk.pkg.slice('@touchtrail/'.length)}/package.json`
    : `${HERE}node_modules/${sdk.pkg}/package.json`
  return JSON.parse(readFileSync(manifest, 'utf8')).version
}
