import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTracker, pageViews, type Plugin, type Tracker, type TrackerEvent, type TrackerOptions } from '@touchtrail/core'
import { qr, QR_CHANNEL } from './qr.js'

let time: number
let sent: TrackerEvent[]
let trackers: Tracker[]

const start = (options: Partial<TrackerOptions> = {}) => {
  const t = createTracker({
    endpoint: 'https://collect.test/collect',
    now: () => time,
    transport: () => ({ send: (events) => void sent.push(...events), flush: async () => {} }),
    plugins: [qr(), pageViews()],
    ...options,
  })
  trackers.push(t)
  return t
}
const tick = () => new Promise((r) => setTimeout(r, 0))
const scans = () => sent.filter((e) => e.event == 'qr_scan')
/** How the browser says this document was loaded. */
const navigation = (type: NavigationTimingType) =>
  vi.spyOn(performance, 'getEntriesByType').mockReturnValue([{ type } as PerformanceNavigationTiming])
/** Land on `path` in a fresh page load: the old tracker goes, a new one starts (storage stays). */
const land = async (path: string, type: NavigationTimingType = 'navigate', options?: Partial<TrackerOptions>) => {
  trackers.splice(0).forEach((t) => t.destroy())
  history.replaceState(null, '', path)
  navigation(type)
  const t = start(options)
  await tick()
  await tick()
  return t
}

beforeEach(() => {
  time = Date.UTC(2026, 10, 23, 7)
  sent = []
  trackers = []
})
afterEach(() => {
  trackers.splice(0).forEach((t) => t.destroy())
  localStorage.clear()
  history.replaceState(null, '', '/')
})

describe('qr landing plugin', () => {
  it('sends qr_scan with the code and campaign of a tt_qr landing', async () => {
    await land('/spring?tt_qr=BER-01&utm_medium=qr&utm_campaign=spring-2027')
    expect(scans()).toHaveLength(1)
    expect(scans()[0].properties).toEqual({ code: 'BER-01', campaign: 'spring-2027', scans: 1 })
    // The scan belongs to the landing's session.
    expect(scans()[0].context.sessionId).toBe(sent[0].context.sessionId)
  })

  it('reads the code from utm_content when the landing says utm_medium=qr', async () => {
    await land('/?utm_source=stadtmagazin&utm_medium=QR&utm_campaign=spring&utm_content=AD-7')
    expect(scans().map((e) => e.properties)).toEqual([{ code: 'AD-7', campaign: 'spring', source: 'stadtmagazin', scans: 1 }])
  })

  it('marks the session analog and direct in the QR / Print channel, from the landing on', async () => {
    const t = await land('/?tt_qr=BER-01&utm_medium=qr')
    time += 60_000
    t.track('add_to_cart', { value: 10 })
    await tick()
    expect(sent.map((e) => e.event || e.type)).toEqual(['page', 'qr_scan', 'add_to_cart'])
    for (const e of sent) expect(e.context.touchpoint).toEqual({ contact: 'analog', mode: 'direct', channel: QR_CHANNEL, qrCode: 'BER-01' })
    expect(QR_CHANNEL).toBe('QR / Print')
  })

  it('keeps what an earlier plugin put in the touchpoint, and has the last word on channel, contact and mode', async () => {
    const earlier: Plugin = {
      name: 'earlier',
      setup: (t) => t.on('event', (e) => void (e.context.touchpoint = { channel: 'Direct', contact: 'digital', referrerCategory: 'direct' })),
    }
    trackers.splice(0).forEach((t) => t.destroy())
    history.replaceState(null, '', '/?tt_qr=BER-01')
    navigation('navigate')
    start({ plugins: [earlier, qr(), pageViews()] })
    await tick()
    await tick()
    expect(sent.map((e) => e.context.touchpoint)).toEqual([
      { channel: QR_CHANNEL, contact: 'analog', mode: 'direct', referrerCategory: 'direct', qrCode: 'BER-01' },
      { channel: QR_CHANNEL, contact: 'analog', mode: 'direct', referrerCategory: 'direct', qrCode: 'BER-01' },
    ])
  })

  it('hands a landing without utm_medium to attribution as a QR touch, in the session attribution decides', async () => {
    // The part of attribution()'s API qr() uses: set() from an event hook may start a new session.
    const touches: unknown[] = []
    const attribution: Plugin = {
      name: 'attribution',
      setup(t) {
        Object.assign(t, {
          attribution: {
            set(touch: unknown) {
              touches.push(touch)
              t.startSession('campaign')
            },
          },
        })
      },
    }
    const t = await land('/?tt_qr=BER-01', 'navigate', { plugins: [attribution, qr(), pageViews()] })
    time += 60_000
    t.page()
    await land('/?tt_qr=MUC-02&utm_medium=qr', 'navigate', { plugins: [attribution, qr(), pageViews()] })
    expect(touches).toEqual([{ campaign: { medium: 'qr' } }])
    const [landing, scan, later] = sent
    expect(landing.context.sessionStart).toBe(true)
    expect(scan.context.sessionId).toBe(landing.context.sessionId)
    expect(later.context.sessionId).toBe(landing.context.sessionId)
    expect(scans().map((e) => e.properties!.scans)).toEqual([1, 2])
  })

  it('removes the QR and UTM parameters from the address bar, keeping the path, other parameters and the hash', async () => {
    const replace = vi.spyOn(history, 'replaceState')
    await land('/p/jeans?size=32&tt_qr=BER-01&utm_medium=qr&utm_campaign=spring&q=a%20b#reviews')
    expect(location.pathname + location.search + location.hash).toBe('/p/jeans?size=32&q=a%20b#reviews')
    expect(replace).toHaveBeenCalledTimes(2) // land() itself, then the plugin
    // Core's pageViews saw a replaceState that keeps the path: no second page view.
    expect(sent.filter((e) => e.type == 'page')).toHaveLength(1)
    expect(sent[0].context.page.search).toBe('?size=32&tt_qr=BER-01&utm_medium=qr&utm_campaign=spring&q=a%20b')
  })

  it('removes UTM parameters in any case, so a shared link is no scan', async () => {
    await land('/spring?tt_qr=P1&UTM_MEDIUM=qr&Utm_Campaign=spring-2027&size=32')
    expect(location.search).toBe('?size=32')
  })

  it('cuts a code to 64 characters, as the generator writes them', async () => {
    await land('/?tt_qr=' + 'A'.repeat(5000))
    expect(scans()[0].properties!.code).toBe('A'.repeat(64))
    expect(sent.at(-1)!.context.touchpoint!.qrCode).toBe('A'.repeat(64))
  })

  it('counts no scan for a landing whose code is empty or no code the generator writes, and leaves it to attribution', async () => {
    const replace = vi.spyOn(history, 'replaceState')
    const bad = [
      '/?utm_medium=qr&utm_content=',
      '/?utm_source=poster&utm_medium=qr&utm_campaign=autumn',
      '/?tt_qr=',
      '/?tt_qr=%3Cscript%3Ealert(1)%3C%2Fscript%3E&utm_medium=qr',
      '/?tt_qr=BER%0001',
      '/?tt_qr=BER-01%0A',
      '/?tt_qr=%20%20&utm_medium=qr',
      '/?utm_medium=qr&utm_content=+%09',
      '/?utm_medium=qr&utm_content=Poster+Berlin',
    ]
    for (const path of bad) await land(path)
    expect(scans()).toEqual([])
    expect(sent.filter((e) => e.context.touchpoint)).toEqual([])
    expect(sent.map((e) => e.context.page.search)).toEqual(bad.map((path) => path.slice(1)))
    expect(replace).toHaveBeenCalledTimes(bad.length) // land() itself only
    expect(localStorage.getItem('tt_qr')).toBeNull()
  })

  it("takes utm_content's code when the QR parameter is empty, and keeps marking the session after a landing with a bad code", async () => {
    await land('/?tt_qr=&utm_medium=qr&utm_content=AD-7')
    expect(scans().map((e) => e.properties!.code)).toEqual(['AD-7'])
    time += 60_000
    await land('/?tt_qr=%3Cb%3E')
    expect(scans()).toHaveLength(1)
    expect(sent.at(-1)!.context.touchpoint!.qrCode).toBe('AD-7')
  })

  it('leaves a landing without QR parameters alone', async () => {
    const replace = vi.spyOn(history, 'replaceState')
    await land('/?utm_source=google&utm_medium=cpc&utm_content=AD-7')
    expect(scans()).toEqual([])
    expect(sent[0].context.touchpoint).toBeUndefined()
    expect(replace).toHaveBeenCalledTimes(1)
    expect(location.search).toBe('?utm_source=google&utm_medium=cpc&utm_content=AD-7')
  })

  it('counts one scan for every event recorded before the address bar was cleaned', async () => {
    trackers.splice(0).forEach((t) => t.destroy())
    history.replaceState(null, '', '/?tt_qr=BER-01')
    navigation('navigate')
    const t = start()
    // Calls a page queued before the script loaded are replayed at once, all on the landing URL.
    t.track('first')
    t.track('second')
    await tick()
    await tick()
    expect(sent.filter((e) => e.context.page.search == '?tt_qr=BER-01').map((e) => e.event || e.type)).toEqual(['page', 'first', 'second', 'qr_scan'])
    expect(scans()).toHaveLength(1)
  })

  it('counts no second scan on a reload that still shows the parameter', async () => {
    await land('/?tt_qr=BER-01')
    time += 60_000
    await land('/?tt_qr=BER-01', 'reload')
    time += 60_000
    await land('/?tt_qr=BER-01', 'back_forward')
    expect(scans()).toHaveLength(1)
    expect(sent.filter((e) => e.type == 'page')).toHaveLength(3)
    expect(new Set(sent.map((e) => e.context.sessionId)).size).toBe(1)
    expect(location.search).toBe('')
  })

  it('counts repeat scans in one session as one session with a scan count', async () => {
    await land('/?tt_qr=BER-01')
    time += 5 * 60_000
    await land('/?tt_qr=BER-01')
    time += 5 * 60_000
    await land('/?tt_qr=MUC-02')
    expect(scans().map((e) => [e.properties!.code, e.properties!.scans])).toEqual([
      ['BER-01', 1],
      ['BER-01', 2],
      ['MUC-02', 3],
    ])
    expect(new Set(sent.map((e) => e.context.sessionId)).size).toBe(1)
    expect(sent.at(-1)!.context.touchpoint!.qrCode).toBe('MUC-02')
    expect(localStorage.getItem('tt_qr')).toBe(JSON.stringify({ s: sent[0].context.sessionId, n: 3, c: { 'BER-01': 2, 'MUC-02': 1 }, l: 'MUC-02' }))
  })

  it('starts counting again, and stops marking events, in the next session', async () => {
    const t = await land('/?tt_qr=BER-01')
    time += 31 * 60_000
    t.page()
    await tick()
    expect(sent.at(-1)!.context.sessionStart).toBe(true)
    expect(sent.at(-1)!.context.touchpoint).toBeUndefined()
    await land('/?tt_qr=BER-01', 'reload')
    expect(scans().map((e) => e.properties!.scans)).toEqual([1, 1])
    expect(scans()[1].context.sessionId).toBe(time)
  })

  it('reads its own parameter name', async () => {
    await land('/?code=P-9&tt_qr=ignored', 'navigate', { plugins: [qr({ param: 'code' }), pageViews()] })
    expect(scans().map((e) => e.properties!.code)).toEqual(['P-9'])
    expect(location.search).toBe('?tt_qr=ignored')
  })

  it('waits for consent: no scan, no storage and a full address bar until it is granted', async () => {
    const t = await land('/?tt_qr=BER-01', 'navigate', { consent: 'pending' })
    expect(sent).toEqual([])
    expect(localStorage.length).toBe(0)
    expect(location.search).toBe('?tt_qr=BER-01')
    t.consent('granted')
    await tick()
    expect(scans().map((e) => e.properties!.code)).toEqual(['BER-01'])
    expect(location.search).toBe('')
    expect(localStorage.getItem('tt_qr')).not.toBeNull()
  })

  it('stops marking events once torn down', async () => {
    const t = await land('/?tt_qr=BER-01', 'navigate', { plugins: [] })
    const off = qr().setup(t) as () => void
    t.track('marked')
    await tick()
    off()
    t.track('plain')
    await tick()
    expect(sent.map((e) => [e.event || e.type, e.context.touchpoint?.contact])).toEqual([
      ['marked', 'analog'],
      ['qr_scan', 'analog'],
      ['plain', undefined],
    ])
  })
})
