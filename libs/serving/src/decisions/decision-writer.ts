/**
 * Group commit for served decisions: decisions that arrive while a write is in flight go together
 * in the next one — one transaction per batch, not per request. Under load the batch grows with
 * the arrival rate; alone, a decision is written at once.
 *
 * Two modes (GRAPHREC_DECISION_WRITE, docs/decide.md):
 * - `commit`: a decision is answered once it is committed. Throughput is then bounded by
 *   connections / commit latency (on a loaded 2-core machine a commit takes tens of ms).
 * - `buffered` (default): a decision is answered at once and committed in the next batch (within
 *   one commit time); while more than `maxPending` wait, new ones wait for their commit
 *   (backpressure), so a slow database slows answers instead of growing memory. A crash loses the
 *   decisions of the batch in flight and those queued (at most `maxPending`); a clean stop drains
 *   them. An outcome naming a decision still queued here waits for its commit (`settled`).
 */
import { backgroundRunner } from '../background';
import type { StoredDecision } from './types';

export type WriteBatch = (decisions: readonly StoredDecision[]) => Promise<void>;
export const DECISION_WRITE_MODES = ['buffered', 'commit'] as const;
export type DecisionWriteMode = (typeof DECISION_WRITE_MODES)[number];

interface Pending {
  decision: StoredDecision;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface DecisionWriterOptions {
  mode?: DecisionWriteMode;
  /** Decisions per transaction at most. */
  maxBatch?: number;
  /** buffered: decisions waiting beyond which new ones wait for their commit. */
  maxPending?: number;
  /**
   * buffered: how long a write waits for more decisions before it starts (ms). Fewer, larger
   * transactions cost Neo4j and this process less than one per decision; nobody waits on it.
   */
  lingerMs?: number;
  onError?: (error: unknown, lost: number) => void;
}

export class DecisionWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  /** Commit promises of decisions not yet committed, by id (outcomes wait on them). */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly mode: DecisionWriteMode;
  private readonly maxBatch: number;
  private readonly maxPending: number;
  private readonly lingerMs: number;
  /** Flushes run in the writer's own context, not in the request whose decision started them (background.ts). */
  private readonly detached = backgroundRunner('graphrec.decision-writer');

  constructor(
    private readonly write: WriteBatch,
    private readonly options: DecisionWriterOptions = {},
  ) {
    this.mode = options.mode ?? 'buffered';
    this.maxBatch = options.maxBatch ?? 500;
    this.maxPending = options.maxPending ?? 10_000;
    this.lingerMs = this.mode === 'buffered' ? (options.lingerMs ?? 10) : 0;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves when `decision` may be answered: committed (commit mode, or buffered beyond maxPending) or queued (buffered). */
  add(decision: StoredDecision): Promise<void> {
    const committed = new Promise<void>((resolve, reject) => {
      this.queue.push({ decision, resolve, reject });
      if (!this.flushing) {
        this.flushing = this.detached(() => (this.lingerMs > 0 ? new Promise<void>((r) => setTimeout(r, this.lingerMs)).then(() => this.flush()) : this.flush()));
      }
    });
    const tracked = committed.finally(() => this.inFlight.delete(decision.id));
    // Observed here so an unawaited failure (buffered mode) is never an unhandled rejection; the
    // failure is reported once per batch, in flush().
    tracked.catch(() => undefined);
    this.inFlight.set(decision.id, tracked);
    if (this.mode === 'commit' || this.inFlight.size > this.maxPending) return tracked;
    return Promise.resolve();
  }

  /** Waits for the commit of a decision still queued in this process (resolves at once otherwise; never rejects). */
  async settled(decisionId: string): Promise<void> {
    await this.inFlight.get(decisionId)?.catch(() => undefined);
  }

  /** Waits until every queued decision is written (a clean stop). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.write(batch.map((p) => p.decision));
          for (const p of batch) p.resolve();
        } catch (error) {
          this.options.onError?.(error, batch.length);
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }
}
