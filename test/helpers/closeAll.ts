/** Anything a suite starts and must end: servers, browsers, apps (`close`), or dovecot (`stop`). */
export type Closable = { close(): Promise<unknown> } | { stop(): Promise<unknown> };

/**
 * Ends each resource in the order given, for an afterAll: those never started (undefined, when a
 * beforeAll failed part-way) are passed over, and one that fails to end does not keep the rest open.
 */
export async function closeAll(...resources: Array<Closable | undefined | null>): Promise<void> {
  const failures: unknown[] = [];
  for (const resource of resources) {
    if (!resource) continue;
    try {
      await ('close' in resource ? resource.close() : resource.stop());
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} resources failed to close`);
}
