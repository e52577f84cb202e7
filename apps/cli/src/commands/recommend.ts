import { GraphDb } from '@graphrec/neo4j';
import { WritebackError } from '@graphrec/writeback';
import { recommendForUser, relatedItems, ScoredItem } from '@graphrec/serving';
import { Command } from 'commander';
import { withDb } from '../with-db';
import { parsePositiveInt } from './ingest';

export interface RecommendCommandOptions {
  user?: string;
  product?: string;
  k: number;
  explain?: boolean;
  category?: string[];
  includeOwned?: boolean;
  json?: boolean;
}

function printItems(items: ScoredItem[], explain: boolean): void {
  for (const item of items) {
    process.stdout.write(`${String(item.rank).padStart(3)}. ${item.name} (${item.productId})  score ${item.score.toFixed(3)}\n`);
    if (explain) process.stdout.write(`     ${item.explanation}\n`);
  }
}

/** Reads what serving reads (the current embeddings run), so the CLI and the API always agree. */
export async function runRecommend(db: GraphDb, options: RecommendCommandOptions): Promise<number> {
  if (Boolean(options.user) === Boolean(options.product)) {
    process.stderr.write('graphrec recommend: give exactly one of --user ID or --product ID\n');
    return 2;
  }
  try {
    if (options.user) {
      const answer = await recommendForUser(db, options.user, options.k, {
        categories: options.category,
        excludeOwned: !options.includeOwned,
        excludePurchased: !options.includeOwned,
      });
      if (options.json) process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
      else {
        process.stdout.write(`recommendations for user ${answer.userId} (run ${answer.runId ?? 'none'}, strategy ${answer.strategy})\n`);
        printItems(answer.items, options.explain ?? false);
      }
    } else {
      const answer = await relatedItems(db, options.product!, options.k, { categories: options.category });
      if (options.json) process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
      else {
        process.stdout.write(`related to product ${answer.productId} (run ${answer.runId ?? 'none: run graphrec train'})\n`);
        printItems(answer.items, options.explain ?? false);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof WritebackError) {
      process.stderr.write(`graphrec recommend: ${error.message}\n`);
      return error.code === 'NOT_FOUND' ? 3 : 2;
    }
    throw error;
  }
}

export function recommendCommand(openDb: () => GraphDb): Command {
  return new Command('recommend')
    .description('recommendations for a user, or related items for a product, from the current embeddings run')
    .option('--user <id>', 'recommend products to this user')
    .option('--product <id>', 'products related to this product')
    .option('--k <n>', 'how many (1-100)', (v) => parsePositiveInt(v, '--k'), 10)
    .option('--category <category...>', 'only products of these categories')
    .option('--include-owned', 'keep products the user already owns or bought')
    .option('--explain', 'say why, from the graph')
    .option('--json', 'print the answer as JSON')
    .action((options: RecommendCommandOptions) => withDb(openDb, (db) => runRecommend(db, options)));
}
