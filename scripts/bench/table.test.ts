import { describe, expect, it } from 'vitest'
import { deliveryCell, formatBytes, formatMs, median, ratio, readmeSection, replaceSection, tables } from './table.mjs'

const sdk = (id: string, name: string, brotli: number, busyMs: number, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  pkg: id,
  version: '1.0.0',
  kind: 'product',
  note: `${name} note`,
  size: { raw: brotli * 3, gzip: brotli * 1.2, brotli },
  timing: {
    reps: [{}, {}, {}],
    median: { busyMs, mainMs: busyMs / 2, longTasks: 1, longTaskMs: 60 },
    plain: { expected: 1000, delivered: 1000, duplicates: 0, requestsPerEvent: 0.05, bytesPerEvent: 400 },
    errors: 0,
  },
  faults: {
    plain: { expected: 20, delivered: 20, duplicates: 0, returnVisit: false },
    offline: { expected: 20, delivered: 20, duplicates: 0, returnVisit: false },
    tabClose: { expected: 20, delivered: 20, duplicates: 0, returnVisit: false },
    failing: { expected: 20, delivered: 20, duplicates: 0, returnVisit: false },
    twoTabs: { expected: 40, delivered: 40, duplicates: 0, returnVisit: false },
  },
  ...extra,
})

const results = () => ({
  date: '2026-11-23T12:00:00.000Z',
  durationMs: 312_000,
  machine: { nproc: 2, cpu: 'AMD EPYC', memoryBytes: 24 * 1024 ** 3, os: 'Linux 6.1' },
  node: 'v20.20.2',
  chromium: '156.0.8078.79',
  calls: 1000,
  reps: { min: 3, max: 5 },
  faultEvents: 20,
  failFirst: 3,
  sdks: [sdk('touchtrail', 'touchtrail', 4000, 50), sdk('segment', 'Segment', 40_000, 2000), sdk('plausible', 'Plausible', 2000, 100, { kind: 'pageview' })],
})

describe('number formatting', () => {
  it('writes bytes the way size-limit does', () => {
    expect(formatBytes(532)).toBe('532 B')
    expect(formatBytes(4559)).toBe('4.56 kB')
    expect(formatBytes(106_191)).toBe('106.2 kB')
    expect(formatBytes(undefined)).toBe('–')
  })

  it('writes milliseconds with a decimal only under 10 ms', () => {
    expect(formatMs(3.14)).toBe('3.1 ms')
    expect(formatMs(14_645.2)).toBe('14,645 ms')
    expect(formatMs(Number.NaN)).toBe('–')
  })

  it("gives touchtrail's ratio to a peer with two significant digits", () => {
    expect(ratio(4559, 37_167)).toBe('0.12×')
    expect(ratio(4559, 2359)).toBe('1.9×')
    expect(ratio(700, 50)).toBe('14×')
    expect(ratio(1, 0)).toBe('–')
    expect(ratio(undefined, 5)).toBe('–')
  })

  it('takes the median of the finite values, averaging the middle pair', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([Number.NaN, 7])).toBe(7)
    expect(median([])).toBeUndefined()
  })
})

describe('delivery cells', () => {
  it('marks losses in bold and says when a return visit was needed', () => {
    expect(deliveryCell({ expected: 20, delivered: 20, duplicates: 0 })).toBe('20/20')
    expect(deliveryCell({ expected: 20, delivered: 7, duplicates: 0, returnVisit: true })).toBe('**7/20** (return visit)')
    expect(deliveryCell({ expected: 20, delivered: 20, duplicates: 3 })).toBe('20/20 +3 dup.')
  })

  it('reports why a scenario could not run instead of dropping it', () => {
    expect(deliveryCell({ error: 'no page view reached the collector within 20 s' })).toBe('✗ no page view reached the collector within 20 s')
  })
})

describe('tables', () => {
  it("shows every SDK with touchtrail's ratio, page-view-only SDKs marked", () => {
    const md = tables(results())
    expect(md).toContain('| Segment | 1.0.0 | 120.0 kB | 48.0 kB | 40.0 kB | 0.1× |')
    expect(md).toContain('| Plausible (page views only) | 1.0.0 | 6.00 kB | 2.40 kB | 2.00 kB | 2× |')
    expect(md).toContain('| Segment | 2,000 ms | 1,000 ms | 1 / 60 ms | 3 | 0.025× |')
    expect(md).toContain('median of 3 fresh contexts')
    expect(md).toContain('| touchtrail | 20/20 | 20/20 | 20/20 | 20/20 | 40/40 |')
  })

  it('keeps an SDK whose runs all failed, with the reason', () => {
    const r = results()
    r.sdks[1].timing = { reps: [], median: undefined, plain: undefined, error: 'no page view reached the collector within 20 s', errors: 3 } as any
    r.sdks[0].timing.reps = [{}, {}, {}, {}, {}]
    const md = tables(r)
    expect(md).toContain('median of 3–5 fresh contexts')
    expect(md).toContain('| Segment | ✗ no page view reached the collector within 20 s | – | – | 0 | – |')
    expect(md).toContain('| Segment | ✗ no run finished | – | – | – |')
  })
})

describe('the README section', () => {
  it('says when, where and with which versions it ran', () => {
    const section = readmeSection(results())
    expect(section.startsWith('## Benchmarks\n')).toBe(true)
    expect(section).toContain('on 2026-11-23: 2 cores (AMD EPYC), 24.0 GB memory, Linux 6.1; Node v20.20.2; Chromium 156.0.8078.79')
    expect(section).toContain('Segment `segment@1.0.0`')
  })

  it('replaces only its own section and leaves the rest of the README alone', () => {
    const readme = '# touchtrail\n\nIntro.\n\n## Benchmarks\n\nold table\n\n## Licence\n\nMIT\n'
    expect(replaceSection(readme, '## Benchmarks\n\nnew table\n')).toBe('# touchtrail\n\nIntro.\n\n## Benchmarks\n\nnew table\n\n## Licence\n\nMIT\n')
    expect(replaceSection('# touchtrail\n\nIntro.\n', '## Benchmarks\n\nnew\n')).toBe('# touchtrail\n\nIntro.\n\n## Benchmarks\n\nnew\n')
    expect(replaceSection('# t\n\n## Benchmarks\n\nold\n', '## Benchmarks\n\nnew\n')).toBe('# t\n\n## Benchmarks\n\nnew\n')
  })
})
