import { attribution, type ReferrerOptions } from '@touchtrail/attribution'
import { cart } from '@touchtrail/cart'
import { consentMode, scrub, tcf, type Plugin, type TransportFactory } from '@touchtrail/core'
import { qr } from '@touchtrail/qr'
import { queue } from '@touchtrail/queue'
import { vitals } from '@touchtrail/vitals'

/**
 * What the script-tag build adds to core: the transport and every plugin, in hook order
 * (consent bridges first; attribution before cart and qr, which read the touch it sets; scrubbing
 * last). `config` carries the script tag's attribution attributes. Each plugin's bytes count in the
 * bundle budget in package.json.
 */
export function bundle(config: ReferrerOptions): { transport: TransportFactory; plugins: Plugin[] } {
  return {
    transport: queue(),
    plugins: [
      // Consent first, so nothing is built before the consent manager has spoken.
      consentMode(),
      tcf(),
      attribution(config),
      cart(),
      qr(),
      vitals(),
      // Last, so it scrubs what every other plugin added.
      scrub(),
    ],
  }
}
