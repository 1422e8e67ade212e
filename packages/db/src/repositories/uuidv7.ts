import { randomFillSync } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

// Random bytes drawn 4 KiB at a time: one system call per 256 ids instead of one per id.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomSixteen(): Buffer {
  if (poolOffset + 16 > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

/**
 * A time-ordered UUID (version 7), so new rows append to the primary-key index. Ids made one after
 * another in this process for the same millisecond carry a rising 12-bit counter (RFC 9562, method 1),
 * so they also sort in the order they were made.
 */
export function uuidv7(nowMs: number): string {
  const bytes = randomSixteen();
  if (nowMs === lastMs && sequence < 0xfff) {
    sequence += 1;
  } else {
    lastMs = nowMs;
    sequence = (bytes[7] ?? 0) & 0x7f; // a random start, leaving room to count up within the millisecond
  }
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
