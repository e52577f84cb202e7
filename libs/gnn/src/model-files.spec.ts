import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTf } from './backend';
import { embedAll } from './infer';
import { loadModel, saveModel } from './model-files';
import { trainGraphSage } from './trainer';
import { plantedGraph } from './testing';

describe('model files', () => {
  beforeAll(async () => {
    await initTf('wasm');
  });

  it('save → load gives the same embeddings, config and metrics', async () => {
    const { graph } = plantedGraph(2, 10, 6, 3, 2);
    const model = await trainGraphSage(graph, { layers: 2, fanouts: [3, 3], hiddenDim: 8, outputDim: 8, idEmbeddingDim: 4, batchSize: 32, negatives: 8, epochs: 2, validationShare: 0, aggregator: 'pool' });
    const dir = join(mkdtempSync(join(tmpdir(), 'gnn-model-')), 'm');
    saveModel(dir, model);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = loadModel(dir);
    expect(loaded.config).toEqual(model.config);
    expect(loaded.encoders).toEqual(model.encoders);
    expect(Number.isNaN(loaded.metrics.bestValidation)).toBe(true);
    expect(loaded.metrics.backend).toBe('wasm');
    const a = embedAll(model, graph);
    const b = embedAll(loaded, graph);
    expect(Array.from(b.User)).toEqual(Array.from(a.User));
    expect(Array.from(b.Product)).toEqual(Array.from(a.Product));
  });
});
