import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CHILD_SCRIPT = fileURLToPath(new URL('./importChild.ts', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildRun {
  importId: string | null;
  committed: number[];
  /** Peak resident memory so far, at each committed batch. */
  peakRss: number[];
  /** Live JS heap after a forced collection at each committed batch (-1 without --expose-gc). */
  liveHeap: number[];
  done: Record<string, unknown> | null;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/**
 * Runs the import child. With `killAfterBatches`, SIGKILLs it once that many batches have been
 * reported committed (plus a random few milliseconds, so the kill lands anywhere in the next batch).
 */
export function runChild(
  env: Record<string, string>, options: { killAfterBatches?: number; nodeArgs?: string[]; timeoutMs?: number } = {}, children?: Set<ChildProcess>,
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', CHILD_SCRIPT], {
      cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    children?.add(child);
    const run: ChildRun = { importId: null, committed: [], peakRss: [], liveHeap: [], done: null, signal: null, code: null, stderr: '' };
    let buffered = '';
    let killing = false;
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the import child did not finish in time\n${run.stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [word, ...rest] = line.split(' ');
        if (word === 'started') run.importId = rest[0] ?? null;
        if (word === 'committed') {
          run.committed.push(Number(rest[0]));
          run.peakRss.push(Number(rest[2]));
          run.liveHeap.push(Number(rest[3] ?? -1));
        }
        if (word === 'done') run.done = JSON.parse(rest.join(' ')) as Record<string, unknown>;
      }
      if (!killing && options.killAfterBatches !== undefined && run.committed.length >= options.killAfterBatches) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 25));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { run.stderr += chunk; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timeout);
      children?.delete(child);
      run.code = code;
      run.signal = signal;
      resolve(run);
    });
  });
}
