/**
 * train-ranker's seq_score/seq_rank (issue 12 §4): when the served embeddings run has a sequence
 * model (`graphrec train-sequence`), its next-item score of each product becomes two ranker
 * features. Without leakage: the trees learn from the carve (features at T = data end − label days,
 * labels after T), so the carve's scores come from a sequence model of the same kind and options
 * fitted on the sessions before T only, each user's state replayed up to T — the served model has
 * seen the label window and would hand the trees the answer. Serving reads the served model's
 * score from the user's live session state (libs/serving ranker-sequence.ts); the served side given
 * here (the served model replayed over all history, what train-sequence seeded the states with)
 * only tells the saved state that the features are on. libs/sequences ranker-feature.ts owns both
 * computations.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import type { HeteroGraph } from '@graphrec/projection';
import { purchasesAfter, viewAt, type GraphSideData } from '@graphrec/rank';
import { fitServedSequenceModel, historyProductScores, readSequenceModel, saveSequenceModel, Session, StepModel } from '@graphrec/sequences';
import type { SequenceRecord } from '@graphrec/writeback';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { graphSessions, sampleSessionsByUser, SEQUENCE_PIPELINE } from './train-sequence';

const DAY_MS = 86_400_000;
/** The carve's sequence model, kept beside the ranker's files (what the trees' seq_* came from). */
export const CUT_SEQUENCE_DIR = 'sequence-cut';

export interface RankerSequenceSide {
  /** Served side: switches the served state's seq_* on; every entry null (the values are read only from the carve side in training). */
  sequence: NonNullable<GraphSideData['sequence']>;
  /** Carve side: a model fitted before the cutoff, labelled users' states replayed up to it (null for the others). */
  cutSequence: NonNullable<GraphSideData['sequence']>;
  /** For the ranker's record. */
  info: { kind: string; cutSessions: number; cutEpochs: number; cutValidMrr20: number | null; seconds: number };
}

/** Sessions that start before `cutSeconds`, cut at it: nothing of the label window reaches the carve's model. */
export function sessionsBefore(sessions: readonly Session[], cutSeconds: number): Session[] {
  return sessions
    .filter((s) => s.times[0] < cutSeconds)
    .map((s) => {
      const n = s.times.findIndex((t) => t >= cutSeconds);
      return n < 0 ? s : { ...s, items: s.items.slice(0, n), times: s.times.slice(0, n) };
    });
}

/**
 * The seq_* side data, or null (with the reason logged) when the run has no sequence model, its
 * files do not load, or the sessions before the cutoff are too few to fit one.
 */
export async function rankerSequenceSide(db: GraphDb, graph: HeteroGraph, labelDays: number, rankerDir: string, log: (line: string) => void): Promise<RankerSequenceSide | null> {
  const started = performance.now();
  const [row] = await db.read<{ runId: string | null; sequence: string | null }>(cypher('serving/sequence-current'));
  if (!row?.sequence) {
    log('no sequence model on the served run: seq_* features left out (graphrec train-sequence first to have them)');
    return null;
  }
  const record = JSON.parse(row.sequence) as SequenceRecord;
  let json;
  try {
    const files = readSequenceModel(record.path);
    json = files.json;
    // Built only to prove the served files load (serving will need them): otherwise no seq_*.
    new StepModel(files.json, files.weights);
  } catch (error) {
    log(`the sequence model's files (${record.path}) do not load: seq_* features left out (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
  const gapSeconds = record.gapMs / 1000;
  const sessions = graphSessions(graph, gapSeconds, record.itemTypes);
  const cutSeconds = (graph.asOf - labelDays * DAY_MS) / 1000;
  const before = sessionsBefore(sessions, cutSeconds);
  let fit;
  try {
    // The served model's kind and options (sizes, averaging, dropout, seed): the carve's twin of it,
    // trained for the epochs the served fit chose on its validation carve — no second carve, so the
    // twin costs the served model's refit, not its whole fit (a model saved without a choice: its options).
    // The same user sample as the served model (SEQUENCE_PIPELINE.maxUsers): unbounded, the carve
    // fit would cost the ranker step what the sequence step was bounded not to (1M users: ~800 CPU s an epoch).
    const training = sampleSessionsByUser(before, SEQUENCE_PIPELINE.maxUsers, json.options.seed ?? 0);
    const twin = json.chosenEpochs > 0 ? { ...json.options, carve: false, maxEpochs: json.chosenEpochs } : json.options;
    fit = await fitServedSequenceModel(training, record.kind, twin, (l) => log(`carve sequence model: ${l}`));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    log(`${error.message} before the carve's cutoff: seq_* features left out`);
    return null;
  }
  const dir = join(rankerDir, CUT_SEQUENCE_DIR);
  rmSync(dir, { recursive: true, force: true });
  saveSequenceModel(dir, fit.model, fit.itemIds);
  const cutEpochs = fit.model.chosenEpochs;
  const cutValidMrr20 = fit.model.epochs.find((e) => e.epoch === cutEpochs)?.validMrr20 ?? null;
  fit.model.net?.dispose();
  const cutFiles = readSequenceModel(dir);
  const cutModel = new StepModel(cutFiles.json, cutFiles.weights);
  const users = graph.nodes.User;
  // Only the users with labels (purchases after the cut) can be sampled by the trees' training
  // (trainGraphRanker samples from exactly these), and the served side only switches the features
  // on: replaying every user's whole history twice cost the ranker step at 1M users more than the
  // sequence step's bound saved (over 400 CPU s before it was stopped, docs/benchmarks.md "Daily
  // flow at 1M users, session 10"). Others get null, as a user without history does.
  const labelled = purchasesAfter(viewAt(graph, graph.asOf - labelDays * DAY_MS));
  const userIndex = (id: string) => {
    const u = users.indexOf(id);
    return u !== undefined && labelled.has(u) ? u : undefined;
  };
  const products = graph.nodes.Product.ids;
  const cutSequence = historyProductScores(cutModel, before, userIndex, users.size, products, gapSeconds, cutSeconds);
  // The served side's values are never read in training (the trees learn from the carve's; the
  // served state only records that the features are on), so no user's history is replayed through
  // the served model here: that replay was ~1/4 of the ranker step's sequence side at 1M users
  // (session 11). A served model that does not load still turns the features off (above).
  const sequence: RankerSequenceSide['sequence'] = new Array(users.size).fill(null);
  const seconds = (performance.now() - started) / 1000;
  return { sequence, cutSequence, info: { kind: record.kind, cutSessions: fit.sessions, cutEpochs, cutValidMrr20, seconds: Math.round(seconds * 10) / 10 } };
}
