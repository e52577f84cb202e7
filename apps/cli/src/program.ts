import { GraphDb, Neo4jUnavailableError } from '@graphrec/neo4j';
import { Command, CommanderError } from 'commander';
import { communitiesCommand } from './commands/communities';
import { evaluateCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { generateCommand } from './commands/generate';
import { holdoutCommand } from './commands/holdout';
import { ingestCommand } from './commands/ingest';
import { pipelineCommand } from './commands/pipeline';
import { recommendCommand } from './commands/recommend';
import { segmentCommand } from './commands/segment';
import { schemaCommand, statusCommand } from './commands/status';
import { trainCommand } from './commands/train';
import { trainRankerCommand } from './commands/train-ranker';

export function buildProgram(openDb: () => GraphDb = () => new GraphDb()): Command {
  return new Command('graphrec')
    .description('graph-based recommendations for connected-home products (Neo4j, GraphSAGE, Louvain)')
    .version('0.1.0')
    .showHelpAfterError()
    .addCommand(ingestCommand(openDb))
    .addCommand(generateCommand())
    .addCommand(schemaCommand(openDb))
    .addCommand(statusCommand(openDb))
    .addCommand(trainCommand(openDb))
    .addCommand(trainRankerCommand(openDb))
    .addCommand(segmentCommand(openDb))
    .addCommand(recommendCommand(openDb))
    .addCommand(exportCommand(openDb))
    .addCommand(pipelineCommand(openDb))
    .addCommand(communitiesCommand())
    .addCommand(evaluateCommand())
    .addCommand(holdoutCommand());
}

/** Parses and runs; returns the exit code. Expected failures print one clear line, not a stack. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof Neo4jUnavailableError) {
      process.stderr.write(`graphrec: ${error.message}\n`);
      return 3;
    }
    throw error;
  }
}
