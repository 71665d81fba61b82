import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launch, shopPage, startCollector, startSite, type TestCollector, type TestSite, type WireEvent } from '../../../scripts/e2e/harness.js'
// The built generator, as `npx touchtrail-qr` runs it.
import { generate, type Manifest, type ManifestEntry } from '../dist/generator.js'
import { decodePng } from './decode.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/placements.csv', import.meta.url))

let browser: Browser
let collector: TestCollector
let site: TestSite
let context: BrowserContext
let page: Page
let dir: string
/** Codes written by the generator for the test site, in both tag styles. */
let short: Manifest
let utm: Manifest

const read = async (outDir: string): Promise<Manifest> => JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8'))
const scans = (events: WireEvent[]) => events.filter((e) => e.event == 'qr_scan')
const pages = (events: WireEvent[]) => events.filter((e) => e.type == 'page')
const flush = () => page.evaluate(() => (window as any).touchtrail('flush'))
const address = () => page.evaluate(() => location.pathname + location.search + location.hash)

/** What a phone reads from the PNG the generator wrote: the URL it will open. */
const scanPng = async (outDir: string, entry: ManifestEntry) => decodePng(await readFile(join(outDir, entry.files.png!)))!.text

beforeAll(async () => {
  ;[browser, collector, site] = await Promise.all([launch(), startCollector(), startSite()])
  for (const path of ['/spring', '/fair', '/care/jeans-%C3%B6deme', '/']) site.page(path, shopPage({ endpoint: collector.endpoint }))
  dir = await mkdtemp(join(tmpdir(), 'tt-qr-e2e-'))
  for (const tag of ['short', 'utm'] as const) {
    const result = await generate({ placements: FIXTURE, outDir: join(dir, tag), baseUrl: site.origin, tag })
    expect(result.problems).toEqual([])
  }
  ;[short, utm] = await Promise.all([read(join(dir, 'short')), read(join(dir, 'utm'))])
})
afterAll(async () => {
  await Promise.all([browser?.close(), collector?.close(), site?.close(), dir && rm(dir, { recursive: true, force: true })])
})
beforeEach(async () => {
  // A late keepalive of the previous case lands before the clear, not among this case's events.
  await collector.settle()
  collector.clear()
  context = await browser.newContext()
  page = await context.newPage()
})
afterEach(async () => {
  await context.close()
})

describe('generated codes', () => {
  it('decode, as SVG rendered by Chromium, to exactly the tagged URL', async () => {
    for (const [tag, manifest] of [['short', short], ['utm', utm]] as const) {
      for (const entry of Object.values(manifest.placements)) {
        const svg = await readFile(join(dir, tag, entry.files.svg!))
        // Open the file itself as Chromium would, at its printed size (30 mm), on a 4× screen.
        const view = await browser.newContext({ deviceScaleFactor: 4, viewport: { width: 200, height: 200 } })
        const tab = await view.newPage()
        await tab.route('**/code.svg', (route) => route.fulfill({ contentType: 'image/svg+xml', body: svg }))
        await tab.goto(site.origin + '/code.svg')
        const shot = await tab.screenshot({ clip: { x: 0, y: 0, width: 30 * (96 / 25.4), height: 30 * (96 / 25.4) } })
        await view.close()
        expect(decodePng(shot), `${tag} ${entry.code}`).toEqual({ text: entry.url, version: entry.version })
      }
    }
  })
})

describe('a scan', () => {
  it('sends qr_scan with the placement, cleans the address bar, and counts no second scan on reload', async () => {
    const entry = short.placements['BER-HBF-01']
    const url = await scanPng(join(dir, 'short'), entry)
    expect(url).toBe(`${site.origin}/spring?tt_qr=BER-HBF-01&utm_medium=qr&utm_campaign=spring-2027`)

    await page.goto(url)
    let events = await collector.waitFor((e) => scans(e).length >= 1)
    const [scan] = scans(events)
    expect(scan.properties).toEqual({ code: 'BER-HBF-01', campaign: 'spring-2027', scans: 1 })
    // The collector labels the scan from the manifest: the placement behind the code.
    expect(short.placements[scan.properties!.code]).toMatchObject({ kind: 'poster', location: 'Berlin Hbf, platform 3', source: 'wall-ads', campaign: 'spring-2027' })
    const [landing] = pages(events)
    expect(landing.context.page.url).toBe(url)
    for (const e of [landing, scan]) {
      expect(e.context.touchpoint).toMatchObject({ contact: 'analog', mode: 'direct', channel: 'QR / Print', qrCode: 'BER-HBF-01' })
      expect(e.context.sessionId).toBe(landing.context.sessionId)
    }

    // The address bar lost every tag, so a shared link is no scan; the page view is not repeated.
    await expect.poll(address).toBe('/spring')
    expect(page.url()).toBe(site.origin + '/spring')

    await page.reload()
    events = await collector.waitFor((e) => pages(e).length >= 2)
    await flush()
    events = collector.unique()
    expect(scans(events)).toHaveLength(1)
    expect(pages(events)[1].context.page.url).toBe(site.origin + '/spring')
    expect(pages(events)[1].context.touchpoint).toMatchObject({ contact: 'analog', channel: 'QR / Print' })

    // A reload that still shows the parameter (a router put it back) is no scan either.
    await page.evaluate((u) => history.replaceState(null, '', u), url)
    await page.reload()
    await collector.waitFor((e) => pages(e).length >= 3)
    await flush()
    expect(scans(collector.unique())).toHaveLength(1)
    await expect.poll(address).toBe('/spring')
  })

  it('counts a repeat scan in the same session, and a shared link as none', async () => {
    const url = await scanPng(join(dir, 'short'), short.placements['BER-HBF-01'])
    await page.goto(url)
    await collector.waitFor((e) => scans(e).length >= 1)
    await expect.poll(address).toBe('/spring')
    await page.goto(url)
    await page.goto(await scanPng(join(dir, 'short'), short.placements['AD-SPIEGEL-7']))
    // This visitor's events only: a keepalive of the previous case's closed context can still land.
    const me = await page.evaluate(() => (window as any).touchtrail('user').anonymousId)
    const mine = (all: WireEvent[]) => all.filter((e) => e.anonymousId == me)
    const events = mine(await collector.waitFor((e) => scans(mine(e)).length >= 3))
    expect(scans(events).map((e) => [e.properties!.code, e.properties!.scans])).toEqual([
      ['BER-HBF-01', 1],
      ['BER-HBF-01', 2],
      ['AD-SPIEGEL-7', 3],
    ])
    expect(new Set(events.map((e) => e.context.sessionId)).size).toBe(1)

    // Another visitor opens the link the first one shared: a page view, no scan, no QR touchpoint.
    const shared = page.url()
    // The first visitor's queue may still deliver late: wait for quiet, and pick the friend's view by id.
    await collector.settle()
    collector.clear()
    const friend = await browser.newContext()
    const tab = await friend.newPage()
    await tab.goto(shared)
    const first = events[0].anonymousId
    const view = (await collector.waitFor((e) => pages(e).some((p) => p.anonymousId != first))).find((e) => e.type == 'page' && e.anonymousId != first)!
    await tab.evaluate(() => (window as any).touchtrail('flush'))
    await friend.close()
    const theirs = collector.unique().filter((e) => e.anonymousId == view.anonymousId)
    expect(view.anonymousId).not.toBe(events[0].anonymousId)
    expect(pages(theirs)).toHaveLength(1)
    expect(scans(theirs)).toEqual([])
    expect(view.context.page.url).toBe(site.origin + '/spring')
    expect(theirs.every((e) => e.context.touchpoint?.contact != 'analog')).toBe(true)
  })

  it('lands every placement where its code points, keeping the landing’s own parameters and fragment', async () => {
    for (const entry of Object.values(short.placements)) {
      collector.clear()
      const visitor = await browser.newContext()
      const tab = await visitor.newPage()
      await tab.goto(await scanPng(join(dir, 'short'), entry))
      const events = await collector.waitFor((e) => scans(e).length >= 1)
      expect(scans(events)[0].properties).toEqual({ code: entry.code, campaign: entry.campaign, scans: 1 })
      await expect.poll(() => tab.url()).toBe(entry.landing)
      await visitor.close()
    }
  })

  it('reads codes tagged with the full UTM set (utm_medium=qr, the code in utm_content)', async () => {
    const entry = utm.placements['AD-SPIEGEL-7']
    const url = await scanPng(join(dir, 'utm'), entry)
    expect(url).toBe(`${site.origin}/spring?utm_source=spiegel&utm_medium=qr&utm_campaign=spring-2027&utm_content=AD-SPIEGEL-7`)
    await page.goto(url)
    const events = await collector.waitFor((e) => scans(e).length >= 1)
    expect(scans(events)[0].properties).toEqual({ code: 'AD-SPIEGEL-7', campaign: 'spring-2027', source: 'spiegel', scans: 1 })
    await expect.poll(address).toBe('/spring')
  })
})
