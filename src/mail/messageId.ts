import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

const safeHost = (): string => hostname().toLowerCase().replace(/[^a-z0-9.-]/g, '') || 'followthrough.local';

/** Fixed when the outbox row is written, so every retry of the row is recognisably the same mail. */
export function newMessageId(host: string = safeHost()): string {
  return `<${randomUUID()}@${host}>`;
}
