import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const builtFiles = [join(root, 'dist', 'cli', 'main.js'), join(root, 'web', 'dist', 'index.html')];
const mtimes = () => builtFiles.map((f) => statSync(f).mtimeMs);

/** `npm start` as a person runs it: output, the listening address, and the process to stop. */
function npmStart(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; url: Promise<string> } {
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Followthrough listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolveUrl(match[1]);
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before listening:\n${output}`)));
  });
  return { child, output: () => output, url };
}

const exited = (child: ChildProcess) => new Promise<number | null>((done) => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', (code) => done(code))));

/** Issue 9 item 17: the README's commands build once, start without rebuilding, and stop what they started. */
describe('npm start', { timeout: 300_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ft-start-'));
    // The build is current after `npm ci` (prepare); here, after whatever a developer just edited.
    const built = spawnSync(process.execPath, ['bin/run.js', '--help'], { cwd: root, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
  }, 300_000);
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('starts without rebuilding when the build is current, serves, and stops the server when npm is stopped', async () => {
    const before = mtimes();
    const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'start.db')}`, RUN_WORKER: 'false', LOG_LEVEL: 'warn' };
    const started = npmStart(env);
    const url = await started.url;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(started.output()).not.toMatch(/Building|tsc|vite/);
    expect(mtimes()).toEqual(before);

    // What a process manager or `kill` does: SIGTERM to npm. Nothing may keep listening.
    started.child.kill('SIGTERM');
    await exited(started.child);
    await expect.poll(async () => fetch(`${url}/healthz`).then(() => 'still listening', () => 'stopped'), { timeout: 10_000 }).toBe('stopped');
  });

  it('`npm run demo` does not rebuild either', () => {
    const before = mtimes();
    const demo = spawnSync('npm', ['run', 'demo', '--silent', '--', '--contacts', '5'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: `file:${join(dir, 'demo.db')}` },
    });
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/Demo data: 5 contacts/);
    expect(`${demo.stdout}${demo.stderr}`).not.toMatch(/Building/);
    expect(mtimes()).toEqual(before);
  });
});
