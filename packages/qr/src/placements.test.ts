// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { parsePlacements, readPlacements } from './placements.js'

const FIXTURE = fileURLToPath(new URL('../fixtures/placements.csv', import.meta.url))

describe('parsePlacements', () => {
  it('reads a CSV by its header, in any column order, with the spreadsheet row of each placement', () => {
    const text = 'Landing URL,Kind,Code,Location\nhttps://shop.test/,poster,P1,"Berlin, Hbf"\n\n/x,flyer,P2,\n'
    expect(parsePlacements(text, 'csv')).toEqual([
      { row: 2, landing: 'https://shop.test/', kind: 'poster', code: 'P1', location: 'Berlin, Hbf' },
      { row: 4, landing: '/x', kind: 'flyer', code: 'P2' },
    ])
  })

  it('reads the fixture every other test uses', async () => {
    const list = await readPlacements(FIXTURE)
    expect(list.map((p) => p.code)).toEqual(['BER-HBF-01', 'MUC-FLY-02', 'FAIR-B4', 'BOX-ODE', 'AD-SPIEGEL-7'])
    expect(list[3]).toEqual({ row: 5, code: 'BOX-ODE', kind: 'packaging', location: 'Shoe box insert, "care" card', landing: '/care/jeans-ödeme' })
  })

  it('refuses a CSV whose header has an unknown or a missing column', () => {
    expect(() => parsePlacements('code,kind,compaign\nP1,poster,x', 'csv', 'p.csv')).toThrow(
      'p.csv: unknown column "compaign" (columns: code, kind, landing, campaign, source, location)',
    )
    expect(() => parsePlacements('code,landing\nP1,/x', 'csv', 'p.csv')).toThrow('p.csv: the header row needs the columns code and kind')
    expect(() => parsePlacements('', 'csv', 'p.csv')).toThrow('p.csv is empty')
  })

  it('reads JSON as an array or as { placements }, numbering from 1', () => {
    const list = [{ code: 'P1', kind: 'booth', landing: 'https://shop.test/' }]
    expect(parsePlacements(JSON.stringify(list), 'json')).toEqual([{ row: 1, ...list[0] }])
    expect(parsePlacements(JSON.stringify({ placements: list }), 'json')).toEqual([{ row: 1, ...list[0] }])
  })

  it('refuses JSON that is not a list of placements, naming the file', () => {
    expect(() => parsePlacements('{"code":', 'json', 'p.json')).toThrow(/^p\.json is not valid JSON: /)
    expect(() => parsePlacements('{"code":"P1"}', 'json', 'p.json')).toThrow('p.json must hold an array of placements')
    expect(() => parsePlacements('[{"code":"P1","landingPage":"/"}]', 'json', 'p.json')).toThrow('p.json, placement 1: unknown column "landingPage"')
  })

  it('names a file it cannot read', async () => {
    await expect(readPlacements('/nonexistent/placements.csv')).rejects.toThrow('cannot read /nonexistent/placements.csv: ENOENT')
  })
})
