// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import pkg from '../package.json'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('quotes the size limit size-limit checks', () => {
    for (const entry of pkg['size-limit']) expect(readme).toContain(`| \`${entry.import}\` | ${entry.limit} |`)
    expect(readme).toContain(`**${pkg['size-limit'][0].limit}** at most`)
  })

  it('documents every option with its default', () => {
    const source = readFileSync(new URL('./queue.ts', import.meta.url), 'utf8')
    const block = /export interface QueueOptions \{([\s\S]*?)\n\}/.exec(source)![1]
    const options = [...block.matchAll(/^ {2}(\w+)\??:[^\n]*$/gm)].map((m) => m[1])
    const defaults = [...block.matchAll(/@default (\d+)/g)].map((m) => m[1])
    expect(options).toEqual(['maxBatchSize', 'flushIntervalMs', 'maxEvents', 'maxAgeMs'])
    options.forEach((option, i) => expect(readme).toMatch(new RegExp(`\\| \`${option}\` \\|[^\\n]*\\| \`${defaults[i]}\``)))
  })
})
