// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import pkg from '../package.json'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('quotes the size limit size-limit checks', () => {
    const [plugin] = pkg['size-limit']
    expect(plugin.import).toBe('{ qr }')
    expect(readme).toContain(`The landing plugin is **${plugin.limit}** at most`)
  })

  it('documents every option of the command', async () => {
    const { HELP } = await import('./run.js')
    for (const option of HELP.match(/--[a-z-]+/g)!) expect(readme).toContain(option)
  })
})
