// The demo's four customer journeys, driven in headless Chromium against the running demo: each visitor has a
// browser context of its own (its own storage, so its own anonymousId), and its clock is moved to the day of each
// visit, the collector's clock with it.

/** The stories' calendar (UTC): a Monday in October 2026 and the weeks after. */
export const TIMELINE = {
  lenaAd: '2026-10-05T19:00:00.000Z',
  lenaEmail: '2026-10-06T08:00:00.000Z',
  jonasSearch: '2026-10-06T20:00:00.000Z',
  maxBlog: '2026-10-07T12:00:00.000Z',
  maxSearch: '2026-10-07T13:00:00.000Z',
  petraFair: '2026-10-08T10:00:00.000Z',
  jonasReturn: '2026-10-20T18:00:00.000Z',
  petraOrder: '2026-10-29T14:00:00.000Z',
  jonasOrder: '2026-11-03T09:00:00.000Z',
}

const WAIT_MS = 30_000

/**
 * Runs the journeys, in calendar order:
 * - Lena sees an Instagram ad for the jeans, puts them in her cart and leaves; the next morning the cart reminder
 *   email brings her back, and she buys with its voucher (COMEBACK10);
 * - Jonas finds the shop on Google and buys a tee; two weeks later he comes back directly to look at the jeans,
 *   and two weeks after that directly again to buy a belt: the loyal customer;
 * - Max reads a running blog that links to the tee, compares shops and comes back from Google; at checkout his
 *   voucher is refused, he clicks Apply in anger and buys elsewhere: the cart is abandoned;
 * - Petra, a buyer for a store, scans the QR code at our trade-fair booth, looks at the jeans, and three weeks later
 *   comes back directly and orders two pairs and a belt.
 *
 * @param {{ browser: import('playwright-core').Browser, demo: Awaited<ReturnType<import('./demo.mjs').startDemo>>, log?: (line: string) => void }} options
 */
export async function runStories({ browser, demo, log = () => {} }) {
  const shop = `${demo.shopOrigin}/examples/shop`
  const visitors = new Map()
  /** The visitor's browser: its own context and page, the shop pointed at the demo's collector. */
  async function visitor(name, firstVisit) {
    if (visitors.has(name)) return visitors.get(name)
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 800 } })
    await context.addInitScript(`window.shopConfig = ${JSON.stringify({ endpoint: demo.endpoint, tracking: 'both' })}`)
    const page = await context.newPage()
    await page.clock.install({ time: Date.parse(firstVisit) })
    const v = { name, context, page }
    visitors.set(name, v)
    return v
  }
  /** Moves the visitor's clock, and the collector's, to the start of a visit. */
  async function on(v, iso) {
    log(`${iso.slice(0, 16).replace('T', ' ')}  ${v.name}`)
    await v.page.clock.setSystemTime(Date.parse(iso))
    demo.clock.set(Date.parse(iso))
  }
  /** Adds the product on the current page to the cart `times` times, waiting for the shop each time. */
  async function add(page, times = 1, size) {
    if (size) await page.selectOption('#size', size)
    for (let i = 0; i < times; i++) {
      await page.click('#add')
      await page.waitForSelector('#added:not([hidden])')
    }
  }
  async function checkoutAndPay(page, voucher) {
    await Promise.all([page.waitForURL(/cart\.html/), page.click('#added a')])
    await Promise.all([page.waitForURL(/checkout\.html/), page.click('#to-checkout')])
    if (voucher) {
      await page.fill('#voucher', voucher)
      await page.click('#apply')
      await page.waitForSelector('#voucher-note.good')
    }
    await Promise.all([page.waitForURL(/thanks\.html/), page.click('#pay')])
    await page.waitForSelector('#order:not(:empty)')
  }
  async function openProduct(page, id) {
    await Promise.all([page.waitForURL(new RegExp(`product\\.html\\?id=${id}`)), page.click(`a[href="product.html?id=${id}"]`)])
    await page.waitForSelector('.product h1:not(:empty)')
  }
  /** Leaves the site (the page is hidden, so everything is sent) and waits until the collector has it all. */
  async function leave(v, expect = {}) {
    // Everything tracked so far is delivered first (the collector's clock moves on with the next visit, and an
    // event that arrived after it would be dated then); what the page tracks as it is hidden, its page_vitals
    // above all, goes by beacon and is waited for below.
    await v.page.evaluate(() => window.touchtrail?.('flush'))
    await v.page.goto('about:blank')
    await settled(demo.store, expect)
  }

  const lena = await visitor('Lena (jeans, cart reminder)', TIMELINE.lenaAd)
  await on(lena, TIMELINE.lenaAd)
  await lena.page.goto(`${shop}/product.html?id=jeans&utm_source=instagram&utm_medium=paid_social&utm_campaign=autumn-denim`, { referer: 'https://l.instagram.com/' })
  await add(lena.page, 1, '32/32')
  await Promise.all([lena.page.waitForURL(/cart\.html/), lena.page.click('#added a')])
  await lena.page.waitForSelector('#full:not([hidden])')
  await leave(lena)

  await on(lena, TIMELINE.lenaEmail)
  await lena.page.goto(`${shop}/email.html`)
  await Promise.all([lena.page.waitForURL(/cart\.html\?utm_source=newsletter/), lena.page.click('#back-to-cart')])
  await lena.page.waitForSelector('#full:not([hidden])')
  await Promise.all([lena.page.waitForURL(/checkout\.html/), lena.page.click('#to-checkout')])
  await lena.page.fill('#voucher', 'COMEBACK10')
  await lena.page.click('#apply')
  await lena.page.waitForSelector('#voucher-note.good')
  await Promise.all([lena.page.waitForURL(/thanks\.html/), lena.page.click('#pay')])
  await lena.page.waitForSelector('#order:not(:empty)')
  await leave(lena, { purchase: 1, cart_recovered: 1 })

  const jonas = await visitor('Jonas (loyal customer)', TIMELINE.jonasSearch)
  await on(jonas, TIMELINE.jonasSearch)
  await jonas.page.goto(`${shop}/index.html`, { referer: 'https://www.google.com/' })
  await openProduct(jonas.page, 'tee')
  await add(jonas.page, 1, 'M')
  await checkoutAndPay(jonas.page)
  await leave(jonas, { purchase: 2 })

  const max = await visitor('Max (runner, refused voucher)', TIMELINE.maxBlog)
  await on(max, TIMELINE.maxBlog)
  await max.page.goto(`${shop}/product.html?id=tee`, { referer: 'https://trailrunning-blog.example/best-running-tees' })
  await leave(max)
  await on(max, TIMELINE.maxSearch)
  await max.page.goto(`${shop}/index.html`, { referer: 'https://www.google.com/' })
  await openProduct(max.page, 'tee')
  await add(max.page, 1, 'L')
  await Promise.all([max.page.waitForURL(/cart\.html/), max.page.click('#added a')])
  await Promise.all([max.page.waitForURL(/checkout\.html/), max.page.click('#to-checkout')])
  await max.page.fill('#voucher', 'RUN20')
  // Refused, and refused again: three clicks within a second are a rage click.
  await max.page.click('#apply', { clickCount: 3 })
  await max.page.waitForSelector('#voucher-note.bad')
  await settled(demo.store, { checkout_error: 3, rage_click: 1 }, 1)
  // He buys elsewhere and leaves the tab open: half an hour later the cart counts as abandoned.
  demo.clock.set((await max.page.evaluate(() => Date.now())) + 35 * 60_000)
  await max.page.clock.runFor(35 * 60_000)
  await settled(demo.store, { cart_abandoned: 2 }, 1)
  await leave(max)

  const petra = await visitor('Petra (B2B buyer, trade-fair QR code)', TIMELINE.petraFair)
  await on(petra, TIMELINE.petraFair)
  await petra.page.goto(demo.placements['FAIR-BOOTH-12'].url)
  await openProduct(petra.page, 'jeans')
  await leave(petra, { qr_scan: 1 })

  await on(jonas, TIMELINE.jonasReturn)
  await jonas.page.goto(`${shop}/index.html`)
  await openProduct(jonas.page, 'jeans')
  await leave(jonas)

  await on(petra, TIMELINE.petraOrder)
  await petra.page.goto(`${shop}/index.html`)
  await openProduct(petra.page, 'jeans')
  await add(petra.page, 2, '34/32')
  await Promise.all([petra.page.waitForURL(/index\.html/), petra.page.click('.brand')])
  await openProduct(petra.page, 'belt')
  await add(petra.page, 1, '95')
  await checkoutAndPay(petra.page)
  await leave(petra, { purchase: 3 })

  await on(jonas, TIMELINE.jonasOrder)
  await jonas.page.goto(`${shop}/index.html`)
  await openProduct(jonas.page, 'belt')
  await add(jonas.page, 1, '85')
  await checkoutAndPay(jonas.page)
  await leave(jonas, { purchase: 4 })

  for (const v of visitors.values()) await v.context.close()
}

/**
 * Waits until the collector has stored everything the browsers sent: the `page_vitals` of every page view but the
 * `open` pages still showing (it is sent as a page is hidden, after the page's other events), and at least the
 * given number of each named event.
 *
 * @param {import('../../packages/collector/dist/index.js').Store} store
 * @param {Record<string, number>} expect
 * @param {number} open
 */
export async function settled(store, expect = {}, open = 0) {
  const end = Date.now() + WAIT_MS
  let counts = {}
  for (;;) {
    const rows = await store.query("SELECT coalesce(event, type) AS name, count(*) AS n FROM events GROUP BY 1")
    counts = Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]))
    const done = (counts.page_vitals ?? 0) >= (counts.page ?? 0) - open && Object.entries(expect).every(([name, n]) => (counts[name] ?? 0) >= n)
    if (done) return counts
    if (Date.now() > end) throw new Error(`the collector did not get everything within ${WAIT_MS} ms: wanted ${JSON.stringify(expect)} and a page_vitals per page view, has ${JSON.stringify(counts)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
