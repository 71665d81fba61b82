/** One step of the schema: applied once, in order, recorded in `schema_version`. */
export interface Migration {
  version: number
  statements: readonly string[]
}

/** Runs one SQL statement on the connection that migrates (the same one for every statement). */
export type RunSql = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>

/**
 * Brings the database to the latest schema version in one transaction and resolves to that version.
 *
 * `lockStatement` serialises collectors that start at once against the same PostgreSQL (an advisory lock);
 * DuckDB needs none, because only one process can open a DuckDB file for writing.
 *
 * @example
 * await migrate(run, [{ version: 1, statements: ['CREATE TABLE events (…)'] }])
 */
export async function migrate(run: RunSql, migrations: readonly Migration[], lockStatement?: string): Promise<number> {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0)
  await run('BEGIN')
  try {
    if (lockStatement) await run(lockStatement)
    await run(
      'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)',
    )
    const [row] = await run('SELECT max(version) AS version FROM schema_version')
    const current = Number(row?.version ?? 0)
    if (current > latest) {
      throw new Error(`the database has schema version ${current}, newer than this collector's ${latest}; upgrade the collector`)
    }
    for (const migration of migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version)) {
      for (const statement of migration.statements) await run(statement)
      await run('INSERT INTO schema_version (version, applied_at) VALUES ($1, now())', [migration.version])
    }
    await run('COMMIT')
    return latest
  } catch (error) {
    await run('ROLLBACK').catch(() => {})
    throw error
  }
}
