import { buildUserMap, principalPlane, separation } from './user-map.build';

describe('user map', () => {
  it('finds the axis the points spread along, and says it explains all the variance', () => {
    // Points on the line t·(3, 4, 0): one axis holds everything.
    const vectors = [-2, -1, 0, 1, 2].map((t) => [3 * t, 4 * t, 0]);
    const { coords, explained } = principalPlane(vectors);
    expect(explained[0]).toBeCloseTo(1, 6);
    expect(explained[1]).toBeCloseTo(0, 6);
    // Coordinates along the axis are ±5t (the sign of an axis is arbitrary).
    expect(coords.map(([x]) => Math.abs(x))).toEqual([10, 5, 0, 5, 10].map((v) => expect.closeTo(v, 6)));
    expect(coords.every(([, y]) => Math.abs(y) < 1e-6)).toBe(true);
  });

  it('orders two axes by variance and keeps them orthogonal', () => {
    // x spread ±3, y spread ±1, z constant.
    const vectors = [[3, 0, 1], [-3, 0, 1], [0, 1, 1], [0, -1, 1]];
    const { coords, explained } = principalPlane(vectors);
    expect(explained[0]).toBeCloseTo(18 / 20, 6);
    expect(explained[1]).toBeCloseTo(2 / 20, 6);
    expect(coords.map(([x, y]) => [Math.abs(x), Math.abs(y)])).toEqual([[3, 0], [3, 0], [0, 1], [0, 1]].map((p) => p.map((v) => expect.closeTo(v, 6))));
  });

  it('separation: 1 when each segment is one point, 0 when segments share their centre, null below two segments', () => {
    expect(separation([[0, 0], [0, 0], [4, 0], [4, 0]], ['A', 'A', 'B', 'B'])).toBeCloseTo(1, 9);
    expect(separation([[-1, 0], [1, 0], [0, -1], [0, 1]], ['A', 'A', 'B', 'B'])).toBeCloseTo(0, 9);
    // Between SS 4·1² = 4 of total 4 + 4·1² = 8.
    expect(separation([[-2, 0], [0, 0], [0, 0], [2, 0]], ['A', 'A', 'B', 'B'])).toBeCloseTo(0.5, 9);
    expect(separation([[0, 0], [1, 1]], ['A', null])).toBeNull();
  });

  it('leaves out users whose vector is not finite, and reports what it kept', () => {
    const map = buildUserMap({
      embeddingRunId: 'r1',
      population: 10,
      points: [
        { userId: 'U1', segmentId: 'S1', vector: [1, 0] },
        { userId: 'U2', segmentId: 'S2', vector: [-1, 0] },
        { userId: 'U3', segmentId: 'S1', vector: [Number.NaN, 0] },
      ],
    });
    expect(map.sampled).toBe(2);
    expect(map.points.map((p) => p.userId)).toEqual(['U1', 'U2']);
    expect(map.separation).toBeCloseTo(1, 9);
    expect(map.population).toBe(10);
  });

  it('an empty sample is an empty map, not an error', () => {
    expect(buildUserMap({ embeddingRunId: null, population: 0, points: [] })).toEqual({ embeddingRunId: null, population: 0, sampled: 0, explained: [], separation: null, points: [] });
  });
});
