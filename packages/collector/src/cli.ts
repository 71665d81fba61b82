#!/usr/bin/env node
// The `touchtrail-collector` bin: wires the real process to `main`. Kept to this so that `main` stays testable
// and importing the package never starts anything.
import { main } from './main.js'

const stop = new AbortController()
let signals = 0
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // The first signal shuts down gracefully; a second one means the operator will not wait.
    if (++signals > 1) process.exit(130)
    stop.abort()
  })
}

// No top-level await: the shared build targets ES2021.
void main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: stop.signal, env: process.env }).then(
  (code) => {
    process.exitCode = code
  },
)
