import { describe, expect, it } from 'vitest'
import { createTracker } from './tracker.js'
import { REDACTED as R, scrub, scrubString } from './scrub.js'
import type { TrackerEvent } from './types.js'

describe('scrubString', () => {
  const cases: [string, string][] = [
    // Emails, plain and percent-encoded, anywhere in a URL.
    ['https://shop.test/thanks?email=jane.doe@example.com', `https://shop.test/thanks?email=${R}`],
    ['https://shop.test/thanks?e=jane.doe%40example.com&step=2', `https://shop.test/thanks?e=${R}&step=2`],
    ['https://shop.test/unsubscribe/jane+news@mail.example.co.uk/done', `https://shop.test/unsubscribe/${R}/done`],
    ['https://shop.test/?contact=jane.doe%2Bnews%40example.com&x=1', `https://shop.test/?contact=${R}&x=1`],
    ['https://shop.test/?utm_content=janedoe%2bspring%40example.com', `https://shop.test/?utm_content=${R}`],
    ['Order for JANE@EXAMPLE.DE confirmed', `Order for ${R} confirmed`],
    // Phone numbers, international and national.
    ['call +49 170 1234567 now', `call ${R} now`],
    ['call +49 (0)30 1234567', `call ${R}`],
    ['https://shop.test/callback?t=%2B4917012345678', `https://shop.test/callback?t=${R}`],
    ['0049 30 12345678', R],
    ['030/1234567', R],
    ['0170-1234567', R],
    ['Ruf an: 0170 1234567.', `Ruf an: ${R}.`],
    // In a URL, with %20 or `+` (a space in a query string) between the groups.
    ['https://shop.test/?phone_no=%2B49%20170%201234567', `https://shop.test/?phone_no=${R}`],
    ['https://shop.test/search?q=call+0170+1234567', `https://shop.test/search?q=call+${R}`],
    ['https://shop.test/search?q=call%200170%201234567', `https://shop.test/search?q=call%20${R}`],
    ['https://shop.test/?c=+49+170+1234567&step=2', `https://shop.test/?c=${R}&step=2`],
    // US numbers: area code in parentheses or followed by a separator, perhaps after 1 or +1.
    ['call (415) 555-0100', `call ${R}`],
    ['415-555-0100', R],
    ['Call 415.555.0100.', `Call ${R}.`],
    ['+1 (415) 555-0100', R],
    ['1-800-555-0100', R],
    ['tel:(415)555-0100', `tel:${R}`],
    ['https://shop.test/?p=%28415%29%20555-0100&x=1', `https://shop.test/?p=${R}&x=1`],
    ['https://shop.test/?p=%2B1%20%28415%29%20555-0100', `https://shop.test/?p=${R}`],
    ['https://shop.test/search?q=415+555+0100', `https://shop.test/search?q=${R}`],
    // Secret parameters by name, values blanked, names kept.
    ['https://shop.test/reset?token=abc123&lang=de', `https://shop.test/reset?token=${R}&lang=de`],
    ['https://shop.test/login?Password=hunter2', `https://shop.test/login?Password=${R}`],
    ['https://shop.test/cb#access_token=xyz&state=1', `https://shop.test/cb#access_token=${R}&state=1`],
    // A URL nested in a parameter's value, raw or percent-encoded (any case), and path parameters.
    ['https://shop.test/login?next=/reset?token=abc123', `https://shop.test/login?next=/reset?token=${R}`],
    ['https://shop.test/login?next=%2Freset%3Ftoken%3Dabc123&lang=de', `https://shop.test/login?next=%2Freset%3Ftoken%3D${R}&lang=de`],
    ['https://shop.test/login?redirect=https%3A%2F%2Fx.example%2Fcb%3Faccess_token%3Dabc%26state%3D1', `https://shop.test/login?redirect=https%3A%2F%2Fx.example%2Fcb%3Faccess_token%3D${R}%26state%3D1`],
    ['https://shop.test/login?r=%2fcb%3fx%3d1%26TOKEN%3dabc', `https://shop.test/login?r=%2fcb%3fx%3d1%26TOKEN%3d${R}`],
    ['https://shop.test/#/reset?token=abc123', `https://shop.test/#/reset?token=${R}`],
    ['https://shop.test/cart;jsessionid=1A2B3C?x=1', `https://shop.test/cart;jsessionid=${R}?x=1`],
    // A secret's own ? or encoded ?, & and = are part of it: all of it goes.
    ['https://shop.test/a?password=p%3Fa%26token%3Dx&lang=de', `https://shop.test/a?password=${R}&lang=de`],
    ['https://shop.test/a?password=a?b;c&lang=de', `https://shop.test/a?password=${R}&lang=de`],
    ['https://shop.test/?phone=12345', `https://shop.test/?phone=${R}`],
    // Session ids, refresh and API tokens, client secrets, under the names frameworks give them.
    ...['refresh_token', 'auth_token', 'authorization', 'passwd', 'session', 'session_id', 'sessionid', 'PHPSESSID', 'JSESSIONID', 'key', 'api-key', 'client_secret'].map(
      (name): [string, string] => [`https://shop.test/a?${name}=S3CR3T&lang=de`, `https://shop.test/a?${name}=${R}&lang=de`],
    ),
    // Nothing else changes.
    ['https://shop.test/products/jeans-501?utm_source=newsletter&utm_medium=email&utm_campaign=cart-reminder', 'https://shop.test/products/jeans-501?utm_source=newsletter&utm_medium=email&utm_campaign=cart-reminder'],
    ['https://shop.test/?gclid=Cj0KCQiA0MD_BhD1ARIsADy00w5lUxHTcBNHJr7GfQ8&sku=00012345', 'https://shop.test/?gclid=Cj0KCQiA0MD_BhD1ARIsADy00w5lUxHTcBNHJr7GfQ8&sku=00012345'],
    ['2026-11-23T07:00:00.000Z', '2026-11-23T07:00:00.000Z'],
    ['Order 1234567890 of 2026-11-23, 59.90 EUR', 'Order 1234567890 of 2026-11-23, 59.90 EUR'],
    ['Jeans 501 – W32/L34', 'Jeans 501 – W32/L34'],
    ['https://shop.test/search?q=email+marketing+book', 'https://shop.test/search?q=email+marketing+book'],
    ['user@localhost', 'user@localhost'],
    // An image's pixel density is no email address.
    ['https://shop.test/img/hero@2x.jpg', 'https://shop.test/img/hero@2x.jpg'],
    ['https://cdn.shop.test/p/jeans-501@1.5x.webp?v=2', 'https://cdn.shop.test/p/jeans-501@1.5x.webp?v=2'],
    ['write to jane@2xdesign.example', `write to ${R}`],
    ['https://shop.test/p?id=0815&v=2', 'https://shop.test/p?id=0815&v=2'],
    ['android-app://com.google.android.gm/', 'android-app://com.google.android.gm/'],
    ['EAN 4006381333931', 'EAN 4006381333931'],
    // Ids whose first digits look like a number with a prefix: a UUID (a page view's id, CI saw it redacted) and others.
    ['00301659-1798-46fe-ad2d-6fbbc9ab2e6d', '00301659-1798-46fe-ad2d-6fbbc9ab2e6d'],
    ['04912345-6789-4012-8345-678901234567', '04912345-6789-4012-8345-678901234567'],
    // Ids padded with zeros, as SAP writes material and order numbers: no country code begins with 0.
    ['000000000000123456', '000000000000123456'],
    ['https://shop.test/p?item_id=0000004711&order=0000123456', 'https://shop.test/p?item_id=0000004711&order=0000123456'],
    ['{"pageViewId":"00301659-1798-46fe-ad2d-6fbbc9ab2e6d"}', '{"pageViewId":"00301659-1798-46fe-ad2d-6fbbc9ab2e6d"}'],
    // Digits with separators that are no phone number: dates, times, prices, ids, IPs, versions, colours.
    ...[
      '2026-11-23', '07:00:00 – 12:30:45', '2026-11-23T07:00:00+01:00', 'https://shop.test/?t=2026-11-23T07%3A00%3A00%2B01%3A00',
      'https://shop.test/?d=2026-11-23+07:00:00', '1.234,56 €', '1.234.567,89 EUR', 'INV-202611-1234', '202611-1234', '415555-0100',
      'ISBN 978-3-16-148410-0', 'https://shop.test/?width=1280&height=800', 'https://shop.test/?w=1280+800+600', '192.168.100.200',
      'v1.2.3', 'v10.100.1000', '#ff0000', 'https://shop.test/?color=%23123456', 'https://shop.test/search?q=iphone+15+pro+256gb',
      // Ten bare digits may be a US number, but as often an id or a Unix time: without separators they stay.
      '4155550100', '1700000000',
      // A nested URL without secrets is left as it was.
      'https://shop.test/login?next=%2Fcart%3Fstep%3D2%26coupon%3DX&lang=de',
    ].map((s): [string, string] => [s, s]),
  ]
  it.each(cases)('%s', (input, expected) => {
    expect(scrubString(input)).toBe(expected)
  })

  it('scrubs a long URL in time linear in its length, and only the email in it', () => {
    // 300 KB of state in a URL, and digit runs as long: tried at every position, the email pattern took
    // time quadratic in such a run (2.7 s for 70 KB), far past this test's timeout for 300 KB.
    const state = 'aB3_-.'.repeat(50_000)
    const url = `https://shop.test/app?state=${state}&to=jane@example.com&n=${'0'.repeat(100_000)}`
    expect(scrubString(url)).toBe(`https://shop.test/app?state=${state}&to=${R}&n=${'0'.repeat(100_000)}`)
    expect(scrubString('x'.repeat(300_000) + ' jane@example.com')).toBe('x'.repeat(300_000) + ' ' + R)
    // Encoded `+` (%2B) may be inside an email, but no match starts within one: base64 state is full of them.
    const encoded = 'aB3%2B'.repeat(50_000)
    expect(scrubString(`https://shop.test/app?state=${encoded}`)).toBe(`https://shop.test/app?state=${encoded}`)
  })

  it('scrubs long runs of URL separators and digits in time linear in their length', () => {
    // 300 KB of each: every new part of the patterns (%20, + and %28 as phone separators, %3F, %26 and
    // %3D as nested query separators, ;) tried at every position of a run that never completes a match.
    for (const unit of ['%20', '+', '0+', '%200', '%2B1%20', '(415)', '%28415%29', '415 555 ', '7', '%3F', '%3Fa', '%3Fa%3D', '%26a%3D', ';a=', '%']) {
      const url = `https://shop.test/app?state=${unit.repeat(300_000 / unit.length)}`
      expect(scrubString(url)).toBe(url)
    }
    // And what follows such a run is still found.
    expect(scrubString(`?q=${'%20'.repeat(100_000)}call+0170+1234567`)).toBe(`?q=${'%20'.repeat(100_000)}call+${R}`)
    expect(scrubString(`?next=${'%3F'.repeat(100_000)}token%3Dabc`)).toBe(`?next=${'%3F'.repeat(100_000)}token%3D${R}`)
  })

  it('never changes a UUID, even one made of digits after a 00 or a 0', () => {
    // Random v4 UUIDs, and as many whose hex happens to be all digits after a leading 00 or 0: the worst case.
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('')
    const ids = Array.from({ length: 2000 }, (_, i) =>
      i % 2 ? crypto.randomUUID() : `${i % 4 ? '00' : '0'}${digits(i % 4 ? 6 : 7)}-${digits(4)}-4${digits(3)}-8${digits(3)}-${digits(12)}`,
    )
    expect(ids.filter((id) => scrubString(id) != id)).toEqual([])
    expect(ids.filter((id) => scrubString(`id=${id}&x=1`) != `id=${id}&x=1`)).toEqual([])
  })
})

describe('scrub()', () => {
  it('reads product and order ids as ids, not phone numbers; emails in them are still removed', async () => {
    const sent: TrackerEvent[] = []
    const t = createTracker({ endpoint: 'x', plugins: [scrub()], transport: () => ({ send: (e) => void sent.push(...e), flush: async () => {} }) })
    // US products: a GTIN-13 is 0 + the UPC-A, and many UPC-As begin 0 too.
    t.track('add_to_cart', {
      items: [{ item_id: '0012345678905', item_name: 'Jeans', gtin: '00012345678905', upc: '004963406072', sku: '0049 30 12345678' }],
      transaction_id: '0049301234567',
      productId: '0012345678905',
      item_id: 'jane@example.com',
      note: '0012345678905',
      customer_id: '+49 170 1234567',
      order_id: '415-555-0100',
      ref: '415-555-0100',
    })
    await new Promise((r) => setTimeout(r, 0))
    expect(sent[0].properties).toEqual({
      items: [{ item_id: '0012345678905', item_name: 'Jeans', gtin: '00012345678905', upc: '004963406072', sku: '0049 30 12345678' }],
      transaction_id: '0049301234567',
      productId: '0012345678905',
      item_id: R,
      // Under any other key the same digits may be a number written without spaces.
      note: R,
      customer_id: R,
      order_id: '415-555-0100',
      ref: R,
    })
  })

  it('never throws on a malformed percent-encoding, so the event is still scrubbed', async () => {
    expect(scrubString('/p?%E0=1&E%6Dail=x&token=abc&q=jane@example.com')).toBe(`/p?%E0=1&E%6Dail=${R}&token=${R}&q=${R}`)
    const sent: TrackerEvent[] = []
    const t = createTracker({ endpoint: 'x', plugins: [scrub()], transport: () => ({ send: (e) => void sent.push(...e), flush: async () => {} }) })
    history.replaceState(null, '', '/p?%E0=1&token=abc')
    t.track('a', { ref: 'https://x.example/?%ZZ&email=jane@example.com' })
    await new Promise((r) => setTimeout(r, 0))
    expect(sent[0].context.page.search).toBe(`?%E0=1&token=${R}`)
    expect(sent[0].properties).toEqual({ ref: `https://x.example/?%ZZ&email=${R}` })
    history.replaceState(null, '', '/')
  })

  it('scrubs URLs, referrers, titles, campaign values and properties, and nothing else', async () => {
    const sent: TrackerEvent[] = []
    const t = createTracker({
      endpoint: 'x',
      plugins: [
        { name: 'campaign', setup: (tr) => void tr.on('event', (ev) => void (ev.context.campaign = { source: 'newsletter', name: 'jane@example.com' })) },
        scrub({ params: ['voucher'], custom: (v) => v.replace(/ORDER-\d+/g, 'ORDER-x') }),
      ],
      transport: () => ({ send: (e) => void sent.push(...e), flush: async () => {} }),
    })
    history.replaceState(null, '', '/thanks?voucher=SAVE10&email=jane%40example.com&step=3')
    document.title = 'Thanks, jane@example.com'
    t.track('purchase', {
      email: 'jane@example.com',
      phone: 12345,
      note: 'call me at +49 170 1234567',
      order: 'ORDER-991',
      items: [{ item_id: 'J-1', item_name: 'Jeans', price: 59.9 }],
      value: 59.9,
      currency: 'EUR',
    })
    await new Promise((r) => setTimeout(r, 0))
    const [ev] = sent
    expect(ev.context.page.url).toBe(`${location.origin}/thanks?voucher=${R}&email=${R}&step=3`)
    expect(ev.context.page.search).toBe(`?voucher=${R}&email=${R}&step=3`)
    expect(ev.context.page.title).toBe(`Thanks, ${R}`)
    expect(ev.context.campaign).toEqual({ source: 'newsletter', name: R })
    expect(ev.properties).toEqual({
      email: R,
      phone: R,
      note: `call me at ${R}`,
      order: 'ORDER-x',
      items: [{ item_id: 'J-1', item_name: 'Jeans', price: 59.9 }],
      value: 59.9,
      currency: 'EUR',
    })
    expect(ev.context.library.name).toBe('touchtrail')
    expect(ev.event).toBe('purchase')
    history.replaceState(null, '', '/')
  })
})
