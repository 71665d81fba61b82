import { describe, expect, it } from 'vitest'
import { parseCsv } from './csv.js'

const cells = (text: string) => parseCsv(text).map((r) => r.cells)

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    expect(cells('a,b,c\n"x, y","say ""hi""","two\nlines"\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ])
  })

  it('takes the delimiter the header uses: semicolons from German Excel, tabs', () => {
    expect(cells('code;landing\r\nP1;https://x.test/?a=1,2\r\n')).toEqual([
      ['code', 'landing'],
      ['P1', 'https://x.test/?a=1,2'],
    ])
    expect(cells('code\tkind\nP1\tposter')).toEqual([
      ['code', 'kind'],
      ['P1', 'poster'],
    ])
  })

  it('drops a byte order mark and blank lines, and keeps empty fields', () => {
    expect(cells('\uFEFFcode,kind\n\nP1,,\n\r\n')).toEqual([
      ['code', 'kind'],
      ['P1', '', ''],
    ])
  })

  it('says on which line each record starts, counting line breaks inside quotes', () => {
    expect(parseCsv('h\n"a\nb"\n\nc\r\nd').map((r) => r.line)).toEqual([1, 2, 5, 6])
  })
})
