/**
 * When an import's runner is gone, and what the import then says. An import the CLI runs in its
 * own process (it reads the file itself; nothing is stored for a worker to continue from) holds a
 * lease that the process renews while it runs. If the process dies (a crash, a kill, a closed
 * laptop) the lease runs out and no one else can carry on: the import is interrupted, and says how
 * to resume it. An uploaded import, whose file is stored, is not: a worker takes it over instead.
 */

/** How long a run in its own process holds its import without renewing; it renews every third of it. */
export const IN_PROCESS_LEASE_MS = 60_000;

export interface RunnerView {
  state: string;
  /** Bytes of the file kept for a worker; null when the run reads the file itself. */
  storedBytes: number | null;
  leaseUntil: string | null;
  updatedAt: string;
}

/** True when the import reads `running` but nothing runs it any more, nor can. */
export function runnerGone(record: RunnerView, nowMs: number): boolean {
  if (record.state !== 'running' || record.storedBytes !== null) return false;
  // Runs from before leases were taken for them hold none: silent for a lease's length means gone.
  const heldUntil = record.leaseUntil !== null ? Date.parse(record.leaseUntil) : Date.parse(record.updatedAt) + IN_PROCESS_LEASE_MS;
  return !(heldUntil > nowMs);
}

/** The import's error once interrupted: it starts with "interrupted:" (the API's state stays `failed`) and says how to resume. */
export function interruptedMessage(record: { id: string; sourceName: string | null; processed: number }): string {
  const file = record.sourceName && !/["\n]/.test(record.sourceName) ? `"${record.sourceName}"` : '<file>';
  return `interrupted: the process running this import stopped before the end; the ${record.processed} rows done so far are kept. ` +
    `Resume with the same file: followthrough import ${file} --resume ${record.id}, or POST /api/v1/imports/${record.id}/resume`;
}
