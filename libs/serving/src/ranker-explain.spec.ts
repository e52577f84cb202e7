import { emptyUserInput, RankerState } from '@graphrec/rank';
import { rankerEvidence, reasonGroups } from './ranker-explain';

// Products: 0 Chime (works with 1 or 2), 1 Video Doorbell Pro 2, 2 Battery Doorbell, 3 Plan.
const state = {
  products: {
    ids: ['p-chime', 'p-pro', 'p-battery', 'p-plan'],
    names: ['Chime', 'Video Doorbell Pro 2', 'Battery Video Doorbell Plus', 'Protection Plan Basic'],
    category: ['chime', 'video_doorbell', 'video_doorbell', 'protection_plan'],
    price: [29.99, 249.99, 149.99, 4.99],
    conversion: [0.34, 0.2, 0.2, 0.5],
    popularity: [0.2, 0.3, 0.3, 0.4],
    ageDays: [100, 100, 100, 100],
    compatibleWith: [[1, 2], [], [], [1, 2]],
  },
  // Holders: 40 of p-pro, 25 of them also hold the chime.
  generators: { cooc: [], ease: [], easeLambda: 1, heldBoth: [0, 25, 0, 0, 25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], holders: [30, 40, 10, 5] },
  segments: { s1: [0.5, 0.6, 0.1, 0.2] },
} as unknown as RankerState;

function user() {
  const input = emptyUserInput(4);
  input.held = [1];
  input.segment = 's1';
  return input;
}

describe('ranker explanations from contributions', () => {
  it('groups features into reasons, positive ones only, strongest first', () => {
    const groups = reasonGroups([
      { feature: 'cooc_score', value: 0.2 },
      { feature: 'co_share', value: 0.3 },
      { feature: 'compatible_held', value: 0.4 },
      { feature: 'pop_rank', value: -0.1 },
      { feature: 'user_devices', value: 5 },
    ]);
    expect(groups).toEqual([
      { key: 'co-engagement', value: expect.closeTo(0.5, 6) },
      { key: 'complement', value: 0.4 },
    ]);
  });

  it('the vector form (names and values, no object per feature) gives the same groups and sentences', () => {
    const list = [
      { feature: 'cooc_score', value: 0.2 },
      { feature: 'co_share', value: 0.3 },
      { feature: 'compatible_held', value: 0.6 },
      { feature: 'pop_rank', value: -0.1 },
      { feature: 'segment_lift', value: 0.45 },
    ];
    const vector = { names: list.map((c) => c.feature), values: Float32Array.from(list, (c) => c.value) };
    const fromList = reasonGroups(list.map((c, f) => ({ feature: c.feature, value: vector.values[f] })));
    expect(reasonGroups(vector)).toEqual(fromList);
    expect(fromList.map((g) => g.key)).toEqual(['complement', 'co-engagement', 'segment']);
    const ctx = { state, input: user(), owned: new Set([1]) };
    expect(rankerEvidence(0, vector, ctx)).toEqual(rankerEvidence(0, list.map((c, f) => ({ feature: c.feature, value: vector.values[f] })), ctx));
  });

  it('says which owned base an accessory extends, and the co-holding share with its counts', () => {
    const evidence = rankerEvidence(0, [{ feature: 'compatible_held', value: 1 }, { feature: 'co_share', value: 0.5 }], { state, input: user(), owned: new Set([1]) });
    expect(evidence.map((e) => e.text)).toEqual(['owns Video Doorbell Pro 2, which it extends', 'owns Video Doorbell Pro 2; 63% of its owners also have Chime']);
    expect(evidence[1]).toMatchObject({ kind: 'owns', productId: 'p-pro', share: 0.625, count: 25 });
  });

  it('segment popularity, substitutes and cold reasons read as sentences', () => {
    const ctx = { state, input: user(), owned: new Set([1]) };
    expect(rankerEvidence(2, [{ feature: 'segment_lift', value: 1 }], ctx)[0].text).toBe('popular in your segment (10% of its customers have it)');
    expect(rankerEvidence(2, [{ feature: 'substitute', value: 1 }], ctx)[0]).toMatchObject({ kind: 'substitute', text: 'customers with a Video Doorbell Pro 2 often add another video doorbell' });
    // No positive reason: still one sentence, never an empty explanation.
    expect(rankerEvidence(3, [{ feature: 'pop_rank', value: -1 }], ctx)).toEqual([{ kind: 'popular', text: "ranked by the model's overall pattern for protection plan products" }]);
  });

  it('a share below the minimum support is not quoted as a percentage', () => {
    const few = { ...state, generators: { ...state.generators, heldBoth: state.generators.heldBoth.map((v) => (v ? 2 : 0)) } } as RankerState;
    const [e] = rankerEvidence(0, [{ feature: 'co_share', value: 1 }], { state: few, input: user(), owned: new Set([1]) });
    expect(e.text).toBe('customers with products like yours often have Chime');
  });
});
