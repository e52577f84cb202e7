/**
 * Group commit for served decisions: a decision is answered only once it is stored (so any
 * outcome that names it finds it, and a crash loses none that a client saw), but decisions that
 * arrive while a write is in flight go together in the next one — one transaction per batch, not
 * per request. Under load the batch grows with the arrival rate; alone, a decision is written at once.
 */
import type { StoredDecision } from './types';

export type WriteBatch = (decisions: readonly StoredDecision[]) => Promise<void>;

interface Pending {
  decision: StoredDecision;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class DecisionWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly write: WriteBatch,
    /** Decisions per transaction at most. */
    private readonly maxBatch = 500,
  ) {}

  /** Resolves when `decision` is committed; rejects with the write's error (the decision was not stored). */
  add(decision: StoredDecision): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ decision, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.write(batch.map((p) => p.decision));
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
