import { randomFillSync } from 'node:crypto';

// Random bytes are drawn 4 KiB at a time: one system call per 256 ids, not one per id (imports make many).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** UUIDv7: time-ordered, so ids double as creation-order cursors and index well. */
export function newId(nowMs: number = Date.now()): string {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
