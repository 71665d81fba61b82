/**
 * Runs async tasks one after another, like a mutex: DuckDB allows one writer transaction per connection, and a
 * second `BEGIN` on it while the first is open would nest into the wrong transaction.
 *
 * @example
 * const serial = createSerial()
 * await serial.run(() => write(rows))
 */
export function createSerial() {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    /** Runs `task` after every task queued before it; resolves or rejects with its result. */
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task)
      // The chain continues whether the task failed or not; the caller sees the failure through `result`.
      tail = result.catch(() => {})
      return result
    },
    /** Resolves once every task queued so far has finished. */
    idle(): Promise<void> {
      return tail.then(() => {})
    },
  }
}
