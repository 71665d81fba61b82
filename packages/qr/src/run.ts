import { parseArgs } from 'node:util'
import { generate } from './generate.js'
import { progressBar, type OutputStream } from './progress.js'

export const HELP = `Usage: touchtrail-qr <placements.csv|placements.json> --out <dir> [options]

Writes a QR code (SVG and PNG) of each placement's tagged landing URL, and
manifest.json, which maps codes to placements for the collector.

Placements: a CSV with a header row, or JSON (an array), with the fields
  code      the placement's id (letters, digits, _ and -), unique
  kind      poster | flyer | booth | packaging | print-ad
  landing   where the scan leads: an http(s) URL, or a path with --base-url
  campaign  utm_campaign (optional)
  source    who shows it, e.g. the magazine (optional)
  location  where it is, in words (optional)

Options:
  -o, --out <dir>              folder for the codes and manifest.json (required)
  -b, --base-url <url>         resolves landing paths; the landing when none is given
  -f, --format <list>          svg,png (default) or one of them
      --tag <short|utm>        short: tt_qr=<code>&utm_medium=qr&utm_campaign=… (default);
                               utm: the full UTM set, for tools without the manifest
      --param <name>           the code's query parameter (default tt_qr)
      --error-correction <M|Q|H>  default Q: survives scuffs and dirt on print
      --size-mm <n>            the SVG's printed size in mm, quiet zone included (default 30)
      --png-width <px>         the PNG's smallest width in pixels (default 1200)
  -h, --help                   show this help

Exit status: 0 when every code was written, 1 when some were not (each is
listed; the others are written and in the manifest), 2 for a usage error or an
unreadable placements file.
`

/** Where {@link main} writes: stdout for the outcome, stderr for problems and the progress bar. */
export interface Io {
  stdout: OutputStream
  stderr: OutputStream
}

/**
 * The `touchtrail-qr` command: parse `argv` (without node and the script), generate, print a summary.
 * Resolves to the exit status; never rejects.
 */
export async function main(argv: string[], io: Io = process): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`touchtrail-qr: ${message}\n`)
    return 2
  }
  let args: ReturnType<typeof parse>
  try {
    args = parse(argv)
  } catch (e) {
    return fail(`${(e as Error).message}\nRun touchtrail-qr --help for usage.`)
  }
  const { values: v, positionals } = args
  if (v.help) return io.stdout.write(HELP), 0
  if (positionals.length != 1) return fail(`give one placements file (CSV or JSON)${positionals.length ? `, not ${positionals.length}` : ''}\nRun touchtrail-qr --help for usage.`)
  if (!v.out) return fail('--out <dir> is missing\nRun touchtrail-qr --help for usage.')
  const number = (name: string, value?: string) => {
    if (value == null) return
    if (!(+value > 0)) throw new Error(`--${name} must be a positive number, not "${value}"`)
    return +value
  }
  let bar: ReturnType<typeof progressBar> | undefined
  try {
    const ec = v['error-correction']?.toUpperCase()
    if (ec && !['M', 'Q', 'H'].includes(ec)) throw new Error(`--error-correction must be M, Q or H, not "${ec}"`)
    if (v.tag && v.tag != 'short' && v.tag != 'utm') throw new Error(`--tag must be short or utm, not "${v.tag}"`)
    const result = await generate({
      placements: positionals[0],
      outDir: v.out,
      baseUrl: v['base-url'],
      formats: v.format?.split(',').map((f) => f.trim().toLowerCase()) as ('svg' | 'png')[] | undefined,
      tag: v.tag as 'short' | 'utm' | undefined,
      param: v.param,
      errorCorrection: ec as 'M' | 'Q' | 'H' | undefined,
      svgSizeMm: number('size-mm', v['size-mm']),
      pngWidthPx: number('png-width', v['png-width']),
      onProgress(done, total) {
        bar ||= progressBar(io.stderr, total)
        bar.update(done)
      },
    })
    bar?.stop()
    for (const p of result.problems) io.stderr.write(`touchtrail-qr: ${p.message}\n`)
    const files = result.written.reduce((n, e) => n + Object.keys(e.files).length, 0)
    io.stdout.write(
      `touchtrail-qr: wrote ${result.written.length} of ${result.total} codes (${files} files) to ${v.out}` +
        (result.manifest ? `; manifest: ${result.manifest}` : '; no manifest') +
        (result.problems.length ? `; ${result.problems.length} problem${result.problems.length > 1 ? 's' : ''} above\n` : '\n'),
    )
    return result.problems.length ? 1 : 0
  } catch (e) {
    bar?.stop()
    return fail((e as Error).message)
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      'base-url': { type: 'string', short: 'b' },
      format: { type: 'string', short: 'f' },
      tag: { type: 'string' },
      param: { type: 'string' },
      'error-correction': { type: 'string' },
      'size-mm': { type: 'string' },
      'png-width': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}
