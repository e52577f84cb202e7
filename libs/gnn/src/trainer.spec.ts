import { initTf } from './backend';
import { embedAll } from './infer';
import { StepProfiler, trainGraphSage } from './trainer';
import type { EpochReport } from './trainer';
import type { TrainedModel } from './options';
import { nearest, plantedGraph, row } from './testing';

const SMALL = { layers: 2, fanouts: [4, 3], hiddenDim: 16, outputDim: 16, idEmbeddingDim: 8, batchSize: 64, negatives: 16, epochs: 12, patience: 0, validationShare: 0, learningRate: 0.02, seed: 3 };

describe('trainGraphSage on a planted two-group graph', () => {
  const planted = plantedGraph(2, 20, 10, 5, 1);
  let model: TrainedModel;
  const reports: EpochReport[] = [];

  beforeAll(async () => {
    await initTf('wasm');
    model = await trainGraphSage(planted.graph, SMALL, { onEpoch: (r) => reports.push(r) });
  });

  it("puts each user's nearest product in the user's own group", () => {
    const e = embedAll(model, planted.graph);
    let right = 0;
    for (let u = 0; u < planted.graph.nodes.User.size; u++) {
      if (planted.productGroup[nearest(row(e.User, e.dimension, u), e.Product, e.dimension)] === planted.userGroup[u]) right++;
    }
    expect(right).toBe(planted.graph.nodes.User.size);
  });

  it('reports every epoch, a falling loss and the backend', () => {
    expect(reports.map((r) => r.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(reports[11].loss).toBeLessThan(reports[0].loss);
    expect(model.metrics.backend).toBe('wasm');
    expect(model.metrics.epochs).toBe(12);
  });

  it('gives the same embeddings for the same seed, others for another', async () => {
    const options = { ...SMALL, epochs: 2 };
    const a = embedAll(await trainGraphSage(planted.graph, options), planted.graph);
    const b = embedAll(await trainGraphSage(planted.graph, options), planted.graph);
    const c = embedAll(await trainGraphSage(planted.graph, { ...options, seed: 4 }), planted.graph);
    expect(Array.from(a.User)).toEqual(Array.from(b.User));
    expect(Array.from(a.User)).not.toEqual(Array.from(c.User));
  });

  it('stops early on held-out edges and keeps the best epoch', async () => {
    const m = await trainGraphSage(planted.graph, { ...SMALL, epochs: 30, validationShare: 0.2, patience: 2, validationK: 5 });
    expect(m.metrics.validationEdges).toBeGreaterThan(0);
    expect(m.metrics.bestValidation).toBeGreaterThan(0.3);
    expect(m.metrics.bestValidation).toBe(Math.max(...m.metrics.validationHistory));
    expect(m.metrics.epochs).toBeLessThanOrEqual(30);
    expect(m.metrics.epochs - m.metrics.bestEpoch).toBeLessThanOrEqual(2);
  });

  it('refits on every edge for the best epoch count when asked', async () => {
    const options = { ...SMALL, epochs: 8, validationShare: 0.2, patience: 2, validationK: 5 };
    const first = await trainGraphSage(planted.graph, options);
    const refit = await trainGraphSage(planted.graph, { ...options, refit: true });
    expect(refit.metrics.validationHistory).toEqual(first.metrics.validationHistory);
    expect(refit.metrics.bestEpoch).toBe(first.metrics.bestEpoch);
    expect(refit.metrics.trainEdges).toBe(planted.graph.relations.interacted.out.targets.length);
    expect(refit.metrics.trainEdges).toBeGreaterThan(first.metrics.trainEdges);
    expect(Array.from(refit.weights['id.User'].values)).not.toEqual(Array.from(first.weights['id.User'].values));
  });

  it('learns with a decaying learning rate and with an item bias', async () => {
    const m = await trainGraphSage(planted.graph, { ...SMALL, epochs: 4, learningRateDecay: 0.8, itemBias: true });
    expect(m.metrics.lossHistory[3]).toBeLessThan(m.metrics.lossHistory[0]);
    const bias = m.weights['score.Product.bias'];
    expect(bias.shape).toEqual([planted.graph.nodes.Product.size]);
    expect(bias.values.some((v) => v !== 0)).toBe(true);
  });

  it('bounds the edges of an epoch and of the whole training (epochEdges, maxTrainEdges)', async () => {
    const edges = planted.graph.relations.interacted.out.targets.length;
    const batchSize = 16;
    expect(edges).toBeGreaterThan(4 * batchSize);
    // One step (16 edges) an epoch, 4 steps in all: 4 epochs although 12 are allowed.
    const bounded = await trainGraphSage(planted.graph, { ...SMALL, batchSize, epochEdges: batchSize, maxTrainEdges: 4 * batchSize });
    expect(bounded.metrics.steps).toBe(4);
    expect(bounded.metrics.epochs).toBe(4);
    expect(bounded.metrics.lossHistory).toHaveLength(4);
    // Half the edges an epoch over twice the epochs walks the same permutation: it still separates the groups.
    const halves = await trainGraphSage(planted.graph, { ...SMALL, epochs: 24, epochEdges: Math.ceil(edges / 2), maxTrainEdges: 0 });
    expect(halves.metrics.steps).toBe(24 * Math.ceil(Math.ceil(edges / 2) / SMALL.batchSize));
    const e = embedAll(halves, planted.graph);
    let right = 0;
    for (let u = 0; u < planted.graph.nodes.User.size; u++) {
      if (planted.productGroup[nearest(row(e.User, e.dimension, u), e.Product, e.dimension)] === planted.userGroup[u]) right++;
    }
    expect(right).toBe(planted.graph.nodes.User.size);
    // Unbounded (0): every edge each epoch, as before the bounds existed.
    const all = await trainGraphSage(planted.graph, { ...SMALL, epochs: 2, epochEdges: 0, maxTrainEdges: 0 });
    expect(all.metrics.steps).toBe(2 * Math.ceil(edges / SMALL.batchSize));
  });

  it('rejects a negative or fractional edge bound', async () => {
    await expect(trainGraphSage(planted.graph, { ...SMALL, patienceEdges: -1 })).rejects.toThrow(/patienceEdges/);
    await expect(trainGraphSage(planted.graph, { ...SMALL, epochEdges: -1 })).rejects.toThrow(/epochEdges/);
    await expect(trainGraphSage(planted.graph, { ...SMALL, maxTrainEdges: 1.5 })).rejects.toThrow(/maxTrainEdges/);
  });

  it('stops once patienceEdges edges after the best check brought no better one, never skipping a check', async () => {
    const options = { ...SMALL, epochs: 20, validationShare: 0.2, patience: 0, validationK: 5 };
    const free = await trainGraphSage(planted.graph, { ...options, patienceEdges: 0 });
    expect(free.metrics.epochs).toBe(20);
    const edgesPerEpoch = (free.metrics.steps / 20) * SMALL.batchSize;
    // The rule replayed on the free run's checks: stop at the first epoch two epochs past the best so far.
    const history = free.metrics.validationHistory;
    let expected = history.length;
    for (let e = 0, best = -Infinity, bestAt = 0; e < history.length; e++) {
      if (history[e] > best) [best, bestAt] = [history[e], e];
      if (e - bestAt >= 2) {
        expected = e + 1;
        break;
      }
    }
    expect(expected).toBeLessThan(20); // the planted graph saturates early: the rule has something to cut
    const bounded = await trainGraphSage(planted.graph, { ...options, patienceEdges: 2 * edgesPerEpoch });
    expect(bounded.metrics.epochs).toBe(expected);
    expect(bounded.metrics.validationHistory).toEqual(history.slice(0, expected));
    expect(bounded.metrics.bestValidation).toBe(Math.max(...history.slice(0, expected)));
  });

  it('checks validation within an epoch every validationSteps steps and keeps the best step', async () => {
    const options = { ...SMALL, batchSize: 16, epochs: 3, validationShare: 0.2, patience: 0, validationK: 5 };
    const perEpoch = await trainGraphSage(planted.graph, { ...options, validationSteps: 0 });
    const steps = perEpoch.metrics.steps / 3;
    expect(steps).toBeGreaterThan(2);
    expect(perEpoch.metrics.validationHistory).toHaveLength(3);
    const within = await trainGraphSage(planted.graph, { ...options, validationSteps: 2 });
    expect(within.metrics.validationHistory).toHaveLength(3 * (Math.ceil(steps / 2) - 1) + 3);
    expect(within.metrics.bestValidation).toBe(Math.max(...within.metrics.validationHistory));
    expect(within.metrics.bestStep).toBeGreaterThan(0);
    expect(within.metrics.bestStep).toBeLessThanOrEqual(within.metrics.steps);
  });

});

describe('StepProfiler', () => {
  it('sums seconds per phase when enabled, and nothing when not', () => {
    const on = new StepProfiler(true);
    for (let i = 0; i < 2; i++) {
      on.start();
      on.phase('a');
      on.phase('b');
    }
    expect(Object.keys(on.totals()).sort()).toEqual(['a', 'b']);
    expect(Object.values(on.totals()).every((s) => s >= 0)).toBe(true);
    const off = new StepProfiler(false);
    off.start();
    off.phase('a');
    expect(off.totals()).toEqual({});
  });
});
