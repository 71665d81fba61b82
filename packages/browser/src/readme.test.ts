// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import pkg from '../package.json'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('quotes the size limit size-limit checks', () => {
    expect(readme).toContain(`**${pkg['size-limit'][0].limit}** at most`)
  })

  it('documents every data attribute the script tag reads', () => {
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8')
    const read = [...source.matchAll(/d\.(\w+)/g)].map((m) => 'data-' + m[1].replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()))
    expect(new Set(read).size).toBe(10)
    for (const attribute of new Set(read)) expect(readme).toContain('`' + attribute)
  })
})
