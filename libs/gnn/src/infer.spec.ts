import { initTf } from './backend';
import { embedAll, embedNodes } from './infer';
import { trainGraphSage } from './trainer';
import type { TrainedModel } from './options';
import { plantedGraph, row } from './testing';

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

describe('inference', () => {
  const planted = plantedGraph(2, 20, 10, 5, 1);
  let model: TrainedModel;

  beforeAll(async () => {
    await initTf('wasm');
    model = await trainGraphSage(planted.graph, { layers: 2, fanouts: [4, 3], hiddenDim: 16, outputDim: 16, idEmbeddingDim: 8, batchSize: 64, negatives: 16, epochs: 12, patience: 0, validationShare: 0, learningRate: 0.02, seed: 3 });
  });

  it('embedNodes agrees with embedAll', () => {
    const all = embedAll(model, planted.graph);
    const some = embedNodes(model, planted.graph, 'Product', Int32Array.from([7, 2, 7]));
    const d = all.dimension;
    for (const [i, p] of [7, 2, 7].entries()) {
      for (let c = 0; c < d; c++) expect(some[i * d + c]).toBeCloseTo(all.Product[p * d + c], 4);
    }
  });

  it('embedNodes agrees with embedAll for symmetric weights and summed layers too', async () => {
    const m = await trainGraphSage(planted.graph, { ...model.config.options, epochs: 2, neighbourNorm: 'symmetric', layerCombine: 'sum' });
    const all = embedAll(m, planted.graph);
    const some = embedNodes(m, planted.graph, 'User', Int32Array.from([3, 30]));
    const d = all.dimension;
    for (const [i, u] of [3, 30].entries()) {
      let norm = 0;
      for (let c = 0; c < d; c++) {
        expect(some[i * d + c]).toBeCloseTo(all.User[u * d + c], 4);
        norm += some[i * d + c] ** 2;
      }
      expect(norm).toBeCloseTo(1, 4);
    }
    // The summed layers differ from the last layer alone.
    const lastOnly = embedAll({ ...m, config: { ...m.config, options: { ...m.config.options, layerCombine: 'last' } } }, planted.graph);
    expect(Array.from(lastOnly.User.subarray(0, d))).not.toEqual(Array.from(all.User.subarray(0, d)));
  });

  it('embedNodes agrees with embedAll for light (LightGCN) propagation, which has no dense weights', async () => {
    const m = await trainGraphSage(planted.graph, { ...model.config.options, epochs: 2, propagation: 'light', neighbourNorm: 'symmetric', outputDim: 8 });
    expect(Object.keys(m.weights).every((n) => n.startsWith('id.'))).toBe(true);
    expect(m.config.options.idEmbeddingDim).toBe(8);
    const all = embedAll(m, planted.graph);
    expect(all.dimension).toBe(8);
    const some = embedNodes(m, planted.graph, 'Product', Int32Array.from([4, 1]));
    for (const [i, p] of [4, 1].entries()) {
      for (let c = 0; c < 8; c++) expect(some[i * 8 + c]).toBeCloseTo(all.Product[p * 8 + c], 4);
    }
  });

  it('embeds a user added after training from its neighbours (inductive)', () => {
    // The same planted graph (same seed) plus one user who engaged with group-0 products 0, 1, 2.
    const bigger = plantedGraph(2, 20, 10, 5, 1, [[0, 1, 2]]);
    const newUser = bigger.graph.nodes.User.size - 1;
    expect(newUser).toBe(planted.graph.nodes.User.size);
    const v = embedNodes(model, bigger.graph, 'User', Int32Array.from([newUser]));
    expect(v.every(Number.isFinite)).toBe(true);
    expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 4);
    const all = embedAll(model, bigger.graph);
    const d = all.dimension;
    const meanSimilarity = (group: number) => {
      let s = 0;
      let n = 0;
      for (let u = 0; u < newUser; u++) {
        if (bigger.userGroup[u] !== group) continue;
        s += dot(v, row(all.User, d, u));
        n++;
      }
      return s / n;
    };
    expect(meanSimilarity(0)).toBeGreaterThan(meanSimilarity(1) + 0.2);
    const productScore = (p: number) => dot(v, row(all.Product, d, p));
    expect(Math.min(productScore(0), productScore(1), productScore(2))).toBeGreaterThan(Math.max(...Array.from({ length: 10 }, (_, i) => productScore(10 + i))));
  });

  it('refuses a graph whose features differ from the model', () => {
    const other = plantedGraph(2, 5, 5, 2, 1);
    other.graph.features.User = { ...other.graph.features.User, columns: ['something'], cols: 1 };
    expect(() => embedAll(model, other.graph)).toThrow(/project the graph with the model's encoders/);
  });
});
