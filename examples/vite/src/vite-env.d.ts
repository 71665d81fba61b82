/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where touchtrail sends events; unset means the demo collector of `pnpm demo`. */
  readonly VITE_TOUCHTRAIL_ENDPOINT?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
