/**
 * A trained model's id-embedding tables are indexed by the *training* graph's node order, and a
 * projection sorts node ids: a node added later with an id that sorts in the middle (a product
 * "P-NEW" among "P-DOORBELL…" and "P-SIREN…") shifts every node after it, so reading the table by
 * the new graph's indices would give those nodes their neighbours' rows. `alignModel` re-orders
 * the id tables (and the per-product score bias) to a later graph by node id, a node unknown at
 * training time getting the table's mean row (docs/gnn.md, "New nodes"). Pure.
 */
import type { HeteroGraph, ProjectedLabel } from '@graphrec/projection';
import { meanRow } from './model';
import type { TrainedModel, WeightArray } from './options';
import { weightName } from './options';

/** The training graph's node ids per label, in its order (saved beside the model: model-files.ts). */
export type NodeIds = Record<ProjectedLabel, readonly string[]>;

export interface Alignment {
  model: TrainedModel;
  /** Nodes of the later graph found in the training graph, per label. */
  known: Record<ProjectedLabel, number>;
  /** Nodes new since training, per label (they take the mean row). */
  added: Record<ProjectedLabel, number>;
}

function reorderRows(table: WeightArray, trainingIndexOf: Map<string, number>, ids: readonly string[], fallback: Float32Array): WeightArray {
  const [, d] = table.shape;
  const values = new Float32Array(ids.length * d);
  ids.forEach((id, i) => {
    const t = trainingIndexOf.get(id);
    values.set(t === undefined ? fallback : table.values.subarray(t * d, (t + 1) * d), i * d);
  });
  return { shape: [ids.length, d], values };
}

export function alignModel(model: TrainedModel, trainingIds: NodeIds, graph: HeteroGraph): Alignment {
  const weights: Record<string, WeightArray> = { ...model.weights };
  const idRows = { ...model.config.idRows };
  const known = { User: 0, Product: 0, Device: 0 } as Record<ProjectedLabel, number>;
  const added = { User: 0, Product: 0, Device: 0 } as Record<ProjectedLabel, number>;
  for (const label of model.config.labels) {
    const training = trainingIds[label] ?? [];
    if (training.length !== model.config.idRows[label]) {
      throw new Error(`${label}: ${training.length} saved ids for an id table of ${model.config.idRows[label]} rows: the ids are not this model's`);
    }
    const indexOf = new Map(training.map((id, i) => [id, i]));
    const ids = graph.nodes[label].ids;
    for (const id of ids) (indexOf.has(id) ? known : added)[label]++;
    idRows[label] = ids.length;
    const name = weightName.id(label);
    const table = model.weights[name];
    if (table) weights[name] = reorderRows(table, indexOf, ids, meanRow(table));
    if (label === 'Product' && model.weights[weightName.itemBias()]) {
      const bias = model.weights[weightName.itemBias()];
      const mean = bias.values.length ? bias.values.reduce((a, b) => a + b, 0) / bias.values.length : 0;
      weights[weightName.itemBias()] = reorderRows({ shape: [bias.values.length, 1], values: bias.values }, indexOf, ids, Float32Array.of(mean));
      weights[weightName.itemBias()] = { shape: [ids.length], values: weights[weightName.itemBias()].values };
    }
  }
  return { model: { ...model, config: { ...model.config, idRows }, weights }, known, added };
}
