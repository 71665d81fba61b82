// A throwaway PostgreSQL server for the tests and the benchmark: initdb into a temporary folder, start it on
// 127.0.0.1 at a free port, stop it and delete the folder afterwards. Plain JavaScript so that the benchmark can
// use it with node alone; types are in throwaway-postgres.d.mts.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const exec = promisify(execFile)

/**
 * The folder holding initdb and pg_ctl: `binDir` when given (and only it), else $PG_BIN, else the newest Debian
 * install, else what pg_config says.
 */
async function findBinDir(binDir) {
  const candidates = []
  if (binDir) candidates.push(binDir)
  else if (process.env.PG_BIN) candidates.push(process.env.PG_BIN)
  if (!binDir && existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`))
  }
  try {
    if (!binDir) candidates.push((await exec('pg_config', ['--bindir'])).stdout.trim())
  } catch {
    // pg_config is not installed: the candidates above are all there is.
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')))
  if (!found) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) not found in ' +
        (candidates.join(', ') || '/usr/lib/postgresql/*/bin') +
        ": install Debian's postgresql package (apt-get install postgresql) or set PG_BIN to their folder",
    )
  }
  return found
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts a fresh PostgreSQL server owned by the caller.
 * @param {{ durable?: boolean, binDir?: string }} [options] durable: keep fsync on (the benchmark; tests turn it
 *   off for speed); binDir: the folder of initdb and pg_ctl, searched alone
 */
export async function startPostgres(options = {}) {
  const bin = await findBinDir(options.binDir)
  const dir = await mkdtemp(join(tmpdir(), 'touchtrail-pg-'))
  const data = join(dir, 'data')
  // PostgreSQL refuses to run as root, so as root every command runs as the postgres user, who must own the folder.
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const [uid, gid] = await Promise.all([exec('id', ['-u', 'postgres']), exec('id', ['-g', 'postgres'])]).catch(() => {
      throw new Error('running as root needs a postgres user to run PostgreSQL as; install Debian\'s postgresql package')
    })
    await chown(dir, Number(uid.stdout), Number(gid.stdout))
  }
  const run = (tool, args) =>
    asRoot ? exec('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : exec(join(bin, tool), args)

  const fail = async (what, error) => {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').slice(-2000) : ''
    await rm(dir, { recursive: true, force: true })
    throw new Error(`${what} failed: ${error.stderr || error.message}${log ? `\n${log}` : ''}`)
  }

  try {
    await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  } catch (error) {
    await fail('initdb', error)
  }
  const settings = ['-c listen_addresses=127.0.0.1', `-k ${dir}`]
  if (!options.durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off')
  let port
  // A free port can be taken between asking and binding; another port is the cure.
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    try {
      await run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', [...settings, `-p ${port}`].join(' '), 'start'])
      break
    } catch (error) {
      if (attempt === 3) await fail('pg_ctl start', error)
    }
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  let databases = 0

  return {
    /** URL of the `postgres` database. */
    url,
    /** Creates an empty database and resolves to its URL: one per test keeps tests apart. */
    async createDatabase() {
      const name = `test_${process.pid}_${++databases}`
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${name}`)
      } finally {
        await client.end()
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    /** Stops the server and deletes its folder. */
    async stop() {
      try {
        await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  }
}
