/**
 * The learned ranker in serving. What only changes when a run is published — the booster, the
 * product table, the generators' state for ~30 products — is loaded once per served run and held
 * in process (one entry, keyed by run id and the ranker's record; replaced, and the old booster
 * freed, when the current run or its ranker changes). Per request: ONE Neo4j read
 * (cypher/serving/ranker-user.cypher) gives the run, its ranker record and the user's side of the
 * features; every catalogue product is scored by the same function, so `rank` and
 * `recommendations` give the same score for the same pair. Items carry `owned`.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { emptyUserInput, ExplainedScore, GraphRanker, RankerState, UserInput } from '@graphrec/rank';
import { rankerEvidence } from './ranker-explain';
import { attachExternalStates, rankerSequenceScores } from './ranker-sequence';
import { sentence } from './explain';
import type { ScoredItem, UserAnswer, UserFilter } from './serving-types';

export interface RankerServingOptions {
  /**
   * Saabas' path attribution (default true) or exact TreeSHAP (false) for the explanations. A
   * top-10 costs 1.2 ms approximate and 8.5 ms exact on the 20,000-user world, 0.7 and 27 ms on a
   * 100,000-user one (deeper trees; docs/rank.md), against a p50 of 1–2 ms for the whole
   * embeddings answer; both name the same first reason for 97.9% and 87.6% of items. (Measured
   * before the approximate path read per-leaf tables, libs/rank/src/tree-ensemble.ts: cheaper now.)
   */
  approximateExplanations?: boolean;
}

interface EventAggregate {
  productId: string;
  type: string;
  n: number;
  last: number | null;
}

export interface RankerUserRow {
  userId: string;
  homeType: string | null;
  region: string | null;
  signupDate: string | null;
  runId: string | null;
  slot: string | null;
  /** JSON of the run's RankerRecord (libs/writeback/src/ranker-run.ts), null when none was trained. */
  ranker: string | null;
  embedding: number[] | null;
  segment: string | null;
  /** One product id per owned device. */
  ownedDevices: string[];
  events: EventAggregate[];
  /** JSON of the run's SequenceRecord (libs/writeback sequence-run.ts), null when none; read only with a ranker. */
  sequence: string | null;
  /** The user's stored session state (Neo4j's SessionState, or the registered store's), for seq_* (ranker-sequence.ts). */
  sessionState: string | null;
}

interface Served {
  key: string;
  ranker: GraphRanker;
  index: Map<string, number>;
}

let served: Served | undefined;
/** Keys whose files failed to load: not retried on every request (the run keeps its embeddings path). */
const failed = new Map<string, string>();

/** The ranker for the run's record, loaded once per (run, record); null when the run has none or its files do not load. */
export function servedRanker(runId: string | null, record: string | null): Served | null {
  if (!runId || !record) return null;
  const key = `${runId}\n${record}`;
  if (served?.key === key) return served;
  if (failed.has(key)) return null;
  let path: string;
  try {
    path = (JSON.parse(record) as { path: string }).path;
    const ranker = GraphRanker.load(path);
    served?.ranker.free();
    served = { key, ranker, index: new Map(ranker.state.products.ids.map((id, i) => [id, i])) };
    return served;
  } catch (error) {
    // A missing libxgboost or a removed model folder must not take recommendations down.
    failed.set(key, error instanceof Error ? error.message : String(error));
    process.emitWarning(`graphrec serving: the ranker of run ${runId} could not be loaded, serving embeddings instead: ${failed.get(key)}`);
    return null;
  }
}

/** Drops the held ranker (tests; a process that wants its memory back). */
export function clearServedRanker(): void {
  served?.ranker.free();
  served = undefined;
  failed.clear();
}

export async function readRankerUser(db: GraphDb, userId: string): Promise<RankerUserRow | undefined> {
  const [row] = await readRankerUsers(db, [userId]);
  return row;
}

/** The rows of many users in one read (the answer cache's warm-up); unknown ids have no row. */
export async function readRankerUsers(db: GraphDb, userIds: readonly string[]): Promise<RankerUserRow[]> {
  return attachExternalStates(await db.read<RankerUserRow>(cypher('serving/ranker-user'), { userIds: [...userIds] }));
}

/** Sets from the state's lists, once per state object (userInputFromRow and candidatesFor run per user). */
const stateSets = new WeakMap<RankerState, { interaction: Set<string>; repeat: Set<string> }>();

function setsOf(state: RankerState): { interaction: Set<string>; repeat: Set<string> } {
  let sets = stateSets.get(state);
  if (!sets) {
    sets = { interaction: new Set(state.interactionTypes), repeat: new Set(state.repeatCategories) };
    stateSets.set(state, sets);
  }
  return sets;
}

/** The row as the ranker's input; `owned` are the products with a device (for "owns" vs "bought"). */
export function userInputFromRow(state: RankerState, index: ReadonlyMap<string, number>, row: RankerUserRow): { input: UserInput; owned: Set<number> } {
  const P = state.products.ids.length;
  const input = emptyUserInput(P);
  input.homeType = row.homeType;
  input.region = row.region;
  input.signupMs = row.signupDate ? Date.parse(row.signupDate) : Number.NaN;
  input.segment = row.segment;
  if (row.embedding && state.dimension && row.embedding.length === state.dimension) input.embedding = Float32Array.from(row.embedding);
  // seq_score/seq_rank only when the trees learnt them (the ranker was trained beside a sequence model).
  if (state.sequence) input.sequence = rankerSequenceScores(row, state.products.ids);
  const owned = new Set<number>();
  for (const id of row.ownedDevices) {
    const p = index.get(id);
    input.devices++;
    if (p !== undefined) owned.add(p);
  }
  const held = new Set(owned);
  const { interaction } = setsOf(state);
  for (const e of row.events) {
    const p = index.get(e.productId);
    const last = e.last ?? Number.NaN;
    if (!(input.lastEvent >= last)) input.lastEvent = last;
    if (p === undefined) continue;
    if (interaction.has(e.type)) input.interacted[p] = 1;
    if (e.type === 'purchase') held.add(p);
    if (e.type === 'product_view') {
      input.views[p] += Number(e.n);
      if (!(input.lastView[p] >= last)) input.lastView[p] = last;
    } else if (e.type === 'add_to_cart') input.carts[p] += Number(e.n);
  }
  input.held = [...held].sort((a, b) => a - b);
  return { input, owned };
}

/** The chosen products best first (ties by id), as every answer orders them. */
function orderedBy(model: Served, chosen: readonly number[], scores: Float32Array): number[] {
  const ids = model.ranker.state.products.ids;
  return [...chosen].sort((a, b) => scores[b] - scores[a] || ids[a].localeCompare(ids[b]));
}

/** Scored items from the model's explanations of the ordered products. */
function toItems(model: Served, input: UserInput, owned: Set<number>, explained: ExplainedScore[], scores: Float32Array): ScoredItem[] {
  const t = model.ranker.state.products;
  const held = new Set(input.held);
  return explained.map((e, i) => {
    const evidence = rankerEvidence(e.product, e.vector, { state: model.ranker.state, input, owned });
    return {
      productId: t.ids[e.product],
      name: t.names[e.product],
      category: t.category[e.product] || null,
      // The margin of scoreAll, not the contributions' sum: one number per pair whatever was asked.
      score: scores[e.product],
      rank: i + 1,
      explanation: sentence(evidence),
      evidence,
      owned: held.has(e.product),
    };
  });
}

/** The products a recommendation may show (filters and held products applied), before ordering. */
function candidatesFor(state: RankerState, input: UserInput, owned: Set<number>, filter: UserFilter): number[] {
  const excludeOwned = filter.excludeOwned ?? true;
  const excludePurchased = filter.excludePurchased ?? true;
  const categories = filter.categories?.length ? new Set(filter.categories) : null;
  const { repeat } = setsOf(state);
  const held = new Set(input.held);
  const candidates: number[] = [];
  for (let p = 0; p < state.products.ids.length; p++) {
    if (categories && !categories.has(state.products.category[p])) continue;
    // Held products stay out unless asked for, or their category is one people buy again (learnt from the data).
    const out = held.has(p) && !repeat.has(state.products.category[p]) && ((owned.has(p) && excludeOwned) || (!owned.has(p) && excludePurchased));
    if (!out) candidates.push(p);
  }
  return candidates;
}

/** Recommendations by the ranker, or null when the served run has no (loadable) ranker. */
export function rankerRecommend(row: RankerUserRow, k: number, filter: UserFilter, options: RankerServingOptions = {}): UserAnswer | null {
  return rankerRecommendMany([row], k, filter, options)[0];
}

/**
 * rankerRecommend for many users with one prediction and one explanation call per served model
 * (the answer cache's warm-up): each answer is exactly what rankerRecommend gives for its row.
 */
export function rankerRecommendMany(rows: readonly RankerUserRow[], k: number, filter: UserFilter, options: RankerServingOptions = {}): (UserAnswer | null)[] {
  const answers: (UserAnswer | null)[] = rows.map(() => null);
  // Rows of one read share the served run; grouped anyway, and each group served before the next
  // is loaded, since loading another ranker frees the one held before.
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = `${row.runId}\n${row.ranker}`;
    const members = groups.get(key);
    if (members) members.push(i);
    else groups.set(key, [i]);
  });
  for (const members of groups.values()) {
    const model = servedRanker(rows[members[0]].runId, rows[members[0]].ranker);
    if (!model) continue;
    const state = model.ranker.state;
    const users = members.map((i) => userInputFromRow(state, model.index, rows[i]));
    // Each user's features are built once, for the scores and for the explanations.
    const features = users.map((u) => model.ranker.features(u.input));
    const scores = model.ranker.scoreMany(users.map((u) => u.input), features);
    const tops = users.map((u, j) => orderedBy(model, candidatesFor(state, u.input, u.owned, filter), scores[j]).slice(0, k));
    const explained = model.ranker.explainMany(
      users.map((u, j) => ({ input: u.input, products: tops[j], features: features[j], margins: scores[j] })),
      { approximate: options.approximateExplanations ?? true },
    );
    members.forEach((i, j) => {
      answers[i] = { userId: rows[i].userId, runId: rows[i].runId, strategy: 'ranker', items: toItems(model, users[j].input, users[j].owned, explained[j], scores[j]) };
    });
  }
  return answers;
}

/** The given products by the ranker, or null when there is no ranker or one of them is outside its catalogue (the caller's path decides). */
export function rankerRank(row: RankerUserRow, productIds: readonly string[], options: RankerServingOptions = {}): UserAnswer | null {
  const model = servedRanker(row.runId, row.ranker);
  if (!model) return null;
  const chosen = productIds.map((id) => model.index.get(id));
  if (chosen.some((p) => p === undefined)) return null;
  const { input, owned } = userInputFromRow(model.ranker.state, model.index, row);
  const scores = model.ranker.scoreAll(input);
  const ordered = orderedBy(model, chosen as number[], scores);
  const explained = model.ranker.explain(input, ordered, { approximate: options.approximateExplanations ?? true });
  return { userId: row.userId, runId: row.runId, strategy: 'ranker', items: toItems(model, input, owned, explained, scores) };
}
