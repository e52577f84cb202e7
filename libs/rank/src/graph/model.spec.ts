import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Booster, DMatrix } from '../xgboost';
import { buildState, userAttributes, userInputFromView } from './build';
import { featureRows, graphFeatureNames } from './features';
import { GraphRanker, hasGraphRanker, MANIFEST_FILE, readGraphRankerManifest, saveGraphRanker } from './model';
import type { GraphRankerModel } from './train';
import { TINY_CATALOG, tinyGraph } from './testing';
import { viewAt } from './view';

describe('graph ranker model files', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'rank-graph-model-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips booster, feature names and state (NaN included): the loaded model scores the same', async () => {
    const graph = tinyGraph();
    const view = viewAt(graph);
    const state = await buildState(view, { catalog: TINY_CATALOG });
    const names = graphFeatureNames(state);
    const attributes = userAttributes(view);
    const inputs = [0, 1, 2, 3].map((u) => userInputFromView(view, state, attributes, u));
    // A few trees on the four users' rows (labels: the products each holds), enough to give distinct scores.
    const x = new Float32Array(inputs.flatMap((i) => Array.from(featureRows(state, i, names))));
    const y = Float32Array.from(inputs.flatMap((i) => [0, 1, 2, 3].map((p) => (i.held.includes(p) ? 1 : 0))));
    const d = DMatrix.fromDense(x, 16, names.length).setLabels(y).setGroups([4, 4, 4, 4]);
    const { booster } = Booster.train({ objective: 'rank:ndcg', min_child_weight: 0, max_depth: 2, nthread: 1, seed: 1 }, d, { rounds: 5 });
    d.free();
    const model: GraphRankerModel = {
      booster,
      state,
      featureNames: names,
      params: { objective: 'rank:ndcg' },
      report: {} as GraphRankerModel['report'],
    };
    saveGraphRanker(join(dir, 'run-1', 'ranker'), model, { embeddingsRun: 'run-1' });
    expect(hasGraphRanker(join(dir, 'run-1', 'ranker'))).toBe(true);
    expect(readFileSync(join(dir, 'run-1', 'ranker', MANIFEST_FILE), 'utf8')).toContain('"NaN"');

    const loaded = GraphRanker.load(join(dir, 'run-1', 'ranker'));
    expect(loaded.featureNames).toEqual(names);
    expect(loaded.state.products.ageDays[3]).toBeNaN();
    expect(loaded.state).toEqual(state);
    expect(loaded.manifest?.trainedWith).toEqual({ embeddingsRun: 'run-1' });
    const fresh = GraphRanker.fromModel(model);
    for (const input of inputs) expect(Array.from(loaded.scoreAll(input))).toEqual(Array.from(fresh.scoreAll(input)));

    // Contributions sum to the margin scoreAll gives (bias excluded from the list, so compare with it added back).
    const [explained] = loaded.explain(inputs[0], [2]);
    expect(explained.score).toBeCloseTo(loaded.scoreAll(inputs[0])[2], 5);
    // The vector (what serving reads) holds the very numbers of the per-feature objects.
    expect(explained.contributions.map((c) => c.feature)).toEqual([...explained.vector.names]);
    expect(explained.contributions.map((c) => c.value)).toEqual(Array.from(explained.vector.values));
    expect(explained.vector.values).toHaveLength(names.length);

    // Many users in one prediction give each user's own floats (the answer cache's warm-up relies on
    // it): checked against the original booster predicting each user's rows alone (scoreAll is
    // scoreMany of one, so comparing the two would prove nothing), and the users differ.
    const many = loaded.scoreMany(inputs);
    expect(many).toHaveLength(inputs.length);
    inputs.forEach((input, u) => {
      const alone = DMatrix.fromDense(featureRows(state, input, names), 4, names.length);
      expect(Array.from(many[u])).toEqual(Array.from(booster.predictMargin(alone)));
      alone.free();
    });
    expect(new Set(many.map((m) => Array.from(m).join(','))).size).toBeGreaterThan(1);
    const requests = [
      { input: inputs[0], products: [2, 0] },
      { input: inputs[1], products: [] },
      { input: inputs[3], products: [1, 3, 2] },
    ];
    const explainedMany = loaded.explainMany(requests);
    requests.forEach((r, i) => expect(explainedMany[i]).toEqual(loaded.explain(r.input, r.products)));
    expect(explainedMany[1]).toEqual([]);
    // Features and margins computed once by the caller (the batch export) give the same answers.
    const reused = loaded.explainMany(requests.map((r) => ({ ...r, features: loaded.features(r.input), margins: loaded.scoreAll(r.input) })));
    expect(reused).toEqual(explainedMany);
    expect(loaded.scoreMany(inputs, inputs.map((input) => loaded.features(input)))).toEqual(many);
    loaded.free();
    booster.free();
  });

  it('refuses a manifest whose features are not what its state gives', async () => {
    const target = join(dir, 'run-1', 'ranker');
    const manifest = JSON.parse(readFileSync(join(target, MANIFEST_FILE), 'utf8'));
    manifest.featureNames = manifest.featureNames.slice(1);
    const bad = join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, MANIFEST_FILE), JSON.stringify(manifest));
    expect(() => readGraphRankerManifest(bad)).toThrow(/are not what its state gives/);
  });
});
