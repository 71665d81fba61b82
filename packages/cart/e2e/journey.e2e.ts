import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launch, startCollector, startSite, type TestCollector, type TestSite, type WireEvent } from '../../../scripts/e2e/harness.js'

let browser: Browser
let collector: TestCollector
let site: TestSite
let context: BrowserContext
let errors: string[]

beforeAll(async () => {
  ;[browser, collector, site] = await Promise.all([launch(), startCollector(), startSite()])
})
afterAll(async () => {
  await Promise.all([browser?.close(), collector?.close(), site?.close()])
})
beforeEach(async () => {
  // A late beacon from the previous test's closing pages must not land in this one.
  await collector.settle()
  collector.clear()
  errors = []
})
afterEach(async () => {
  await context?.close()
})

const MIN = 60_000
const DAY = 24 * 60 * MIN
const T0 = Date.parse('2026-11-23T18:00:00.000Z')
const EMAIL = '?utm_source=newsletter&utm_medium=email&utm_campaign=cart-reminder'
const shop = (path: string) => `${site.origin}/examples/shop/${path}`
const names = (events: WireEvent[]) => events.map((e) => e.event || e.type)
const only = (name: string) => collector.unique().filter((e) => e.event == name)
const jeans = { item_id: 'jeans', item_name: 'Slim jeans', item_variant: '32/32', price: 59.9, quantity: 1 }

type Tracking = 'datalayer' | 'api' | 'both'

/** A browser profile for the demo shop, reporting to the test collector, with a clock the test moves. */
async function visitor(tracking: Tracking): Promise<BrowserContext> {
  context = await browser.newContext()
  await context.addInitScript((config) => void ((window as any).shopConfig = config), { endpoint: collector.endpoint, tracking })
  await context.clock.install({ time: T0 })
  return context
}
/** A new tab on `path` of the shop, at `time` when given. */
async function open(path: string, time?: number): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() == 'error' && errors.push(m.text()))
  if (time) await page.clock.setSystemTime(time)
  await page.goto(shop(path))
  return page
}

/** The jeans in size 32/32 into the cart, on their product page. */
async function addJeans(page: Page) {
  await page.selectOption('#size', '32/32')
  await page.click('#add')
  await collector.waitFor((e) => e.some((x) => x.event == 'add_to_cart'), 20_000)
}
/** A visitor of a shop reporting with `tracking`, on the jeans' page, with them in the cart. */
async function jeansInCart(tracking: Tracking) {
  await visitor(tracking)
  const page = await open('product.html?id=jeans')
  await addJeans(page)
  return page
}
/** The first `name` event the collector stores. */
const first = (name: string) => collector.waitFor((e) => e.some((x) => x.event == name), 20_000).then(() => only(name)[0])

/** Day one: a product list, the jeans, size 32/32 into the cart, and away. */
async function addJeansAndLeave() {
  const page = await open('index.html')
  await page.click('text=Slim jeans')
  await page.waitForURL('**/product.html?id=jeans')
  await addJeans(page)
  await page.close({ runBeforeUnload: true })
}

/** Day two: the reminder email's link to the cart, a voucher that fails, one that works, a declined card, then the purchase. */
async function comeBackByEmailAndBuy() {
  const page = await open('cart.html' + EMAIL, T0 + DAY)
  await page.click('#to-checkout')
  await page.waitForURL('**/checkout.html')
  // Each step waits for what the shop shows in answer.
  const steps: [field: string, value: string, button: string, answer: string][] = [
    ['#voucher', 'SAVE50', '#apply', '#voucher-note.bad'],
    ['#voucher', 'comeback10', '#apply', '#voucher-note.good'],
    ['#payment', 'Declined test card', '#pay', '#payment-note.bad'],
  ]
  for (const [field, value, button, answer] of steps) {
    await (field == '#payment' ? page.selectOption(field, value) : page.fill(field, value))
    await page.click(button)
    await page.waitForSelector(answer)
  }
  await page.selectOption('#payment', 'Credit Card')
  await page.click('#pay')
  await page.waitForURL('**/thanks.html')
  return collector.waitFor((e) => e.some((x) => x.event == 'cart_recovered'), 20_000)
}

describe.each<Tracking>(['datalayer', 'api', 'both'])('the demo shop reporting with %s', (tracking) => {
  it('reports the abandoned jeans, their return through the email, and the recovered purchase', async () => {
    await visitor(tracking)
    await addJeansAndLeave()
    const events = await comeBackByEmailAndBuy()

    // The shop's ecommerce events and the cart's own; page views and web vitals aside.
    const journey = names(events).filter((n) => n != 'page' && n != 'page_vitals')
    const errorsReported = tracking == 'datalayer' ? [] : ['checkout_error', 'checkout_error']
    expect(journey).toEqual([
      'view_item',
      'add_to_cart',
      'cart_abandoned',
      ...(journey.indexOf('cart_restored') < journey.indexOf('view_cart') ? ['cart_restored', 'view_cart'] : ['view_cart', 'cart_restored']),
      'begin_checkout',
      ...errorsReported,
      'add_payment_info',
      'purchase',
      'cart_recovered',
    ])

    const [add] = only('add_to_cart')
    expect(add.properties).toMatchObject({ currency: 'EUR', value: 59.9, items: [jeans] })
    const [abandoned] = only('cart_abandoned')
    // The add was the last cart activity (the cart reads the clock a moment before core stamps the event).
    const lastActivityAt = abandoned.properties!.lastActivityAt
    expect(Date.parse(add.timestamp) - lastActivityAt).toBeGreaterThanOrEqual(0)
    expect(Date.parse(add.timestamp) - lastActivityAt).toBeLessThan(1000)
    expect(abandoned.properties).toMatchObject({
      items: [jeans],
      value: 59.9,
      currency: 'EUR',
      stage: 'cart',
      lastActivityAt,
      abandoned: { at: lastActivityAt + 30 * MIN },
    })
    // Nobody was there to see it: it was reported when the visitor came back.
    expect(Date.parse(abandoned.timestamp)).toBeGreaterThanOrEqual(T0 + DAY)

    const [purchase] = only('purchase')
    expect(purchase.properties).toMatchObject({ currency: 'EUR', value: 53.91, shipping: 4.9, coupon: 'COMEBACK10', items: [jeans] })
    const [recovered] = only('cart_recovered')
    expect(recovered.properties).toMatchObject({
      transaction_id: purchase.properties!.transaction_id,
      value: 53.91,
      abandonedAt: lastActivityAt + 30 * MIN,
    })
    // Measured by the cart when it handles the purchase, a few milliseconds before or after the
    // purchase call's own timestamp is taken (the API path and the dataLayer path differ).
    const expected = Date.parse(purchase.timestamp) - (lastActivityAt + 30 * MIN)
    expect(recovered.properties!.sinceAbandonedMs).toBeGreaterThanOrEqual(expected - 50)
    expect(recovered.properties!.sinceAbandonedMs).toBeLessThanOrEqual(expected + 50)
    expect(recovered.properties!.sinceAbandonedMs).toBeGreaterThan(DAY - 31 * MIN)
    // The touch that brought the visitor back: the reminder email.
    expect(recovered.context.campaign).toEqual({ source: 'newsletter', medium: 'email', name: 'cart-reminder' })
    expect(recovered.context.touchpoint).toMatchObject({ channel: 'Email' })
    expect(recovered.context.sessionId).toBe(purchase.context.sessionId)
    expect(recovered.context.sessionId).toBeGreaterThanOrEqual(T0 + DAY)

    if (tracking != 'datalayer') {
      expect(only('checkout_error').map((e) => e.properties)).toEqual([
        expect.objectContaining({ kind: 'voucher', message: 'Code SAVE50 is not valid', coupon: 'SAVE50', step: 'begin_checkout', value: 59.9 }),
        expect.objectContaining({ kind: 'payment', message: 'Card declined', step: 'begin_checkout', items: [expect.objectContaining(jeans)] }),
      ])
    }
    expect(errors).toEqual([])
  })
})

describe('the cart page of a shop that reports with both', () => {
  it('records each quantity change once, as GA4 add and remove events, and empties the cart', async () => {
    const page = await jeansInCart('both')
    await page.click('text=View cart')
    await page.waitForURL('**/cart.html')
    await page.click('button[data-step="1"]')
    await page.click('button[data-step="-1"]')
    await page.click('button[data-step="1"]')
    await page.click('button[data-remove="0"]')
    await page.waitForSelector('#empty:not([hidden])')
    const events = await collector.waitFor((e) => e.filter((x) => x.event == 'remove_from_cart').length >= 2, 20_000)
    const changes = events.filter((e) => /_cart$/.test(e.event!))
    expect(changes.map((e) => [e.event, e.properties!.items.map((i: { quantity: number }) => i.quantity)])).toEqual([
      ['add_to_cart', [1]],
      ['view_cart', [1]],
      ['add_to_cart', [1]],
      ['remove_from_cart', [1]],
      ['add_to_cart', [1]],
      ['remove_from_cart', [2]],
    ])
    expect(await page.evaluate(() => (window as any).touchtrail('cart', 'state').items)).toEqual([])
    expect(errors).toEqual([])
  })
})

describe('abandonment in an open tab', () => {
  it('is reported live, once, while the visitor is away, and the return is seen', async () => {
    const page = await jeansInCart('datalayer')
    await page.clock.runFor(29 * MIN)
    expect(only('cart_abandoned')).toEqual([])
    await page.clock.runFor(2 * MIN)
    await page.clock.runFor(60 * MIN)
    const abandoned = await first('cart_abandoned')
    expect(abandoned.properties).toMatchObject({ items: [jeans], stage: 'cart' })
    expect(Date.parse(abandoned.timestamp) - abandoned.properties!.lastActivityAt).toBeLessThanOrEqual(31 * MIN)
    await page.click('.cart-link')
    await first('cart_restored')
    expect(only('cart_abandoned')).toHaveLength(1)
    expect(errors).toEqual([])
  })

  it('is reported as soon as a frozen background tab runs again', async () => {
    const page = await jeansInCart('api')
    // What Chrome does to a background tab: its timers stop altogether.
    const cdp = await context.newCDPSession(page)
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' })
    await page.clock.setSystemTime(T0 + 3 * 60 * MIN)
    await cdp.send('Page.setWebLifecycleState', { state: 'active' })
    await page.clock.runFor(MIN)
    const abandoned = await first('cart_abandoned')
    expect(abandoned.properties).toMatchObject({ items: [jeans] })
    expect(Date.parse(abandoned.timestamp)).toBeGreaterThanOrEqual(T0 + 3 * 60 * MIN)
  })
})
