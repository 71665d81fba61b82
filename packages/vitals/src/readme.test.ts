// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import pkg from '../package.json'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const source = readFileSync(new URL('./vitals.ts', import.meta.url), 'utf8')

describe('README', () => {
  it('quotes the size limit size-limit checks', () => {
    const [plugin] = pkg['size-limit']
    expect(plugin.import).toBe('{ vitals }')
    expect(readme).toContain(`The plugin is **${plugin.limit}** at most`)
  })

  it('documents every option with its default', () => {
    const options = source.slice(source.indexOf('export interface VitalsOptions'), source.indexOf('\n}', source.indexOf('export interface VitalsOptions')))
    const names = [...options.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1])
    expect(names).toHaveLength(6)
    for (const name of names) {
      const fallback = new RegExp(`\\b${name} = ([^,\\n]+)`).exec(source)![1]
      expect(readme).toMatch(new RegExp(`\\| \`${name}\` \\| \\w+ \\| \`${fallback}\` \\|`))
    }
  })
})
