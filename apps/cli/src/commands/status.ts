import { GraphDb, cypher, describeTarget, migrate } from '@graphrec/neo4j';
import { Command } from 'commander';

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
    .description('show the database in use, the schema version and what the graph holds')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const db = openDb();
      try {
        await db.verify();
        const schema = await migrate(db);
        const counts = await graphCounts(db);
        const report = { neo4j: describeTarget(db.config), schemaVersion: schema.version, ...counts };
        process.stdout.write(
          options.json ? JSON.stringify(report, null, 2) + '\n' : Object.entries(report).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n',
        );
      } finally {
        await db.close();
      }
    });
}

export function schemaCommand(openDb: () => GraphDb): Command {
  return new Command('schema')
    .description('apply the Cypher schema (constraints, indexes) from cypher/schema; safe to repeat')
    .action(async () => {
      const db = openDb();
      try {
        await db.verify();
        const result = await migrate(db);
        process.stdout.write(`schema ${result.version}: applied ${result.applied.join(', ') || 'nothing'}; already applied ${result.skipped.length}\n`);
      } finally {
        await db.close();
      }
    });
}
