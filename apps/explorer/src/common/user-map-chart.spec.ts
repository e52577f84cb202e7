import { MAP_SIZE, userMapScene } from './user-map-chart';
import type { UserMap } from './types';

const map = (points: UserMap['points'], extra: Partial<UserMap> = {}): UserMap => ({
  embeddingRunId: 'emb-1', segmentRunId: 'seg-1', population: 100, sampled: points.length, explained: [0.6, 0.3], separation: 0.55, points, ...extra,
});

describe('user map scene', () => {
  it('keeps every dot inside the square, one scale for both axes, y up', () => {
    const scene = userMapScene(map([
      { userId: 'U1', segmentId: 'S1', x: -10, y: 0 },
      { userId: 'U2', segmentId: 'S1', x: 10, y: 0 },
      { userId: 'U3', segmentId: 'S2', x: 0, y: 5 },
    ]), () => undefined);
    for (const d of scene.dots) {
      expect(d.cx).toBeGreaterThanOrEqual(0);
      expect(d.cx).toBeLessThanOrEqual(MAP_SIZE);
      expect(d.cy).toBeGreaterThanOrEqual(0);
      expect(d.cy).toBeLessThanOrEqual(MAP_SIZE);
    }
    const [a, b, c] = scene.dots;
    // 20 units of x span the square less padding; 5 units of y are a quarter of that, upwards.
    expect(b.cx - a.cx).toBeCloseTo(MAP_SIZE - 24, 9);
    expect(a.cy - c.cy).toBeCloseTo((MAP_SIZE - 24) / 4, 9);
  });

  it('legend: biggest segment first with its label and count, users without a segment last', () => {
    const scene = userMapScene(map([
      { userId: 'U1', segmentId: null, x: 0, y: 0 },
      { userId: 'U2', segmentId: 'S2', x: 1, y: 0 },
      { userId: 'U3', segmentId: 'S1', x: 2, y: 0 },
      { userId: 'U4', segmentId: 'S2', x: 3, y: 0 },
    ]), (id) => (id === 'S2' ? 'Camera owners' : undefined));
    expect(scene.legend).toEqual([
      { segmentId: 'S2', label: 'Camera owners (S2)', count: 2 },
      { segmentId: 'S1', label: 'S1 (S1)', count: 1 },
      { segmentId: null, label: 'No segment', count: 1 },
    ]);
  });

  it('summary says how many, how much the axes hold and whether segments separate', () => {
    expect(userMapScene(map([{ userId: 'U1', segmentId: 'S1', x: 0, y: 0 }]), () => undefined).summary).toBe(
      "1 of 100 users, drawn at random, placed by their embeddings (run emb-1). The two axes hold 60% and 30% of the sample's variance. 55% of the map's variance lies between segments (they separate well).",
    );
    expect(userMapScene(map([], { sampled: 0 }), () => undefined).summary).toMatch(/No user has an embedding yet/);
    expect(userMapScene(map([{ userId: 'U1', segmentId: 'S1', x: 0, y: 0 }], { separation: 0.1 }), () => undefined).summary).toMatch(/they overlap/);
  });

  it('a single point sits in the middle', () => {
    const [d] = userMapScene(map([{ userId: 'U1', segmentId: 'S1', x: 3, y: 3 }]), () => undefined).dots;
    expect(d.cx).toBeGreaterThan(0);
    expect(d.cx).toBeLessThan(MAP_SIZE);
  });
});
