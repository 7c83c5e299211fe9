import { describe, expect, it } from 'vitest';
import { IN_PROCESS_LEASE_MS, interruptedMessage, runnerGone } from './interruption.js';

describe('when an import\'s runner is gone', () => {
  const at = Date.parse('2026-03-02T15:00:00.000Z');
  const cliRun = { state: 'running', storedBytes: null, leaseUntil: '2026-03-02T15:01:00.000Z', updatedAt: '2026-03-02T15:00:00.000Z' };

  it('a run in its own process is gone once its lease has run out', () => {
    expect(runnerGone(cliRun, at)).toBe(false);
    expect(runnerGone(cliRun, at + IN_PROCESS_LEASE_MS)).toBe(true);
  });

  it('a run from before leases is gone after a lease\'s length of silence', () => {
    const legacy = { ...cliRun, leaseUntil: null };
    expect(runnerGone(legacy, at + IN_PROCESS_LEASE_MS - 1)).toBe(false);
    expect(runnerGone(legacy, at + IN_PROCESS_LEASE_MS)).toBe(true);
  });

  it('an upload with its file stored is left to a worker, and a finished import to itself', () => {
    expect(runnerGone({ ...cliRun, storedBytes: 100 }, at + 10 * IN_PROCESS_LEASE_MS)).toBe(false);
    expect(runnerGone({ ...cliRun, state: 'failed' }, at + 10 * IN_PROCESS_LEASE_MS)).toBe(false);
  });

  it('says it was interrupted and how to resume, by the CLI or the API', () => {
    const message = interruptedMessage({ id: 'imp1', sourceName: 'leads.csv', processed: 400 });
    expect(message).toMatch(/^interrupted: /);
    expect(message).toContain('followthrough import "leads.csv" --resume imp1');
    expect(message).toContain('POST /api/v1/imports/imp1/resume');
    expect(interruptedMessage({ id: 'imp1', sourceName: null, processed: 0 })).toContain('followthrough import <file> --resume imp1');
  });
});
