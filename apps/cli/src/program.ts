import { GraphDb, Neo4jUnavailableError } from '@graphrec/neo4j';
import { Command, CommanderError } from 'commander';
import { communitiesCommand } from './commands/communities';
import { evaluateCommand } from './commands/evaluate';
import { exportCommand } from './commands/export';
import { runCommand, runsCommand, flowExecutorCommand, schedulerCommand, workerCommand } from './commands/flows';
import { generateCommand } from './commands/generate';
import { holdoutCommand } from './commands/holdout';
import { ingestCommand } from './commands/ingest';
import { learnPolicyCommand } from './commands/learn-policy';
import { crmPolicyCommand } from './commands/crm-policy';
import { propensityCommand } from './commands/propensity';
import { opeCommand } from './commands/ope';
import { pipelineCommand } from './commands/pipeline';
import { recommendCommand } from './commands/recommend';
import { segmentCommand } from './commands/segment';
import { sessionsCommand } from './commands/sessions';
import { simulateCommand } from './commands/simulate';
import { schemaCommand, statusCommand } from './commands/status';
import { trainCommand } from './commands/train';
import { incrementalCommand } from './commands/incremental';
import { trainRankerCommand } from './commands/train-ranker';
import { trainPropensityCommand } from './commands/train-propensity';
import { trainSequenceCommand } from './commands/train-sequence';
import { parseBackend, parseResolution, parseSeed } from './options';

/**
 * One meaning per option name, whichever command declares it: `--seed`, `--resolution` and
 * `--backend` are parsed by the shared parsers of options.ts in every command, so a command that
 * forgets (or predates) them still rejects `--seed -1` or `--backend gpu` as unusable input (exit 2)
 * before any work starts, instead of failing later with exit 1.
 */
const SHARED_PARSERS: Record<string, (value: string) => unknown> = {
  '--seed': (v) => parseSeed(v),
  '--resolution': (v) => parseResolution(v),
  '--backend': (v) => parseBackend(v),
};

export function applySharedParsers(command: Command): Command {
  for (const option of command.options) {
    const parse = option.long === undefined ? undefined : SHARED_PARSERS[option.long];
    if (parse) option.argParser(parse);
  }
  command.commands.forEach(applySharedParsers);
  return command;
}

export function buildProgram(openDb: () => GraphDb = () => new GraphDb()): Command {
  const program = new Command('graphrec')
    .description('graph-based recommendations for connected-home products (Neo4j, GraphSAGE, Louvain)')
    .version('0.1.0')
    .showHelpAfterError()
    .addCommand(ingestCommand(openDb))
    .addCommand(generateCommand())
    .addCommand(schemaCommand(openDb))
    .addCommand(statusCommand(openDb))
    .addCommand(trainCommand(openDb))
    .addCommand(trainRankerCommand(openDb))
    .addCommand(trainPropensityCommand(openDb))
    .addCommand(trainSequenceCommand(openDb))
    .addCommand(incrementalCommand(openDb))
    .addCommand(segmentCommand(openDb))
    .addCommand(recommendCommand(openDb))
    .addCommand(exportCommand(openDb))
    .addCommand(pipelineCommand(openDb))
    .addCommand(communitiesCommand())
    .addCommand(evaluateCommand())
    .addCommand(holdoutCommand())
    .addCommand(simulateCommand())
    .addCommand(opeCommand())
    .addCommand(learnPolicyCommand())
    .addCommand(crmPolicyCommand())
    .addCommand(runCommand(openDb))
    .addCommand(workerCommand(openDb))
    .addCommand(runsCommand(openDb))
    .addCommand(schedulerCommand(openDb))
    .addCommand(flowExecutorCommand(openDb), { hidden: true })
    .addCommand(propensityCommand())
    .addCommand(sessionsCommand());
  return applySharedParsers(program);
}

/**
 * Parses and runs; returns the exit code (README): 0 success, 1 an unexpected error or nothing
 * loaded, 2 unusable input (bad option, missing file, unknown id), 3 Neo4j unreachable.
 * Expected failures print one clear line, not a stack.
 */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  // addCommand() does not pass exitOverride on: without this, a subcommand's usage error (e.g.
  // `recommend --k 0`) made commander call process.exit(1) itself, before any mapping below.
  const override = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // Commander has printed its message (unknown option, invalid value, missing argument). Its
    // own exit code is 1 for all of them, which the README reserves for unexpected errors: a
    // usage error is unusable input (2). --help and --version keep their 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof Neo4jUnavailableError) {
      process.stderr.write(`graphrec: ${error.message}\n`);
      return 3;
    }
    throw error;
  }
}
