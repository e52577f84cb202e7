/**
 * Decision ids: `dec-` and 24 hex digits (96 random bits), as before, but drawn from a pooled
 * buffer refilled 256 ids at a time. One `randomBytes(12)` per decision cost ~26 µs of API CPU
 * (a syscall-backed fill per call: bench:api profile, docs/benchmarks.md) — a tenth of a whole
 * nextBestProduct request; the pool makes it one fill per 256 decisions. The bytes still come
 * from the CSPRNG and are never reused, so ids stay unguessable and unique across processes.
 */
import { randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
const POOL_IDS = 256;

export class DecisionIds {
  private readonly pool = Buffer.allocUnsafe(ID_BYTES * POOL_IDS);
  private next = POOL_IDS;

  /** A fresh id; every call consumes 12 bytes of the pool that no other call sees. */
  take(): string {
    if (this.next === POOL_IDS) {
      randomFillSync(this.pool);
      this.next = 0;
    }
    const start = this.next++ * ID_BYTES;
    return `dec-${this.pool.toString('hex', start, start + ID_BYTES)}`;
  }
}
