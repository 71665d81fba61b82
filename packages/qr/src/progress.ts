import cliProgress from 'cli-progress'

/** A writable stream as a terminal may be one. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number }

/** Batches smaller than this finish before a bar would help. */
export const PROGRESS_MIN = 20

/**
 * A progress bar (cli-progress) on `stream` for a batch of `total` codes, drawn only when the stream
 * is a terminal and the batch has at least {@link PROGRESS_MIN} codes; otherwise it does nothing, so a
 * log file or a pipe gets no control characters. Call `update(done)` as codes finish, `stop()` at the end.
 */
export function progressBar(stream: OutputStream, total: number): { update(done: number): void; stop(): void } {
  if (!stream.isTTY || total < PROGRESS_MIN) return { update() {}, stop() {} }
  const bar = new cliProgress.SingleBar(
    { stream, format: 'touchtrail-qr [{bar}] {value}/{total} codes, {eta_formatted} left', hideCursor: true },
    cliProgress.Presets.shades_classic,
  )
  bar.start(total, 0)
  return { update: (done) => bar.update(done), stop: () => bar.stop() }
}
