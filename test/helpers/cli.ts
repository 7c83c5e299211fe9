import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server, stale } from '../../bin/buildState.js';
import { createTestDatabaseUrl, dropTestDatabase } from './databases.js';

/**
 * The built command when the build is newer than every source (as after `npm ci`, which builds), else
 * the sources compiled on the fly: the same program, a second or more quicker to start each time.
 */
let commandLine: string[] | undefined;
export function followthrough(): string[] {
  commandLine ??= stale(server) ? ['--import', 'tsx', resolve(import.meta.dirname, '../../src/cli/main.ts')] : [server.built];
  return commandLine;
}

export interface CliRun {
  /** The exit code; null when the process was killed (by the timeout, say). */
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to the environment of every command (TZ, SMTP settings, …). */
  env?: Record<string, string>;
  /** A command still running after this long is killed. */
  timeoutMs?: number;
}

/** The owner `followthrough setup` creates for a CLI suite. */
export interface CliOwner {
  email?: string;
  name?: string;
  workspace?: string;
  timeZone?: string;
}

export const CLI_PASSWORD = 'correct horse battery';

/**
 * The `followthrough` command over a database of its own (SQLite, made fresh by `start()`), each
 * command a new Node process, as a user would run it.
 */
export class CliSandbox {
  private url: string | undefined;

  constructor(private readonly options: CliOptions = {}) {}

  /** Creates the database; for a beforeAll. */
  async start(): Promise<this> {
    this.url = await createTestDatabaseUrl('sqlite');
    return this;
  }

  /** Drops the database; for an afterAll. */
  async close(): Promise<void> {
    if (this.url) await dropTestDatabase(this.url);
    this.url = undefined;
  }

  get databaseUrl(): string {
    if (!this.url) throw new Error('CliSandbox: start() it (in a beforeAll) before running commands');
    return this.url;
  }

  private spawnArgs(args: string[], env: Record<string, string>) {
    return {
      file: process.execPath,
      argv: [...followthrough(), ...args],
      options: {
        cwd: process.cwd(),
        // ALLOW_PRIVATE_TARGETS: the test mail servers listen on 127.0.0.1 (a suite may set it back to false).
        env: { ...process.env, DATABASE_URL: this.databaseUrl, FORCE_COLOR: '0', ALLOW_PRIVATE_TARGETS: 'true', ...this.options.env, ...env },
        timeout: this.options.timeoutMs ?? 120_000,
      },
    };
  }

  /** Runs a command to its end, blocking the test worker meanwhile. */
  run = (...args: string[]): CliRun => {
    const { file, argv, options } = this.spawnArgs(args, {});
    const run = spawnSync(file, argv, { ...options, encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  /**
   * Runs a command without blocking: for a server in this process that the command talks to (SMTP),
   * or for long commands, which would otherwise keep the worker from answering vitest.
   */
  runAsync = (...args: string[]): Promise<CliRun> => this.runAsyncWith({}, ...args);

  /** runAsync with more environment for this one command. */
  runAsyncWith = (env: Record<string, string>, ...args: string[]): Promise<CliRun> => {
    const { file, argv, options } = this.spawnArgs(args, env);
    return new Promise((resolve, reject) => {
      const child = spawn(file, argv, options);
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
      child.once('error', reject);
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    });
  };

  /** `followthrough setup`: the first owner and workspace; throws with the CLI's message when it fails. */
  async setUp(owner: CliOwner = {}): Promise<void> {
    const run = await this.runAsync(
      'setup', '--email', owner.email ?? 'sam@acme.example', '--password', CLI_PASSWORD, '--name', owner.name ?? 'Sam Seller',
      '--workspace', owner.workspace ?? 'Acme', '--time-zone', owner.timeZone ?? 'UTC',
    );
    if (run.status !== 0) throw new Error(`followthrough setup failed (${run.status}): ${run.stderr}`);
  }
}

/**
 * A CliSandbox for the test file (or describe block) it is called in: the database is made before
 * its tests and dropped after them. After each test the worker's event loop gets a turn: `run`
 * blocks it, and tests that follow one another without one would leave vitest's calls to the worker
 * unanswered for the whole file, until they time out (60 s) and fail the run.
 */
export function useCliSandbox(options: CliOptions = {}): CliSandbox {
  const sandbox = new CliSandbox(options);
  beforeAll(() => sandbox.start());
  afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
  afterAll(() => sandbox.close());
  return sandbox;
}
