// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import pkg from '../package.json'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('quotes every size limit size-limit checks', () => {
    for (const entry of pkg['size-limit']) expect(readme).toContain(`| \`${entry.import}\` | ${entry.limit} |`)
    expect(readme).toContain(`**${pkg['size-limit'][0].limit}** at most`)
  })

  it('documents every option', () => {
    const source = readFileSync(new URL('./types.ts', import.meta.url), 'utf8')
    const block = /export interface TrackerOptions \{([\s\S]*?)\n\}/.exec(source)![1]
    const options = [...block.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1])
    expect(options.length).toBeGreaterThan(10)
    for (const option of options) expect(readme).toContain(`| \`${option}\` |`)
  })
})
