// Types of stories.mjs for the TypeScript tests that drive the demo.
import type { Browser } from 'playwright-core'
import type { Store } from '../../packages/collector/src/index'
import type { Demo } from './demo.mjs'

export declare const TIMELINE: Record<'lenaAd' | 'lenaEmail' | 'jonasSearch' | 'maxBlog' | 'maxSearch' | 'petraFair' | 'jonasReturn' | 'petraOrder' | 'jonasOrder', string>
export declare function runStories(options: { browser: Browser; demo: Demo; log?: (line: string) => void }): Promise<void>
export declare function settled(store: Store, expect?: Record<string, number>, open?: number): Promise<Record<string, number>>
