import { GraphDb, appliedSchemaVersion, cypher, describeTarget, migrate } from '@graphrec/neo4j';
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

export function statusCommand(openDb: () => GraphDb): Command {
  return new Command('status')
    .description('show the database in use, the applied schema version and what the graph holds')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) =>
      withDb(openDb, async (db) => {
        await db.verify();
        // A status report only reads: the schema is applied by the commands that write.
        const report = { neo4j: describeTarget(db.config), schemaVersion: await appliedSchemaVersion(db), ...(await graphCounts(db)) };
        process.stdout.write(
          options.json ? JSON.stringify(report, null, 2) + '\n' : Object.entries(report).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n',
        );
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
