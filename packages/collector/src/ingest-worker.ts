/**
 * The worker thread of `createIngester`: parses, validates and enriches the batches the main thread sends. Built as
 * its own file (`dist/ingest-worker.js`) because a worker thread starts from a script; not an API to import.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { serveIngest, type IngestSettings } from './ingester.js'

if (parentPort) serveIngest(parentPort, workerData as IngestSettings)
