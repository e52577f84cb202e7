/**
 * The served "next product" slots, held in the API process: each slot's policy is rebuilt from the
 * shared counters every `refreshMs` (so a request costs no counter read, and every process follows
 * the others' outcomes within one refresh), a decision is drawn for the user's eligible products
 * (the slot's minus those owned) and stored before it is answered, and outcomes that name a
 * decision move the counters once each (decision-store.ts).
 */
import { ServedSlotPolicy } from '@graphrec/decide';
import type { Rng } from '@graphrec/graph-model';
import type { GraphDb } from '@graphrec/neo4j';
import { DecisionIds } from './decision-ids';
import { DecisionWriter, type DecisionWriteMode } from './decision-writer';
import { ensureSlots, findDecision, writeDecisions } from './decision-store';
import { Neo4jPosteriorStore, type DecisionOutcomeRef, type PosteriorStore } from './posterior-store';
import type { OutcomeKind, SlotArm, SlotDefinition, StoredDecision } from './types';
import { UserContexts } from './user-contexts';

/** Refreshes between two passes that give newly ingested eligible products their arms. */
const ENSURE_EVERY = 60;

/** Clock difference allowed between the caller and this server when an outcome's time is checked. */
export const OUTCOME_CLOCK_SKEW_MS = 5 * 60_000;

export interface ServedDecisionsOptions {
  slots: readonly SlotDefinition[];
  /** How often each slot's counters are re-read (ms). */
  refreshMs: number;
  /** A purchase this long after a decision still counts for it (ms). */
  attributionWindowMs: number;
  rng: Rng;
  /** Users whose decision context is held in process (0: a read per decision); kept true by invalidateUser/flushUsers (the change feed). */
  userCache: { maxUsers: number };
  /** How decisions are written (decision-writer.ts): answered after their commit, or at once and committed in the next batch. */
  write: { mode: DecisionWriteMode; maxPending: number; lingerMs?: number };
  /** Where the slots' counters live (posterior-store.ts): Neo4j unless given (Redis when GRAPHREC_REDIS_URL is set). */
  posteriors?: PosteriorStore;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** A buffered batch of decisions could not be written (they are lost; their outcomes will be refused). */
  onLostDecisions?: (error: unknown, count: number) => void;
}

export type DecisionErrorCode = 'UNKNOWN_SLOT' | 'UNKNOWN_DECISION' | 'FOREIGN_DECISION' | 'BAD_OUTCOME_TIME';

/** A refusal meant for the caller (the API maps it to BAD_USER_INPUT). */
export class DecisionError extends Error {
  constructor(
    readonly code: DecisionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DecisionError';
  }
}

interface HeldSlot {
  definition: SlotDefinition;
  policy: ServedSlotPolicy;
  arms: Map<string, SlotArm>;
  /** Eligible product ids in a fixed order (the order the policy sees them). */
  order: string[];
  /** The counters it was built from: an unchanged slot keeps its policy (and the probabilities it holds). */
  fingerprint: string;
}

export interface ServedDecision {
  decision: StoredDecision;
  product: SlotArm;
}

export class ServedDecisions {
  private held = new Map<string, HeldSlot>();
  private readonly writer: DecisionWriter;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly users: UserContexts;
  private warming = new AbortController();
  private started = false;
  private refreshes = 0;
  private readonly posteriors: PosteriorStore;
  private readonly ids = new DecisionIds();

  constructor(
    private readonly db: GraphDb,
    private readonly options: ServedDecisionsOptions,
  ) {
    this.writer = new DecisionWriter((batch) => writeDecisions(db, batch), { ...options.write, onError: options.onLostDecisions });
    this.now = options.now ?? Date.now;
    this.users = new UserContexts(db, options.userCache);
    this.posteriors = options.posteriors ?? new Neo4jPosteriorStore(db);
  }

  /** 'neo4j' or 'redis': where this process's slot counters live. */
  get posteriorStore(): string {
    return this.posteriors.name;
  }

  /** Creates the configured slots' arms, reads their counters, then refreshes every refreshMs. */
  async start(): Promise<void> {
    if (this.options.slots.length === 0) return;
    await ensureSlots(this.db, this.options.slots);
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch((e: unknown) => this.options.onError?.(e)), this.options.refreshMs);
    this.timer.unref();
    this.started = true;
    this.warmUsers();
  }

  /** In the background: decisions are served meanwhile (a miss reads the user). */
  private warmUsers(): void {
    this.warming.abort();
    const warming = (this.warming = new AbortController());
    void this.users.warm(warming.signal).catch((e: unknown) => this.options.onError?.(e));
  }

  /** The user changed (this process tracked an event, or the change feed saw another writer's): their context is read again. */
  invalidate(userId: string): void {
    this.users.invalidate(userId);
  }

  /** Every context may have changed (a new segments run, a bulk load): all are dropped and warmed again. */
  flushUsers(): void {
    this.users.flush();
    if (this.started) this.warmUsers();
  }

  /** Stops refreshing and writes the decisions still queued. */
  async stop(): Promise<void> {
    this.started = false;
    this.warming.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.writer.drain();
    await this.posteriors.close();
  }

  slotIds(): string[] {
    return this.options.slots.map((s) => s.id);
  }

  /** Re-reads every slot's counters and rebuilds its policy (a failed read keeps the last ones). */
  async refresh(): Promise<void> {
    // Products ingested since start get their arms within about a minute.
    if (++this.refreshes % ENSURE_EVERY === 0) await ensureSlots(this.db, this.options.slots);
    const arms = await this.posteriors.readArms(this.options.slots);
    const next = new Map<string, HeldSlot>();
    for (const definition of this.options.slots) {
      const list = arms.get(definition.id) ?? [];
      const fingerprint = list.map((a) => `${a.productId}:${a.shows}:${a.clicks}:${a.price}:${a.name}`).join(',');
      const current = this.held.get(definition.id);
      if (current && current.fingerprint === fingerprint) {
        next.set(definition.id, current);
        continue;
      }
      const policy = new ServedSlotPolicy(
        definition.policy,
        list.map((a) => ({ product: a.productId, shows: a.shows, clicks: a.clicks })),
        this.options.rng,
      );
      // Thompson's sample bank for this snapshot is drawn here, not by the first request after it.
      policy.prepare();
      next.set(definition.id, {
        fingerprint,
        definition,
        policy,
        arms: new Map(list.map((a) => [a.productId, a])),
        order: list.map((a) => a.productId),
      });
    }
    this.held = next;
  }

  /**
   * One decision for `userId` in `slotId`, stored before it returns; undefined when the slot has no
   * product this user may be shown (they own them all, or none exists yet). An unknown user is
   * offered every eligible product: the slot's posterior alone decides (the prior's choice).
   */
  async decide(slotId: string, userId: string): Promise<ServedDecision | undefined> {
    const slot = this.held.get(slotId);
    if (!slot) throw new DecisionError('UNKNOWN_SLOT', `unknown slot "${slotId}"; configured: ${this.slotIds().join(', ') || 'none'}`);
    const user = await this.users.get(userId);
    const owned = new Set(user.owned);
    const actions = slot.order.filter((p) => !owned.has(p));
    if (actions.length === 0) return undefined;
    const { index, propensity } = slot.policy.decide({ userId, segment: user.segment, features: user.features }, actions);
    const decision: StoredDecision = {
      id: this.ids.take(),
      slot: slotId,
      userId,
      productId: actions[index],
      actions,
      context: user.features,
      propensity,
      policy: slot.definition.policy,
      policyVersion: slot.policy.version,
      createdAt: this.now(),
    };
    await this.writer.add(decision);
    return { decision, product: slot.arms.get(decision.productId) as SlotArm };
  }

  /**
   * Checks that `decisionId` was made for this user and product, before anything is written;
   * refuses an unknown or foreign one, and an outcome timed before the decision or in the future.
   */
  async check(decisionId: string, userId: string, productId: string, at: number): Promise<DecisionOutcomeRef> {
    // A decision made by this process a moment ago may still be in its write queue.
    await this.writer.settled(decisionId);
    const found = await findDecision(this.db, decisionId);
    if (!found) throw new DecisionError('UNKNOWN_DECISION', `unknown decision id "${decisionId}"`);
    if (found.userId !== userId || found.productId !== productId) {
      throw new DecisionError('FOREIGN_DECISION', `decision "${decisionId}" was not made for this user and product`);
    }
    if (!(at >= found.createdAt - OUTCOME_CLOCK_SKEW_MS) || at > this.now() + OUTCOME_CLOCK_SKEW_MS) {
      throw new DecisionError('BAD_OUTCOME_TIME', `the outcome's timestamp is before decision "${decisionId}" was made or in the future`);
    }
    return { decisionId, slot: found.slot, productId: found.productId, createdAt: found.createdAt, stamped: { impressed: found.impressed, clicked: found.clicked, purchased: found.purchased } };
  }

  /** Records a checked outcome; true when it moved the slot's counters (purchases only within the attribution window). */
  async record(decision: DecisionOutcomeRef, kind: OutcomeKind, at: number, value: number): Promise<boolean> {
    const attributable = kind === 'purchase' && at <= decision.createdAt + this.options.attributionWindowMs;
    return this.posteriors.record(decision, kind, at, value, attributable);
  }
}
