#!/usr/bin/env node
// The `touchtrail-qr` command (see run.ts and `touchtrail-qr --help`).
import { main } from './run.js'

main(process.argv.slice(2)).then((status) => (process.exitCode = status))
