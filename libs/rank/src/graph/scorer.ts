/**
 * The graph ranker offline: a holdout `Scorer` (libs/recommend/src/holdout.ts) over a projected
 * world, and the product catalogue (names, compatibility) read from a generated world's
 * products.csv, which the projection does not keep. Training here uses the projection only, so a
 * world's truth/holdout_purchases.csv stays unseen.
 */
import { ProductRecord } from '@graphrec/graph-model';
import { planSources } from '@graphrec/ingest';
import { HeteroGraph, projectFromFiles } from '@graphrec/projection';
import { join } from 'node:path';
import { Scorer, TopK } from '@graphrec/recommend';
import { CatalogInfo, GraphSideData, userAttributes, userInputFromView } from './build';
import { GraphRanker } from './model';
import { trainGraphRanker, GraphTrainOptions, GraphTrainReport } from './train';
import { viewAt } from './view';

/** Product id → name and compatibility from a products file (CSV or JSONL, ingest's reader and rules). */
export async function readCatalogFile(path: string): Promise<Map<string, CatalogInfo>> {
  const out = new Map<string, CatalogInfo>();
  for (const source of await planSources([path], 'native')) {
    if (source.kind !== 'products') continue;
    for await (const batch of source.read(await source.start())) {
      for (const item of batch) {
        const p = item.record as ProductRecord | undefined;
        if (p) out.set(p.id, { name: p.name, compatibleWith: p.compatible_with ?? [] });
      }
    }
  }
  return out;
}

/** Top-k by the ranker's score over every product not excluded (the holdout excludes held products). */
export function graphRankerScorer(graph: HeteroGraph, ranker: GraphRanker, k: number, side: GraphSideData = {}): Scorer {
  const view = viewAt(graph);
  const attributes = userAttributes(view);
  return (user, exclude) => {
    const scores = ranker.scoreAll(userInputFromView(view, ranker.state, attributes, user, side));
    const heap = new TopK(k);
    for (let p = 0; p < scores.length; p++) if (!exclude.has(p)) heap.push(p, scores[p]);
    return heap.result().items;
  };
}

/**
 * Trains on the projected world and returns its holdout scorer, for `graphrec evaluate-holdout`.
 * The graph must carry its event log (`projectFromFiles(files, 'native', { keepEvents: true })`).
 */
export async function trainGraphRankerScorer(
  graph: HeteroGraph,
  k: number,
  side: GraphSideData = {},
  options: GraphTrainOptions = {},
): Promise<{ scorer: Scorer; ranker: GraphRanker; report: GraphTrainReport }> {
  const model = await trainGraphRanker(graph, side, options);
  const ranker = GraphRanker.fromModel(model);
  return { scorer: graphRankerScorer(graph, ranker, k, side), ranker, report: model.report };
}

/**
 * `graphrec evaluate-holdout`'s entry for the ranker, given the world folder and the graph it
 * projected: trains on the files' projection only (the held-back purchases are not in them) and
 * returns the top-k scorer. A graph projected without its event log is projected again with it
 * from the same files (same ids, hence the same indexes).
 */
export async function graphRankerHoldoutScorer(worldDir: string, graph: HeteroGraph, k: number, seed = 42): Promise<Scorer> {
  const files = ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'].map((f) => join(worldDir, f));
  const withEvents = graph.events ? graph : await projectFromFiles(files, 'native', { keepEvents: true });
  const { scorer } = await trainGraphRankerScorer(withEvents, k, { catalog: await readCatalogFile(join(worldDir, 'products.csv')) }, { seed });
  return scorer;
}
