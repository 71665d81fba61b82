// Types of demo.mjs for the TypeScript tests that drive the demo.
import type { CollectorServer, Store } from '../../packages/collector/src/index'

export declare const ROOT: string
export declare const DEMO_DIR: string

export interface DemoClock {
  now(): number
  set(ms: number): void
}
export declare function createClock(): DemoClock

export interface Demo {
  server: CollectorServer
  store: Store
  clock: DemoClock
  /** Path of the printed codes' manifest.json. */
  qrManifest: string
  placements: Record<string, { code: string; url: string; kind: string; location?: string }>
  shopOrigin: string
  endpoint: string
  urls: { shop: string; email: string; qr: string; dashboard: string; collector: string }
  close(): Promise<void>
}
export declare function startDemo(options: { db: string; collectorPort?: number; shopPort?: number; clock?: DemoClock; fresh?: boolean }): Promise<Demo>
