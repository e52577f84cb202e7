import { GraphDb, migrate } from '@graphrec/neo4j';
import { productCatalog } from '@graphrec/projection';
import { appendSizeHistory, defaultResolution, EMBEDDINGS_KNN_K, readSizeHistory, EMBEDDINGS_RESOLUTION, matchSegments, profileSegments, PROJECTION_RESOLUTION, segmentUsersDetailedAsync, UserGraphSource } from '@graphrec/segments';
import { currentEmbeddings, currentRun, MembershipInput, readUserEmbeddings, segmentMembership, withRun, writeSegments } from '@graphrec/writeback';
import { Command, Option } from 'commander';
import { projectWithProgress } from '../progress';
import { DEFAULT_SEED, parseLevel, parsePositiveInt, parseResolution, parseSeed } from '../options';
import { withDb } from '../with-db';

export interface SegmentCommandOptions {
  resolution?: number;
  seed: number;
  minSize?: number;
  level: string;
  keepRuns: number;
  /**
   * `auto` (default): `combined` when the current embeddings run has a vector for every user, else
   * the projection. `combined`: the projection plus the embeddings' kNN graph; `embeddings`: the
   * kNN graph alone (both refuse without usable embeddings); `projection`: the user–product graph.
   */
  graph?: GraphChoice;
  /** Neighbours per user in the embeddings kNN graph. */
  knnK?: number;
  json?: boolean;
  /** Extra run parameters (the daily flow tags its run with the flow run and step, to find it again on a retry). */
  runParams?: Record<string, unknown>;
}

type GraphChoice = 'auto' | 'combined' | 'embeddings' | 'projection';

const log = (line: string) => process.stdout.write(`[segment] ${line}\n`);

/**
 * The segmentation job: project the graph, Louvain on the user graph, profiles, stable ids matched
 * to the serving run, write-back into a new run, and only then the serving switch. A run killed
 * half-way stays `writing`, is never served, and is pruned by a later run.
 */
export async function runSegment(db: GraphDb, options: SegmentCommandOptions): Promise<number> {
  await db.verify();
  await migrate(db);
  const graph = await projectWithProgress(db, { keepEvents: true });
  if (graph.nodes.User.size === 0) {
    process.stderr.write('graphrec segment: the graph has no users; load data first (graphrec ingest)\n');
    return 1;
  }
  const level = options.level === 'fine' || options.level === 'coarse' ? options.level : Number(options.level);
  const embeddings = await embeddingsToSegment(db, graph.nodes.User.ids, options.graph ?? 'auto');
  if (embeddings === 'refused') return 1;
  const segmentation = await segmentUsersDetailedAsync(graph, {
    resolution: options.resolution,
    seed: options.seed,
    minSize: options.minSize,
    level,
    embeddings: embeddings && {
      vectors: embeddings.vectors,
      dims: embeddings.dims,
      knn: options.knnK ? { k: options.knnK } : undefined,
      alone: options.graph === 'embeddings',
    },
  });
  const catalog = await productCatalog(db);
  const products = graph.nodes.Product;
  const profiles = profileSegments(graph, segmentation, {
    productName: (p) => catalog.get(products.ids[p])?.name ?? products.ids[p],
    compatibleWith: (p) => {
      const bases = catalog.get(products.ids[p])?.compatibleWith ?? [];
      return bases.length ? bases.map((id) => products.indexOf(id)).filter((i): i is number => i !== undefined) : undefined;
    },
  });
  const previous = await currentRun(db, 'segments');
  const match = matchSegments(previous ? await segmentMembership(db, previous.id) : { users: [], segmentOf: [], segmentIds: [] }, segmentation);
  const params = {
    resolution: options.resolution ?? defaultResolution(segmentation.source),
    seed: options.seed,
    minSize: options.minSize,
    level: options.level,
    graph: segmentation.source,
    embeddingsRun: embeddings?.runId ?? null,
    knnK: embeddings ? (options.knnK ?? EMBEDDINGS_KNN_K) : null,
    ...options.runParams,
  };
  const segments = profiles.segments.map((p) => ({ segmentId: match.segmentIds[p.segment], label: p.label, size: p.size, profile: p }));
  function* members(): Iterable<MembershipInput> {
    for (let u = 0; u < segmentation.users.length; u++) {
      yield { userId: segmentation.users[u], segmentId: match.segmentIds[segmentation.segmentOf[u]], confidence: segmentation.confidence[u] };
    }
  }
  const { run, result: metrics, pruned } = await withRun(
    db,
    'segments',
    async (runId) => {
      const written = await writeSegments(db, runId, { segments, members: members() });
      const metrics = {
        users: segmentation.users.length,
        segments: segmentation.segmentCount,
        modularity: segmentation.modularity,
        levels: segmentation.levels,
        previousRun: previous?.id ?? null,
        vsPrevious: previous ? { ari: match.ari, nmi: match.nmi, moved: match.moved, joined: match.joined, left: match.left } : null,
        seconds: { ...segmentation.secondsByPhase, writeback: written.seconds },
        // Carried forward from the served run: pruning removes old runs' segments, not this.
        sizeHistory: appendSizeHistory(readSizeHistory(previous?.metrics), {
          runId,
          at: new Date().toISOString(),
          sizes: Object.fromEntries(segments.map((s) => [s.segmentId, s.size])),
        }),
      };
      return { result: metrics, metrics };
    },
    { params, keepRuns: options.keepRuns },
  );
  const runId = run.id;
  if (options.json) {
    process.stdout.write(JSON.stringify({ runId, ...metrics, segments }, null, 2) + '\n');
  } else {
    log(`segmented ${describeSource(segmentation.source, embeddings?.runId)}`);
    log(`run ${runId}: ${segmentation.segmentCount} segments of ${segmentation.users.length} users, modularity ${segmentation.modularity.toFixed(3)}`);
    if (previous) log(`vs ${previous.id}: ARI ${match.ari.toFixed(3)}, NMI ${match.nmi.toFixed(3)}, ${match.moved} users moved`);
    for (const p of profiles.segments) {
      const next = p.next ? `; next: ${p.next.name} (${p.next.lacking} lack it)` : '';
      log(`  ${match.segmentIds[p.segment]} ${String(p.size).padStart(7)}  ${p.label}${next}`);
    }
    if (pruned.length) log(`pruned ${pruned.length} old run(s)`);
  }
  return 0;
}

function describeSource(source: UserGraphSource, runId: string | undefined): string {
  if (source === 'projection') return 'the user–product projection';
  if (source === 'embeddings') return `the kNN graph of embeddings run ${runId}`;
  return `the user–product projection plus the kNN graph of embeddings run ${runId}`;
}

/**
 * The user vectors to segment on, per `--graph`: `auto` takes the current embeddings run when every
 * projected user has a vector (users newer than the run would otherwise land in one arbitrary
 * cluster) and the projection otherwise; `combined` and `embeddings` insist and refuse with a reason.
 */
async function embeddingsToSegment(
  db: GraphDb,
  userIds: readonly string[],
  mode: GraphChoice,
): Promise<{ runId: string; vectors: Float32Array; dims: number } | undefined | 'refused'> {
  if (mode === 'projection') return undefined;
  const current = await currentEmbeddings(db);
  const refuse = (why: string) => {
    if (mode !== 'auto') {
      process.stderr.write(`graphrec segment: cannot segment on embeddings: ${why}\n`);
      return 'refused' as const;
    }
    // stderr: with --json, stdout carries the run only.
    process.stderr.write(`[segment] segmenting the user–product projection: ${why}\n`);
    return undefined;
  };
  if (!current) return refuse('no embeddings run yet (graphrec train)');
  const { vectors, missing } = await readUserEmbeddings(db, current, userIds);
  if (missing > 0) return refuse(`${missing} users are newer than embeddings run ${current.runId} (run graphrec train first)`);
  return { runId: current.runId, vectors, dims: current.dimension };
}

export function segmentCommand(openDb: () => GraphDb): Command {
  return new Command('segment')
    .description('segment customers with Louvain, describe the segments and write them to Neo4j as a new served run')
    .option('--resolution <r>', `Louvain resolution, higher: more, smaller segments (default ${PROJECTION_RESOLUTION} on the projection and combined, ${EMBEDDINGS_RESOLUTION} on embeddings alone)`, (v) => parseResolution(v))
    .option('--seed <n>', 'random seed', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--min-size <n>', 'segments smaller than this are merged into their closest neighbour', (v) => parsePositiveInt(v, '--min-size'))
    .option('--level <level>', 'dendrogram level: coarse, fine or a number', (v) => String(parseLevel(v)), 'coarse')
    .addOption(
      new Option('--graph <graph>', 'what to segment: the user–product projection plus the kNN graph of the current embeddings (combined), either alone, or auto (combined when embeddings cover every user)')
        .choices(['auto', 'combined', 'embeddings', 'projection'])
        .default('auto'),
    )
    .option('--knn-k <n>', `neighbours per user in the embeddings kNN graph (default ${EMBEDDINGS_KNN_K})`, (v) => parsePositiveInt(v, '--knn-k'))
    .option('--keep-runs <n>', 'complete segment runs to keep', (v) => parsePositiveInt(v, '--keep-runs'), 3)
    .option('--json', 'print the run as JSON')
    .action((options: SegmentCommandOptions) => withDb(openDb, (db) => runSegment(db, options)));
}
