import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface RunningPostgres {
  /** Superuser URL, e.g. postgres://postgres@127.0.0.1:54321/postgres */
  url: string;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or on PATH. ' +
  'Install them with `apt-get install -y postgresql`, or set FT_PG_BIN to the directory holding initdb and pg_ctl.';

function hasServerBinaries(dir: string): boolean {
  return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
}

/** Highest installed version wins; PATH is searched through symlinks (e.g. /usr/local/bin/initdb). */
export function findPostgresBinDir(): string {
  const override = process.env.FT_PG_BIN;
  if (override) {
    if (!hasServerBinaries(override)) throw new Error(`FT_PG_BIN=${override} has no initdb/pg_ctl. ${INSTALL_HINT}`);
    return override;
  }
  const root = '/usr/lib/postgresql';
  const versioned = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(root, v, 'bin'))
    : [];
  for (const dir of versioned) if (hasServerBinaries(dir)) return dir;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const initdb = join(dir, 'initdb');
    if (!dir || !existsSync(initdb)) continue;
    const real = dirname(realpathSync(initdb));
    if (hasServerBinaries(real)) return real;
  }
  throw new Error(INSTALL_HINT);
}

interface OsUser {
  uid: number;
  gid: number;
}

// initdb and postgres refuse to run as root, so as root everything runs as the "postgres" OS user.
function ensurePostgresUser(): OsUser {
  const lookup = (flag: string): number => {
    const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    return r.status === 0 ? Number(r.stdout.trim()) : NaN;
  };
  if (Number.isNaN(lookup('-u'))) {
    const r = spawnSync('useradd', ['-r', '-M', '-s', '/bin/sh', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`Could not create OS user "postgres": ${r.stderr || r.error?.message}`);
  }
  return { uid: lookup('-u'), gid: lookup('-g') };
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function asUserCommand(file: string, args: string[], user: OsUser | undefined): [string, string[]] {
  if (!user) return [file, args];
  if (existsSync('/usr/sbin/runuser') || existsSync('/sbin/runuser')) return ['runuser', ['-u', 'postgres', '--', file, ...args]];
  return ['su', ['postgres', '-s', '/bin/sh', '-c', [file, ...args].map(shellQuote).join(' ')]];
}

async function run(file: string, args: string[], user: OsUser | undefined, cwd: string): Promise<void> {
  const [cmd, argv] = asUserCommand(file, args, user);
  try {
    await execFileAsync(cmd, argv, { cwd, env: { ...process.env, LC_ALL: 'C' } });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${[file, ...args].join(' ')} failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not determine a free port'))));
    });
  });
}

const CONFIG = `
listen_addresses = '127.0.0.1'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
`;

const HBA = `local all all trust
host all all 127.0.0.1/32 trust
`;

/**
 * Starts a throwaway PostgreSQL cluster in a temp dir on a free loopback port.
 * A detached watchdog kills it if this process dies without calling stop().
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findPostgresBinDir();
  const user = process.getuid?.() === 0 ? ensurePostgresUser() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'ft-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  try {
    if (user) await chown(dir, user.uid, user.gid);
    await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], user, dir);
    // Appending/overwriting keeps the files owned by the postgres user.
    await appendFile(join(data, 'postgresql.conf'), `${CONFIG}unix_socket_directories = '${dir}'\n`);
    await writeFile(join(data, 'pg_hba.conf'), HBA);

    let port = 0;
    // The free port can be taken between probing and binding; retry with a new one.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await run(join(bin, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', `-p ${port}`], user, dir);
        break;
      } catch (err) {
        const logText = await readFile(log, 'utf8').catch(() => '');
        if (attempt < 3 && /could not bind|already in use/i.test(logText)) continue;
        throw new Error(`${(err as Error).message}\n--- ${log} ---\n${logText.split('\n').slice(-30).join('\n')}`);
      }
    }

    const postmasterPid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const watchdog = spawn(
      'sh',
      [
        '-c',
        'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -QUIT "$2" 2>/dev/null; sleep 2; rm -rf "$3"',
        'ft-pg-watchdog',
        String(process.pid),
        String(postmasterPid),
        dir,
      ],
      { detached: true, stdio: 'ignore' },
    );
    watchdog.unref();

    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        watchdog.kill();
        await run(join(bin, 'pg_ctl'), ['stop', '-w', '-m', 'immediate', '-D', data], user, dir).catch(() => {
          // Already gone (or pg_ctl failed): make sure the postmaster is not left behind.
          try {
            process.kill(postmasterPid, 'SIGQUIT');
          } catch {
            /* not running */
          }
        });
        await rm(dir, { recursive: true, force: true });
      })());

    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (err) {
    // e.g. pg_ctl timed out while the postmaster is still coming up.
    if (existsSync(join(data, 'postmaster.pid'))) {
      await run(join(bin, 'pg_ctl'), ['stop', '-w', '-m', 'immediate', '-D', data], user, dir).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}
