import { describe, expect, it } from 'vitest'
import { uuid } from './uuid.js'

describe('uuid', () => {
  it('makes RFC 9562 version 4 UUIDs, every random digit taking every value', () => {
    const ids = Array.from({ length: 2000 }, uuid)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
    // Each of the 30 random hex digits takes all 16 values, and the variant digit all 4, over 2,000 ids.
    for (let at = 0; at < 36; at++) {
      if ([8, 13, 14, 18, 23].includes(at)) continue
      expect(new Set(ids.map((id) => id[at])).size, `position ${at}`).toBe(at == 19 ? 4 : 16)
    }
  })
})
