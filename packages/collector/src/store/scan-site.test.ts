// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { enrichEvent } from '../enrich.js'
import type { TouchpointEvent } from '../schema.js'
import { pageEvent } from '../test/events.js'
import { DB_TIMEOUT_MS, STORE_KINDS, useDatabases } from '../test/stores.js'
import type { Store, StoredEvent } from './types.js'

const databases = useDatabases()
const T0 = Date.parse('2026-11-23T07:00:00.000Z')

/** A stored page event of `site` (none when undefined) at T0 + `minutes`. */
function row(messageId: string, site: string | undefined, minutes: number): StoredEvent {
  const event = pageEvent({ messageId }) as unknown as TouchpointEvent
  event.context = { ...event.context, site }
  const at = T0 + minutes * 60_000
  return enrichEvent(event, at, { receivedAtMs: at })
}

async function ids(store: Store, options: Parameters<Store['scan']>[0]): Promise<string[]> {
  const seen: string[] = []
  for await (const event of store.scan(options)) seen.push(event.messageId)
  return seen
}

describe.each(STORE_KINDS)('%s store', (kind) => {
  test('scans one site, alone or within a time range', { timeout: DB_TIMEOUT_MS }, async () => {
    const store = await databases.openStore(kind)
    await store.insert([row('a-1', 'shop-a', 0), row('b-1', 'shop-b', 1), row('a-2', 'shop-a', 2), row('none', undefined, 3), row('a-3', 'shop-a', 4)])
    expect(await ids(store, { site: 'shop-a' })).toEqual(['a-1', 'a-2', 'a-3'])
    expect(await ids(store, { site: 'shop-b' })).toEqual(['b-1'])
    expect(await ids(store, { site: 'shop-a', from: new Date(T0 + 60_000), to: new Date(T0 + 4 * 60_000) })).toEqual(['a-2'])
    // A site nobody sends, and a quote that would break naive SQL, find nothing.
    expect(await ids(store, { site: "x' OR '1'='1" })).toEqual([])
    expect(await ids(store, {})).toHaveLength(5)
  })
})
