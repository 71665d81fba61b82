/** One record of a CSV file and the line it starts on (1-based), for error messages. */
export interface CsvRecord {
  cells: string[]
  line: number
}

/**
 * Parse CSV as RFC 4180 writes it (quoted fields with commas, doubled quotes and line breaks; CRLF
 * or LF), as spreadsheets export it: a UTF-8 byte order mark is dropped, and the delimiter is the
 * one the header line uses most of `,`, `;` (German and French Excel) or a tab. Blank lines are skipped.
 *
 * @example
 * parseCsv('code;kind\r\nP01;poster\r\n') // [{ cells: ['code', 'kind'], line: 1 }, { cells: ['P01', 'poster'], line: 2 }]
 */
export function parseCsv(text: string): CsvRecord[] {
  text = text.replace(/^\uFEFF/, '')
  const header = text.slice(0, text.search(/\r|\n|$/))
  const count = (d: string) => header.split(d).length
  const delimiter = [',', ';', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best))
  const records: CsvRecord[] = []
  let cells: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let start = 1
  const endRecord = () => {
    cells.push(field)
    if (cells.length > 1 || cells[0].trim()) records.push({ cells, line: start })
    cells = []
    field = ''
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c == '\n' || (c == '\r' && text[i + 1] != '\n')) line++
    if (quoted) {
      if (c == '"' && text[i + 1] == '"') field += text[i++]
      else if (c == '"') quoted = false
      else field += c
    } else if (c == '"' && !field.trim()) {
      quoted = true
      field = ''
    } else if (c == delimiter) {
      cells.push(field)
      field = ''
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && text[i + 1] == '\n') continue
      endRecord()
      start = line
    } else field += c
  }
  if (field || cells.length) endRecord()
  return records
}
