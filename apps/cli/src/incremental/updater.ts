/**
 * Incremental updates between full runs (`graphrec incremental`): users that changed since the
 * served embeddings run — brand-new ones above all — get a vector from the published GraphSAGE
 * model (inductively: `embedNodes` over their neighbourhood, a node beyond the model's id table
 * taking the mean id row) and a segment by nearest profile, in micro-batches, without a retrain.
 * New and changed products get a vector the same way (their SIMILAR_TO links and conversion
 * statistics wait for the next full run).
 *
 * One step: poll the users whose `changedAt` (the change feed's stamp, set by every ingest write
 * and trackEvent) is newer than their last incremental write; project the graph with the model's
 * encoders; embed those users; pick each one's nearest segment centroid; write vector + segment
 * where the user has not changed meanwhile (cypher/incremental/write-users.cypher). The write moves
 * `changedAt`, so every API process's change feed drops that user's cached answers, and the next
 * recommendations come from the new vector (strategy `embeddings`).
 *
 * Cost: each micro-batch projects the whole graph (the exact K-hop neighbourhood of a user reaches
 * most of a small catalogue's users), so a step costs about a projection — seconds on the demo
 * world, minutes at a million users (docs/operations.md says what replaces it there).
 */
import { alignModel, embedNodes, loadModel, loadNodeIds, NodeIds, TrainedModel } from '@graphrec/gnn';
import { cypher, GraphDb } from '@graphrec/neo4j';
import { HeteroGraph, projectFromNeo4j } from '@graphrec/projection';
import { currentEmbeddings, CurrentEmbeddings, currentRun, readUserEmbeddings, segmentMembership, slotProperties } from '@graphrec/writeback';
import neo4j from 'neo4j-driver';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nearestSegment, SegmentCentroids, segmentCentroids } from './nearest-segment';

export interface IncrementalOptions {
  /** Where `graphrec train` saved the models, one folder per run id. */
  modelDir: string;
  /** Users per micro-batch. */
  batchSize: number;
  /** How far behind its last poll a poll re-reads (ms): longer than any ingest transaction. */
  overlapMs: number;
  log?: (line: string) => void;
}

export const DEFAULT_INCREMENTAL = { batchSize: 2_000, overlapMs: 30_000, pollMs: 5_000 } as const;

export interface StepReport {
  /** Why nothing was embedded, when nothing was. */
  idle?: 'no-changes' | 'no-run' | 'no-model';
  runId?: string;
  /** Users: changed ones found, embedded, given a segment. */
  polled: number;
  embedded: number;
  segmented: number;
  /** Users that changed again while being embedded (done by the next step). */
  skipped: number;
  /** Products: changed ones found, embedded (their SIMILAR_TO and statistics wait for the next run). */
  products: { polled: number; embedded: number };
  seconds: { poll: number; project: number; embed: number; write: number; total: number };
}

interface Loaded {
  run: CurrentEmbeddings;
  model: TrainedModel;
  /** The training graph's node order, which the model's id tables follow. */
  ids: NodeIds;
  segmentsRunId: string | null;
  profiles: SegmentCentroids | null;
}

interface Changed {
  id: string;
  changedAt: number;
}

interface ChangedRow {
  users: Changed[];
  products: Changed[];
  now: number;
}

export class IncrementalUpdater {
  /** Server clock of the last poll that saw everything; null before the first. */
  private clock: number | null = null;
  private loaded: Loaded | undefined;
  private missingModelFor: string | undefined;

  constructor(
    private readonly db: GraphDb,
    private readonly options: IncrementalOptions,
  ) {}

  /** The served run's model and segment profiles, (re)loaded when either run changes. */
  private async load(): Promise<Loaded | 'no-run' | 'no-model'> {
    const run = await currentEmbeddings(this.db);
    if (!run) return 'no-run';
    const segments = (await currentRun(this.db, 'segments'))?.id ?? null;
    if (this.loaded && this.loaded.run.runId === run.runId && this.loaded.segmentsRunId === segments) return this.loaded;
    const dir = join(this.options.modelDir, run.runId);
    if (!existsSync(join(dir, 'model.json'))) {
      if (this.missingModelFor !== run.runId) this.options.log?.(`no model files for the served run ${run.runId} in ${this.options.modelDir}; waiting for a run trained with --model-dir ${this.options.modelDir}`);
      this.missingModelFor = run.runId;
      return 'no-model';
    }
    const ids = loadNodeIds(dir);
    if (!ids) {
      if (this.missingModelFor !== run.runId) this.options.log?.(`the model files of run ${run.runId} lack ids.json (saved by graphrec train since incremental updates exist): retrain to use incremental updates`);
      this.missingModelFor = run.runId;
      return 'no-model';
    }
    const model = loadModel(dir);
    const profiles = segments ? await this.segmentProfiles(run, segments) : null;
    // A new run: changes are counted from its start (anything older is in its vectors already,
    // or was changed during its training and has a changedAt after the projection it read).
    if (this.loaded?.run.runId !== run.runId) this.clock = null;
    this.loaded = { run, model, ids, segmentsRunId: segments, profiles };
    this.options.log?.(`serving run ${run.runId} (slot ${run.slot})${segments ? `, segments run ${segments}: ${profiles?.ids.length ?? 0} segment profiles` : ', no segments run'}`);
    return this.loaded;
  }

  private async segmentProfiles(run: CurrentEmbeddings, segmentsRunId: string): Promise<SegmentCentroids> {
    const membership = await segmentMembership(this.db, segmentsRunId);
    const { vectors } = await readUserEmbeddings(this.db, run, membership.users);
    return segmentCentroids(vectors, run.dimension, membership.segmentOf, membership.segmentIds);
  }

  /** Where the first poll after a (new) run starts: the run's start minus the training it recorded. */
  private async firstSince(run: CurrentEmbeddings): Promise<number> {
    const info = await currentRun(this.db, 'embeddings');
    const started = info ? Date.parse(info.startedAt) : NaN;
    const metrics = (info?.metrics ?? {}) as { seconds?: unknown; inferSeconds?: unknown };
    const took = (Number(metrics.seconds) || 0) + (Number(metrics.inferSeconds) || 0);
    if (!Number.isFinite(started) || info?.id !== run.runId) return 0;
    return started - took * 1000 - this.options.overlapMs;
  }

  async step(): Promise<StepReport> {
    const t0 = performance.now();
    const seconds = { poll: 0, project: 0, embed: 0, write: 0, total: 0 };
    const report = (r: Omit<StepReport, 'seconds'>): StepReport => ({ ...r, seconds: { ...seconds, total: (performance.now() - t0) / 1000 } });
    const loaded = await this.load();
    const none = { polled: 0, embedded: 0, segmented: 0, skipped: 0, products: { polled: 0, embedded: 0 } };
    if (loaded === 'no-run' || loaded === 'no-model') return report({ idle: loaded, ...none });
    const since = this.clock === null ? await this.firstSince(loaded.run) : this.clock - this.options.overlapMs;
    const limit = this.options.batchSize;
    const [row] = await this.db.read<ChangedRow>(cypher('incremental/changed'), { since: neo4j.int(Math.floor(since)), limit: neo4j.int(limit) });
    seconds.poll = (performance.now() - t0) / 1000;
    const changed = row?.users ?? [];
    const changedProducts = row?.products ?? [];
    // A full batch leaves more behind inside the window: keep the window until it is drained
    // (nodes written drop out of the query by themselves).
    const advance = () => {
      if (row && changed.length < limit && changedProducts.length < limit) this.clock = row.now;
      else if (this.clock === null) this.clock = since + this.options.overlapMs;
    };
    if (!changed.length && !changedProducts.length) {
      advance();
      return report({ idle: 'no-changes', runId: loaded.run.runId, ...none });
    }

    let t = performance.now();
    const graph = await projectFromNeo4j(this.db, { encoders: loaded.model.encoders });
    seconds.project = (performance.now() - t) / 1000;
    t = performance.now();
    // Id tables re-ordered to this graph by node id: a node added since training may sort before others.
    const model = alignModel(loaded.model, loaded.ids, graph).model;
    const present = changed.filter((u) => graph.nodes.User.indexOf(u.id) !== undefined);
    const vectors = this.embed(model, graph, 'User', present.map((u) => graph.nodes.User.indexOf(u.id) as number));
    const presentProducts = changedProducts.filter((p) => graph.nodes.Product.indexOf(p.id) !== undefined);
    const productVectors = this.embed(model, graph, 'Product', presentProducts.map((p) => graph.nodes.Product.indexOf(p.id) as number));
    seconds.embed = (performance.now() - t) / 1000;

    t = performance.now();
    const d = loaded.model.config.options.outputDim;
    if (d !== loaded.run.dimension) throw new Error(`model ${loaded.run.runId} gives ${d} dimensions, the served run holds ${loaded.run.dimension}`);
    const rows = present.map((u, i) => {
      const vector = Array.from(vectors.subarray(i * d, (i + 1) * d));
      const segment = loaded.profiles ? nearestSegment(loaded.profiles, vector) : undefined;
      return { id: u.id, changedAt: neo4j.int(u.changedAt), vector, segmentId: segment?.segmentId ?? null, confidence: segment?.cosine ?? null };
    });
    const prop = slotProperties(loaded.run.slot).embedding;
    const productRows = presentProducts.map((p, i) => ({ id: p.id, changedAt: neo4j.int(p.changedAt), vector: Array.from(productVectors.subarray(i * d, (i + 1) * d)) }));
    // Users and products in one transaction: a retried step rewrites both the same way.
    const [written, productsWritten] = await this.db.write(async (tx) => {
      const users = rows.length
        ? (await tx.run(cypher('incremental/write-users'), { rows, prop, segmentsRunId: loaded.segmentsRunId })).records.map((r) => ({
            written: Number(r.get('written')),
            segmented: Number(r.get('segmented') ?? 0),
          }))[0]
        : undefined;
      const products = productRows.length ? Number((await tx.run(cypher('incremental/write-products'), { rows: productRows, prop })).records[0]?.get('written') ?? 0) : 0;
      return [users, products] as const;
    });
    seconds.write = (performance.now() - t) / 1000;
    advance();
    const embedded = written?.written ?? 0;
    return report({
      runId: loaded.run.runId,
      polled: changed.length,
      embedded,
      segmented: written?.segmented ?? 0,
      skipped: changed.length - embedded,
      products: { polled: changedProducts.length, embedded: productsWritten },
    });
  }

  private embed(model: TrainedModel, graph: HeteroGraph, label: 'User' | 'Product', indices: number[]): Float32Array {
    if (!indices.length) return new Float32Array(0);
    return embedNodes(model, graph, label, Int32Array.from(indices));
  }
}
