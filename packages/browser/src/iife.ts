// The script-tag build: every plugin, configured from the tag's data attributes.
import { boot } from './boot.js'

boot()
