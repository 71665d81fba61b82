/** A PostgreSQL server started by {@link startPostgres}. */
export interface ThrowawayPostgres {
  /** URL of the `postgres` database. */
  url: string
  /** Creates an empty database and resolves to its URL: one per test keeps tests apart. */
  createDatabase(): Promise<string>
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>
}

/**
 * Starts a fresh PostgreSQL server on 127.0.0.1 in a temporary folder (as the postgres user when running as
 * root). Rejects with a clear message when the server binaries are missing.
 */
export function startPostgres(options?: {
  /** Keep fsync on, as in production (the benchmark); tests leave it off for speed. */
  durable?: boolean
  /** The folder of initdb and pg_ctl, searched alone; else $PG_BIN, Debian's folders and pg_config. */
  binDir?: string
}): Promise<ThrowawayPostgres>
