// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { startPostgres } from '../../scripts/throwaway-postgres.mjs'

test('fails with a clear message, never skips, when the PostgreSQL binaries are missing', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'touchtrail-no-pg-'))
  try {
    await expect(startPostgres({ binDir: empty })).rejects.toThrow(
      `PostgreSQL server binaries (initdb, pg_ctl) not found in ${empty}: install Debian's postgresql package`,
    )
  } finally {
    rmSync(empty, { recursive: true, force: true })
  }
})
