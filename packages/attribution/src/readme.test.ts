// @vitest-environment node
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import pkg from '../package.json'

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../README.md'), 'utf8')

describe('README', () => {
  it('quotes the size limits size-limit checks', () => {
    const [plugin, channel] = pkg['size-limit']
    expect(plugin.import).toBe('{ attribution }')
    expect(readme).toContain(`The plugin is **${plugin.limit}** at most`)
    expect(channel.import).toBe('{ channelGroup }')
    expect(readme).toContain(`the channel function the collector shares is **${channel.limit}**`)
  })

  it('documents every option of AttributionOptions and the option interfaces it extends', () => {
    const options = ['attribution.ts', 'campaign.ts', 'referrer.ts'].flatMap((file) => {
      const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), file), 'utf8')
      const block = /export interface \w+Options[^{]*\{([\s\S]*?)\n\}/.exec(source)![1]
      return [...block.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1])
    })
    expect(options.sort()).toEqual(['aliases', 'checkoutDomains', 'cleanUrl', 'conversions', 'internalDomains', 'params', 'trailLength'])
    for (const option of options) expect(readme).toContain(`| \`${option}\` |`)
  })
})
