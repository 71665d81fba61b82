// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import pkg from '../package.json'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const source = readFileSync(new URL('./cart.ts', import.meta.url), 'utf8')

describe('README', () => {
  it('quotes the size limit size-limit checks', () => {
    const [plugin] = pkg['size-limit']
    expect(plugin.import).toBe('{ cart }')
    expect(readme).toContain(`The plugin is **${plugin.limit}** at most`)
  })

  it('documents every option with its default', () => {
    const start = source.indexOf('export interface CartOptions')
    const names = [...source.slice(start, source.indexOf('\n}', start)).matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1])
    expect(names).toEqual(['abandonAfterMs'])
    for (const name of names) {
      const fallback = new RegExp(`\\b${name} = ([^,\\n ]+)`).exec(source)![1]
      expect(readme).toMatch(new RegExp(`\\| \`${name}\` \\| \\w+ \\| \`${fallback}\` \\|`))
    }
  })

  it('documents every method of the cart API', () => {
    const start = source.indexOf('export interface CartApi')
    const methods = [...source.slice(start, source.indexOf('\n}', start)).matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1])
    expect(methods).toEqual(['add', 'remove', 'update', 'clear', 'checkout', 'purchase', 'error', 'state'])
    for (const method of methods) expect(readme).toMatch(new RegExp(`\\| \`${method}\\(`))
  })
})
