/**
 * The ranker's seq_score/seq_rank at serving time (issue 12 §4): the served sequence model's score
 * of every product as the user's next item, from the user's stored session state — the state
 * `graphrec train-sequence` seeded from the user's history and `trackEvent` advances — i.e. after the
 * user's latest event, as training computes it from the history before the carve's cutoff
 * (libs/sequences ranker-feature.ts owns both sides).
 *
 * Per user it costs no extra round trip with the default store: cypher/serving/ranker-user.cypher
 * returns the SessionState node's string with the ranker's row. With the state in Redis
 * (GRAPHREC_REDIS_URL), the API registers its store here (`useRankerSessionStates`) and a page of
 * rows costs one batched Redis read. The step model (a few kB) is loaded once per served record,
 * like the ranker; the scores are a few 32-wide dot products per product, and the answer that uses
 * them is held in the AnswerCache like every per-user answer (trackEvent drops it).
 */
import { readSequenceModel, StepModel, storedStateProductScores } from '@graphrec/sequences';
import type { SequenceRecord } from '@graphrec/writeback';
import { sequenceModelKey } from './sessions/session-serving';
import type { StoredSession } from './sessions/session-store';

/** Where states are read from when they are not in Neo4j (the API's Redis session store). */
export interface RankerSessionStates {
  readMany(userIds: readonly string[]): Promise<Map<string, StoredSession>>;
}

let external: RankerSessionStates | undefined;

/** The API's session store when it is not Neo4j (undefined: read them from Neo4j with the row). */
export function useRankerSessionStates(source: RankerSessionStates | undefined): void {
  external = source;
}

/** Rows whose run has a sequence model get their session state from the registered store (one read). */
export async function attachExternalStates<R extends { userId: string; sequence: string | null; sessionState: string | null }>(rows: R[]): Promise<R[]> {
  const source = external;
  if (!source) return rows;
  const wanted = rows.filter((r) => r.sequence !== null).map((r) => r.userId);
  if (!wanted.length) return rows;
  let states: Map<string, StoredSession>;
  try {
    states = await source.readMany(wanted);
  } catch {
    // The store away: the trees read the feature as missing, as for a user without history.
    return rows.map((r) => ({ ...r, sessionState: null }));
  }
  return rows.map((r) => (r.sequence === null ? r : { ...r, sessionState: states.get(r.userId)?.state ?? null }));
}

interface Loaded {
  key: string;
  model: StepModel | null;
  stateKey: string;
}

let loaded: Loaded | undefined;

/** The run's sequence model for the ranker's feature, loaded once per (run, record); null when its files do not load. */
function stepModelFor(runId: string, record: string): Loaded {
  const key = `${runId}\n${record}`;
  if (loaded?.key === key) return loaded;
  let model: StepModel | null = null;
  let stateKey = '';
  try {
    const parsed = JSON.parse(record) as SequenceRecord;
    const { json, weights } = readSequenceModel(parsed.path);
    model = new StepModel(json, weights);
    stateKey = sequenceModelKey(runId, parsed);
  } catch (error) {
    // The ranker still answers: the trees read seq_* as missing.
    process.emitWarning(`graphrec serving: the sequence model of run ${runId} could not be loaded for the ranker's seq_* features: ${error instanceof Error ? error.message : String(error)}`);
  }
  loaded = { key, model, stateKey };
  return loaded;
}

/** Drops the held model (tests). */
export function clearRankerSequence(): void {
  loaded = undefined;
}

/**
 * Per product (in `productIds` order) the sequence model's next-item score from the user's stored
 * state; null when the run has no sequence model, the user no state, or the model does not load.
 */
export function rankerSequenceScores(row: { runId: string | null; sequence: string | null; sessionState: string | null }, productIds: readonly string[]): Float32Array | null {
  if (!row.runId || !row.sequence || row.sessionState === null) return null;
  const { model, stateKey } = stepModelFor(row.runId, row.sequence);
  return model ? storedStateProductScores(model, stateKey, row.sessionState, productIds) : null;
}
