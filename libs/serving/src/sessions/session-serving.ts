/**
 * Session-aware serving (issue 12 §4): the served sequence model (HRNN/GRU4Rec of the current
 * embeddings run, libs/writeback sequence-run.ts) run step by step in plain TypeScript
 * (libs/sequences StepModel), the per-user state in a shared store (session-store.ts), and the
 * answers through the process's AnswerCache:
 *
 * - `track` advances the user's state for one accepted event (compare-and-set, retried: two events
 *   of one user at once both land, in some order);
 * - `next` answers nextInSession: the session GRU's scores after the current session's last item;
 *   with no open session (unknown user, none yet, or the last event more than the gap ago) the
 *   model's items by train popularity (spop of an empty session) — never an error;
 * - `blend` re-ranks a recommendations answer by the session while one is open.
 *
 * Answers are cached under their own keys (`session|…`) in the AnswerCache, so they are dropped
 * exactly when the recommendations are: at once by trackEvent in this process, within a change-feed
 * poll in every other one (the state write stamps the user's changedAt), and all of them when the
 * generation (which includes the run's sequence record) changes. An answer computed from an open
 * session carries the time its session closes and is recomputed after it.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { advanceSession, AdvanceOutcome, blendSessionScores, checkBlendWeight, decodeSessionState, DEFAULT_SESSION_BLEND_WEIGHT, encodeSessionState, readSequenceModel, rebase, SessionState, sessionActive, StepModel, topK } from '@graphrec/sequences';
import type { SequenceRecord } from '@graphrec/writeback';
import type { AnswerCache } from '../answer-cache';
import type { ScoredItem, UserAnswer } from '../serving-types';
import type { SessionStore, StoredSession } from './session-store';

export interface ServedSequence {
  /** Run id and weights digest (sequenceModelKey): what a stored state records as its model. */
  key: string;
  runId: string;
  record: SequenceRecord;
  model: StepModel;
  catalogue: Map<string, { name: string; category: string | null }>;
}

/** What a stored state names its model by: the run and the weights' digest. */
export function sequenceModelKey(runId: string, record: Pick<SequenceRecord, 'weightsSha256'>): string {
  return `${runId}|${record.weightsSha256.slice(0, 16)}`;
}

export type TrackOutcome = AdvanceOutcome | 'no-model' | 'not-an-item' | 'conflict';

/** A cached answer that stops being true at `validUntil` (epoch ms): its session closes then. */
type TimedAnswer = UserAnswer & { validUntil?: number };

export interface SessionServingOptions {
  /** Compare-and-set attempts before a tracked event gives up on the state (default 8). */
  maxAttempts?: number;
  /** How often the model record is looked up when no answer cache generation tells (ms, default 1000). */
  recheckMs?: number;
  /** The clock (tests). */
  now?: () => number;
  /** Weight of the session's score in `blend` (default DEFAULT_SESSION_BLEND_WEIGHT of libs/sequences, tuned on validation; GRAPHREC_SESSION_BLEND_WEIGHT in the API). */
  blendWeight?: number;
  onWarning?: (message: string, error?: unknown) => void;
}


/** Users per batched state read. */
const MAX_BATCH = 256;
/** Users the first look back may name (beyond it, states are read until a gap has passed). */
const RECENT_MAX = 200_000;
/** Margin for a change-feed poll's delay and clock skew between this process and Neo4j (ms). */
const RECENT_SLACK_MS = 60_000;

export class SessionServing {
  private served: ServedSequence | null = null;
  private loadedFor: string | null | undefined = undefined;
  private checkedAt = -Infinity;
  private loading: Promise<ServedSequence | null> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly db: GraphDb,
    readonly store: SessionStore,
    private readonly cache: AnswerCache,
    private readonly options: SessionServingOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    if (options.blendWeight !== undefined) checkBlendWeight(options.blendWeight);
    cache.listen((change) => {
      if (change.kind === 'invalidate') {
        this.recent.set(change.userId, this.now());
        if (this.recent.size >= this.pruneAt) this.prune();
      } else if (change.reason === 'external') this.knownSince = Infinity;
    });
  }

  /**
   * Users whose answers were dropped lately (trackEvent here, the change feed for every other
   * writer), with when. Every state write stamps the user's changedAt, so a user absent from here
   * for longer than the gap — while this process knew every change (`knownSince` at least a gap
   * ago) — has no open session, and its answer needs no state read. Before that (a process just
   * started, whose first look back is capped, or after a flush whose users are unknown) the state is
   * read. Pruned as it goes.
   */
  private readonly recent = new Map<string, number>();
  private pruneAt = 10_000;
  private lastGapMs = 30 * 60_000;

  private prune(): void {
    const horizon = this.now() - this.lastGapMs - RECENT_SLACK_MS;
    for (const [u, at] of this.recent) if (at < horizon) this.recent.delete(u);
    this.pruneAt = Math.max(10_000, 2 * this.recent.size);
  }
  private knownSince = Infinity;
  private lookedBack: Promise<void> | undefined;

  /** One read at the first request: the users changed within the last gap (at most RECENT_MAX). */
  private lookBack(gapMs: number): Promise<void> {
    this.lookedBack ??= (async () => {
      const since = this.now() - gapMs - RECENT_SLACK_MS;
      const rows = await this.db.read<{ id: string }>(cypher('serving/session-recent-users'), { since: neo4j.int(since), max: neo4j.int(RECENT_MAX + 1) });
      const at = this.now();
      for (const r of rows) if (!this.recent.has(r.id)) this.recent.set(r.id, at);
      // Capped: more users than that changed lately (a bulk load), so the look back is incomplete.
      if (rows.length <= RECENT_MAX && this.knownSince === Infinity) this.knownSince = since;
    })().catch((error: unknown) => {
      this.lookedBack = undefined;
      throw error;
    });
    return this.lookedBack;
  }

  /** mayHaveSession's answer when it needs no read: true only once the look back is done and the user is not recent. */
  private certainlyNoSession(userId: string): boolean {
    const now = this.now();
    if (this.knownSince === Infinity || now - this.knownSince < this.lastGapMs) return false;
    const at = this.recent.get(userId);
    return at === undefined || now - at > this.lastGapMs + RECENT_SLACK_MS;
  }

  /** False only when the user certainly has no open session (see `recent`). */
  private async mayHaveSession(userId: string, gapMs: number): Promise<boolean> {
    this.lastGapMs = gapMs;
    try {
      await this.lookBack(gapMs);
    } catch {
      // Neo4j away: nothing known, the state read decides (and degrades if it fails too).
      return true;
    }
    const now = this.now();
    if (this.knownSince === Infinity || now - this.knownSince < gapMs) {
      // Knowledge starts now if it was lost; the session is read meanwhile.
      if (this.knownSince === Infinity) this.knownSince = now;
      return true;
    }
    const at = this.recent.get(userId);
    if (at === undefined) return false;
    if (now - at <= gapMs + RECENT_SLACK_MS) return true;
    this.recent.delete(userId);
    return false;
  }

  /**
   * Users who may have an open session now (changed within the served model's gap, as far as this
   * process knows after its look back): those whose blend candidates a warm-up reads ahead of their
   * first recommendations request. Empty without a served model. A superset is harmless (a warmed
   * answer is a plain ranker answer, true whatever the session); it says nothing of their state.
   */
  async mayHaveSessionUsers(): Promise<string[]> {
    const served = await this.model();
    if (!served) return [];
    this.lastGapMs = served.record.gapMs;
    await this.lookBack(served.record.gapMs);
    const horizon = this.now() - served.record.gapMs - RECENT_SLACK_MS;
    return [...this.recent].filter(([, at]) => at >= horizon).map(([userId]) => userId);
  }

  /** The served model; looked up again when the answer cache's generation moved (or every recheckMs without one). */
  async model(): Promise<ServedSequence | null> {
    const generation = this.cache.generation;
    const fresh = generation !== null ? this.loadedFor === generation : this.now() - this.checkedAt < (this.options.recheckMs ?? 1_000);
    if (fresh && this.loadedFor !== undefined) return this.served;
    if (!this.loading) {
      this.loading = this.load(generation)
        .catch((error: unknown) => {
          // Neo4j away: keep serving the model held (or none); looked up again on the next request.
          if (this.served === null && this.loadedFor === undefined) throw error;
          return this.served;
        })
        .finally(() => {
          this.loading = undefined;
        });
    }
    return this.loading;
  }

  /**
   * Looks the served model up and holds it. What was looked up (`loadedFor`, `checkedAt`) is marked
   * only once `served` holds the answer: marked earlier, a request arriving while the model file and
   * catalogue were still being read took the half-done lookup for a fresh one and answered with no
   * model — a cold API process dropped the first tracked event's session step (CI, stop 22).
   */
  private async load(generation: string | null): Promise<ServedSequence | null> {
    const checkedAt = this.now();
    try {
      this.served = await this.lookUp();
      this.loadedFor = generation;
      return this.served;
    } finally {
      // Failed too (Neo4j away): without a generation to follow, the next look up waits recheckMs.
      this.checkedAt = checkedAt;
    }
  }

  private async lookUp(): Promise<ServedSequence | null> {
    const [row] = await this.db.read<{ runId: string | null; sequence: string | null }>(cypher('serving/sequence-current'));
    if (!row?.runId || !row.sequence) return null;
    const record = JSON.parse(row.sequence) as SequenceRecord;
    const key = sequenceModelKey(row.runId, record);
    if (this.served?.key === key) return this.served;
    try {
      const { json, weights } = readSequenceModel(record.path);
      const model = new StepModel(json, weights);
      const rows = await this.db.read<{ id: string; name: string; category: string | null }>(cypher('serving/sequence-catalogue'), { ids: json.itemIds });
      const catalogue = new Map(rows.map((r) => [r.id, { name: r.name, category: r.category }]));
      return { key, runId: row.runId, record, model, catalogue };
    } catch (error) {
      this.options.onWarning?.(`the sequence model of run ${row.runId} could not be loaded (${record.path}); nextInSession answers by popularity`, error);
      return null;
    }
  }

  private decode(served: ServedSequence, text: string | null): SessionState | null {
    if (text === null) return null;
    try {
      return decodeSessionState(text, served.model.hidden, served.model.userHidden);
    } catch (error) {
      this.options.onWarning?.('a stored session state could not be read; the user starts a new one', error);
      return null;
    }
  }

  /**
   * Advances the user's state by one accepted event (the caller validated it: ingest's rules). Events
   * of types that are not session items, items the model does not know and late events leave it alone.
   */
  async track(userId: string, productId: string, type: string, at: number): Promise<TrackOutcome> {
    const served = await this.model();
    if (!served) return 'no-model';
    if (!served.record.itemTypes.includes(type)) return 'not-an-item';
    const attempts = this.options.maxAttempts ?? 8;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const stored = await this.store.read(userId);
      const previous = this.decode(served, stored.state);
      const { state, outcome } = advanceSession(served.model, served.key, previous, { item: productId, at }, served.record.gapMs);
      if (!state || state === previous) return outcome;
      if (await this.store.compareAndSet(userId, stored, encodeSessionState(state))) {
        this.cache.invalidate(userId);
        return outcome;
      }
    }
    return 'conflict';
  }

  /**
   * A state read for an answer, batched with the reads of the requests in flight at the same tick
   * (one round trip for up to MAX_BATCH users): at 32 concurrent requests a read per request would
   * cost a Bolt round trip each.
   */
  private readBatched(userId: string): Promise<StoredSession> {
    return new Promise((resolve, reject) => {
      let batch = this.batch;
      if (!batch || batch.size >= MAX_BATCH) {
        batch = new Map();
        this.batch = batch;
        const taken = batch;
        setImmediate(() => void this.flush(taken));
      }
      const waiting = batch.get(userId) ?? [];
      waiting.push({ resolve, reject });
      batch.set(userId, waiting);
    });
  }

  /** Set when a state read failed: answers made meanwhile are held for a second only. */
  private degradedUntil = 0;

  private batch: Map<string, { resolve: (s: StoredSession) => void; reject: (e: unknown) => void }[]> | undefined;

  private async flush(batch: NonNullable<SessionServing['batch']>): Promise<void> {
    if (this.batch === batch) this.batch = undefined;
    try {
      const states = await this.store.readMany([...batch.keys()]);
      for (const [userId, waiting] of batch) for (const w of waiting) w.resolve(states.get(userId) ?? { state: null, version: 0 });
    } catch (error) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(error);
    }
  }

  /** The user's open session under the served model, or null. */
  private async openSession(served: ServedSequence, userId: string): Promise<SessionState | null> {
    if (!(await this.mayHaveSession(userId, served.record.gapMs))) return null;
    let stored: StoredSession;
    try {
      stored = await this.readBatched(userId);
    } catch (error) {
      // The store is away: answer as without a session (held for a second only), never an error.
      // One warning per outage, not one per request.
      if (this.degradedUntil <= this.now()) this.options.onWarning?.(`session state store (${this.store.name}) not answering; answering without the session`, error);
      this.degradedUntil = this.now() + 1_000;
      return null;
    }
    const state = this.decode(served, stored.state);
    if (!sessionActive(state, this.now(), served.record.gapMs)) return null;
    return state.model === served.key ? state : rebase(served.model, served.key, state);
  }

  private item(served: ServedSequence, index: number, score: number, rank: number, explanation: string): ScoredItem {
    const id = served.model.itemIds[index];
    const product = served.catalogue.get(id);
    return { productId: id, name: product?.name ?? id, category: product?.category ?? null, score, rank, explanation, evidence: [], owned: false };
  }

  /** The popularity items for k, the same for every user of the model: built once (answers share them, read-only). */
  private popularItems: { served: ServedSequence; byK: Map<number, ScoredItem[]> } | undefined;
  private popular(served: ServedSequence, k: number): ScoredItem[] {
    if (this.popularItems?.served !== served) this.popularItems = { served, byK: new Map() };
    let items = this.popularItems.byK.get(k);
    if (!items) {
      const n = Math.min(k, served.model.nItems);
      items = Array.from({ length: n }, (_, i) => this.item(served, i, 1 - i / served.model.nItems, i + 1, 'often chosen in shopping sessions (no open session)'));
      this.popularItems.byK.set(k, items);
    }
    return items;
  }

  private name(served: ServedSequence, id: string): string {
    return served.catalogue.get(id)?.name ?? id;
  }

  /** nextInSession's answer (k already bounded by the caller), through the answer cache. */
  async next(userId: string, k: number, fallback: () => Promise<UserAnswer>): Promise<UserAnswer> {
    const key = `session|${k}`;
    const held = this.cache.get(userId, key) as TimedAnswer | undefined;
    if (held && (held.validUntil === undefined || held.validUntil > this.now())) return held;
    const ticket = this.cache.begin(userId);
    const served = await this.model();
    // No sequence model trained yet: the recommendations' own answer (popularity for a stranger).
    if (!served) return fallback();
    const state = await this.openSession(served, userId);
    let answer: TimedAnswer;
    if (state) {
      const scores = served.model.scores(state.h);
      const last = this.name(served, state.items[state.items.length - 1]);
      const text = `next in this session after ${last} (${state.items.length} item${state.items.length === 1 ? '' : 's'} so far)`;
      answer = {
        userId,
        runId: served.runId,
        strategy: 'session',
        items: topK(scores, k).map((i, r) => this.item(served, i, scores[i], r + 1, text)),
        validUntil: state.lastAt + served.record.gapMs + 1,
      };
    } else {
      // spop of an empty session: the model's items are indexed by descending train popularity.
      answer = { userId, runId: served.runId, strategy: 'session-popularity', items: this.popular(served, k) };
      if (this.degradedUntil > this.now()) answer.validUntil = this.degradedUntil;
    }
    this.cache.store(ticket, key, answer);
    return answer;
  }

  /**
   * A recommendations answer with the open session taken into account: the base answer's
   * candidates re-ranked by (1 − w)·base + w·session, each min–max scaled over the candidates
   * (w = options.blendWeight, default DEFAULT_SESSION_BLEND_WEIGHT of libs/sequences), the top k kept. Without an open session (or a model) the base
   * answer as it is. Cached under its own key like `next`.
   */
  async blend(userId: string, k: number, cacheKey: string, base: (candidates: number) => Promise<UserAnswer>, maxCandidates: number): Promise<UserAnswer> {
    // Most users have no open session: their answer is the plain one, held under its own key, with
    // no second cache entry, no model lookup and no await in between (a first request per user was
    // otherwise a miss under the session key: the bench's users are each seen about once).
    if (this.certainlyNoSession(userId)) return base(k);
    const key = `session-rec|${cacheKey}`;
    const held = this.cache.get(userId, key) as TimedAnswer | undefined;
    if (held && (held.validUntil === undefined || held.validUntil > this.now())) return held;
    const ticket = this.cache.begin(userId);
    const served = await this.model();
    const state = served ? await this.openSession(served, userId) : null;
    if (!served || !state) {
      const plain: TimedAnswer = await base(k);
      this.cache.store(ticket, key, this.degradedUntil > this.now() ? { ...plain, validUntil: this.degradedUntil } : plain);
      return plain;
    }
    const answer = await base(Math.min(maxCandidates, 2 * k));
    const scores = served.model.scores(state.h);
    const seq = answer.items.map((it) => {
      const i = served.model.itemIndex(it.productId);
      return i === undefined ? Number.NaN : scores[i];
    });
    const mixed = blendSessionScores(
      answer.items.map((it) => it.score),
      seq,
      this.options.blendWeight ?? DEFAULT_SESSION_BLEND_WEIGHT,
    );
    const last = this.name(served, state.items[state.items.length - 1]);
    const ranked = answer.items
      .map((it, j) => ({ it, score: mixed.score[j], seq: mixed.session[j] }))
      .sort((x, y) => y.score - x.score)
      .slice(0, k)
      .map(({ it, score, seq: sj }, r) => ({ ...it, score, rank: r + 1, explanation: sj >= 0.5 ? `${it.explanation}; fits this session (after ${last})` : it.explanation }));
    const blended: TimedAnswer = { ...answer, items: ranked, validUntil: state.lastAt + served.record.gapMs + 1 };
    this.cache.store(ticket, key, blended);
    return blended;
  }
}
