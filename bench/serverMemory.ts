/**
 * The server's own memory under agenda load (issue 14, item 4): `followthrough serve` started the way
 * an operator starts it (bin/run.js, with its background worker) in a child process on the bench's
 * database, loaded by autocannon from this process with every bench user's token in turn, so the
 * agenda cache fills as it would with a team. The figure is the child's peak resident set as the
 * kernel counts it (VmHWM in /proc/<pid>/status): nothing of the load generator or the dataset.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

const root = resolve(import.meta.dirname, '..');
const MB = 1024;

export interface ServerMemory {
  /** Resident set once the server answers, before any load. */
  idleRssMb: number;
  /** The largest resident set the process reached, load included (VmHWM). */
  peakRssMb: number;
  requestsPerSecond: number;
  non2xx: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** A line of /proc/<pid>/status in MB, e.g. VmRSS or VmHWM (the kernel writes kB). */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  const kb = Number(line?.split(/\s+/)[1] ?? NaN);
  return Math.round((kb / MB) * 10) / 10;
}

async function listening(child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  await new Promise<void>((resolveStart, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs / 1000} s: ${output.slice(-500)}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

/** Null where /proc is missing (not Linux): the figure cannot be read there. */
export async function serverMemoryUnderAgendaLoad(databaseUrl: string, tokens: string[], seconds: number, connections: number): Promise<ServerMemory | null> {
  if (!existsSync('/proc/self/status')) return null;
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'bin', 'run.js'), 'serve'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  try {
    await listening(child);
    if (pid === undefined) throw new Error('the server has no process id');
    const idleRssMb = statusMb(pid, 'VmRSS');
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration: seconds,
      workers: 1,
      requests: tokens.map((token) => ({ method: 'GET', path: '/api/v1/agenda', headers: { authorization: `Bearer ${token}` } })),
    });
    return { idleRssMb, peakRssMb: statusMb(pid, 'VmHWM'), requestsPerSecond: Math.round(result.requests.average), non2xx: result.non2xx };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
