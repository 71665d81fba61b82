// Publishes the event JSON Schema as a plain file, dist/event.schema.json, from the built schema module:
// one source (src/schema.ts), so the file and the collector's own validation cannot drift apart.
import { writeFileSync } from 'node:fs'
import { EVENT_SCHEMA } from '../dist/schema.js'

writeFileSync(new URL('../dist/event.schema.json', import.meta.url), `${JSON.stringify(EVENT_SCHEMA, null, 2)}\n`)
