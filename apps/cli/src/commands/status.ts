import { GraphDb, appliedSchemaVersion, cypher, describeTarget, migrate } from '@graphrec/neo4j';
import { currentRun, RUN_KINDS, RunInfo } from '@graphrec/writeback';
import { Command } from 'commander';
import { withDb } from '../with-db';

export interface GraphCounts {
  users: number;
  products: number;
  devices: number;
  events: number;
  ownerships: number;
  stubUsers: number;
}

export async function graphCounts(db: GraphDb): Promise<GraphCounts> {
  const [row] = await db.read<GraphCounts & Record<string, number>>(cypher('status/graph-counts'));
  return row;
}

/** A served run as status shows it: what serves, since when, and the figures that say how good. */
export interface ServedRun {
  kind: string;
  id: string;
  /** When it became the served one (completed). */
  servedSince: string;
  metrics: Record<string, number | string>;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The few metrics worth a line, per kind; a run written by an older version may lack some. */
export function keyMetrics(run: Pick<RunInfo, 'kind' | 'metrics'>): Record<string, number | string> {
  const m = (run.metrics ?? {}) as Record<string, unknown>;
  const out: Record<string, number | string> = {};
  const put = (name: string, value: unknown) => {
    if (num(value) !== undefined || typeof value === 'string') out[name] = value as number | string;
  };
  if (run.kind === 'embeddings') {
    const nodes = (m.nodes ?? {}) as Record<string, unknown>;
    put('users', nodes.User);
    put('products', nodes.Product);
    put('epochs', m.epochs);
    if (typeof m.validationMetric === 'string' && num(m.bestValidation) !== undefined) out[`validation ${m.validationMetric}`] = Number((m.bestValidation as number).toFixed(4));
  } else {
    put('users', m.users);
    put('segments', m.segments);
    if (num(m.modularity) !== undefined) out.modularity = Number((m.modularity as number).toFixed(4));
  }
  return out;
}

export async function servedRuns(db: GraphDb): Promise<ServedRun[]> {
  const runs: ServedRun[] = [];
  for (const kind of RUN_KINDS) {
    const run = await currentRun(db, kind);
    if (run) runs.push({ kind, id: run.id, servedSince: run.finishedAt ?? run.startedAt, metrics: keyMetrics(run) });
  }
  return runs;
}

export function formatServedRun(run: ServedRun): string {
  const figures = Object.entries(run.metrics).map(([k, v]) => `${k} ${v}`).join(', ');
  return `  ${run.kind.padEnd(10)} ${run.id}  since ${run.servedSince}${figures ? `  (${figures})` : ''}`;
}

export function statusCommand(openDb: () => GraphDb): Command {
  return new Command('status')
    .description('show the database in use, the applied schema version, what the graph holds and the served runs')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) =>
      withDb(openDb, async (db) => {
        await db.verify();
        // A status report only reads: the schema is applied by the commands that write.
        const report = { neo4j: describeTarget(db.config), schemaVersion: await appliedSchemaVersion(db), ...(await graphCounts(db)) };
        const served = await servedRuns(db);
        if (options.json) {
          process.stdout.write(JSON.stringify({ ...report, servedRuns: served }, null, 2) + '\n');
          return;
        }
        const lines = Object.entries(report).map(([k, v]) => `${k}: ${v}`);
        lines.push(served.length ? 'served runs:' : 'served runs: none yet (graphrec train, graphrec segment)', ...served.map(formatServedRun));
        process.stdout.write(lines.join('\n') + '\n');
      }),
    );
}

export function schemaCommand(openDb: () => GraphDb): Command {
  return new Command('schema')
    .description('apply the Cypher schema (constraints, indexes) from cypher/schema; safe to repeat')
    .action(() =>
      withDb(openDb, async (db) => {
        await db.verify();
        const result = await migrate(db);
        process.stdout.write(`schema ${result.version}: applied ${result.applied.join(', ') || 'nothing'}; already applied ${result.skipped.length}\n`);
      }),
    );
}
