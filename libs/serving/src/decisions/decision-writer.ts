/**
 * Group commit for served decisions: decisions that arrive while a write is in flight go together
 * in the next one — one transaction per batch, not per request. Under load the batch grows with
 * the arrival rate; alone, a decision is written at once.
 *
 * Two modes (GRAPHREC_DECISION_WRITE, docs/decide.md):
 * - `commit`: a decision is answered once it is committed. Throughput is then bounded by
 *   connections / commit latency (on a loaded 2-core machine a commit takes tens of ms).
 * - `buffered` (default): a decision is answered at once and committed in the next batch, which
 *   gathers decisions for `lingerMs` (GRAPHREC_DECISION_LINGER_MS, default 100) or until `maxBatch`
 *   are queued; while more than `maxPending` wait, new ones wait for their commit (backpressure), so
 *   a slow database slows answers instead of growing memory. A crash loses the decisions of the
 *   batch in flight and those queued (the last `lingerMs` plus one commit, at most `maxPending`); a
 *   clean stop drains them. An outcome naming a decision still queued here starts the write at once
 *   and waits for its commit (`settled`): its decision is always found.
 *
 * Why linger: Neo4j's cost of a transaction dwarfs that of a row. Measured on the bench world
 * (docs/benchmarks.md, session 9): ~0.75–1.7 ms of Neo4j CPU per decision in batches of 10, 0.36
 * in batches of 50, 0.14 in batches of 200 — at 1,000 decisions/s a 10 ms linger (batches of ~10)
 * cost Neo4j most of a core on a 2-core machine.
 *
 * One promise per batch, not per decision: a decision's commit is its batch's.
 */
import { backgroundRunner } from '../background';
import type { StoredDecision } from './types';

export type WriteBatch = (decisions: readonly StoredDecision[]) => Promise<void>;
export const DECISION_WRITE_MODES = ['buffered', 'commit'] as const;
export type DecisionWriteMode = (typeof DECISION_WRITE_MODES)[number];

interface Batch {
  decisions: StoredDecision[];
  committed: Promise<void>;
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
   * buffered: how long a batch gathers decisions before it is written (ms), unless it fills
   * (maxBatch) or an outcome waits on one of its decisions. Fewer, larger transactions cost Neo4j
   * and this process far less than one per decision; nobody waits on it.
   */
  lingerMs?: number;
  onError?: (error: unknown, lost: number) => void;
}

/** buffered: how long a batch gathers decisions by default (ms); GRAPHREC_DECISION_LINGER_MS. */
export const DEFAULT_DECISION_LINGER_MS = 100;

function openBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const committed = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Observed here so an unawaited failure (buffered mode) is never an unhandled rejection; the
  // failure is reported once per batch, in flush().
  committed.catch(() => undefined);
  return { decisions: [], committed, resolve, reject };
}

export class DecisionWriter {
  /** Batches full or waiting to be written, oldest first; the last one is open to new decisions. */
  private readonly batches: Batch[] = [];
  private flushing: Promise<void> | undefined;
  private linger: NodeJS.Timeout | undefined;
  /** An outcome or a stop waits on queued decisions: write every batch now, without lingering. */
  private urgent = false;
  /** The batch of each decision not yet committed, by id (outcomes wait on it). */
  private readonly inFlight = new Map<string, Batch>();
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
    this.lingerMs = this.mode === 'buffered' ? (options.lingerMs ?? DEFAULT_DECISION_LINGER_MS) : 0;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves when `decision` may be answered: committed (commit mode, or buffered beyond maxPending) or queued (buffered). */
  add(decision: StoredDecision): Promise<void> {
    let batch = this.batches[this.batches.length - 1];
    if (!batch || batch.decisions.length >= this.maxBatch) this.batches.push((batch = openBatch()));
    batch.decisions.push(decision);
    this.inFlight.set(decision.id, batch);
    if (this.lingerMs === 0 || batch.decisions.length >= this.maxBatch) this.start();
    else if (!this.flushing && !this.linger) this.linger = setTimeout(() => this.start(), this.lingerMs);
    if (this.mode === 'commit' || this.inFlight.size > this.maxPending) return batch.committed;
    return Promise.resolve();
  }

  /** Waits for the commit of a decision still queued in this process, writing its batch now (resolves at once otherwise; never rejects). */
  async settled(decisionId: string): Promise<void> {
    const batch = this.inFlight.get(decisionId);
    if (!batch) return;
    this.urgent = true;
    this.start();
    await batch.committed.catch(() => undefined);
  }

  /** Waits until every queued decision is written (a clean stop). */
  async drain(): Promise<void> {
    for (;;) {
      this.urgent = true;
      this.start();
      if (!this.flushing) return;
      await this.flushing;
    }
  }

  /** Starts writing the queued batches now, unless a write is already running (it takes them next). */
  private start(): void {
    if (this.linger) clearTimeout(this.linger);
    this.linger = undefined;
    if (!this.flushing && this.batches.length) this.flushing = this.detached(() => this.flush());
  }

  /**
   * Writes the oldest batch, then the next ones while they are full or someone waits on them; a
   * batch still filling after a write lingers again (else, under steady load, every batch would be
   * what arrived during one commit: small again).
   */
  private async flush(): Promise<void> {
    try {
      for (let batch = this.batches.shift(); batch; batch = this.next()) {
        try {
          await this.write(batch.decisions);
          batch.resolve();
        } catch (error) {
          this.options.onError?.(error, batch.decisions.length);
          batch.reject(error);
        } finally {
          for (const d of batch.decisions) this.inFlight.delete(d.id);
        }
      }
    } finally {
      this.flushing = undefined;
      if (!this.batches.length) this.urgent = false;
      else if (this.urgent || this.lingerMs === 0) this.start();
      else if (!this.linger) this.linger = setTimeout(() => this.start(), this.lingerMs);
    }
  }

  private next(): Batch | undefined {
    const batch = this.batches[0];
    if (batch && (this.urgent || this.lingerMs === 0 || batch.decisions.length >= this.maxBatch)) return this.batches.shift();
    return undefined;
  }
}
