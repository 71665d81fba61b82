// The size-limit config of the plugin packages: their own checks, from their package.json, measured with
// the parts of @touchtrail/core they import. size-limit leaves a package's peer dependencies out of its
// bundle; the plugins take core as a peer (so an app has one core), and their budgets have always counted
// the core helpers they pull in (listenDataLayer, guard, the sending helpers), which an app pays for too.
// A check's own `ignore` still applies (the queue's leaves core out: every tracker has it).
// Run from the package folder: `size-limit --config ../../scripts/size-limit.mjs`.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))

export default pkg['size-limit'].map((check) => ({
  ...check,
  path: resolve(check.path),
  modifyEsbuildConfig: (config) => ({ ...config, external: check.ignore || [] }),
}))
