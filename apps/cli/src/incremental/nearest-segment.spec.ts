import { nearestSegment, segmentCentroids } from './nearest-segment';

describe('segment profiles in embedding space', () => {
  // Two segments in 2-d: "x" members point along x, "y" members along y; one member has no vector.
  const vectors = Float32Array.from([1, 0, 0.8, 0.2, 0, 1, 0.1, 0.9, 0, 0]);
  const segmentOf = Int32Array.from([0, 0, 1, 1, 1]);

  it('averages members with a vector and normalises the centroid', () => {
    const p = segmentCentroids(vectors, 2, segmentOf, ['x', 'y']);
    expect(p.members).toEqual([2, 2]);
    expect(Array.from(p.centroids.subarray(0, 2)).map((v) => +v.toFixed(4))).toEqual([+(1.8 / Math.hypot(1.8, 0.2)).toFixed(4), +(0.2 / Math.hypot(1.8, 0.2)).toFixed(4)]);
    expect(Math.hypot(p.centroids[2], p.centroids[3])).toBeCloseTo(1, 6);
  });

  it('picks the segment with the highest cosine, whatever the vector’s length', () => {
    const p = segmentCentroids(vectors, 2, segmentOf, ['x', 'y']);
    expect(nearestSegment(p, [5, 1])?.segmentId).toBe('x');
    expect(nearestSegment(p, [0.1, 0.3])?.segmentId).toBe('y');
    expect(nearestSegment(p, [1, 0])?.cosine).toBeCloseTo(1.8 / Math.hypot(1.8, 0.2), 5);
  });

  it('never picks a segment without member vectors, and has no answer for a zero vector', () => {
    const p = segmentCentroids(Float32Array.from([1, 0, 0, 0]), 2, Int32Array.from([0, 1]), ['x', 'empty']);
    expect(p.members).toEqual([1, 0]);
    expect(nearestSegment(p, [-1, 0.01])?.segmentId).toBe('x');
    expect(nearestSegment(p, [0, 0])).toBeUndefined();
    expect(nearestSegment(segmentCentroids(new Float32Array(0), 2, new Int32Array(0), []), [1, 0])).toBeUndefined();
  });

  it('refuses mismatched shapes', () => {
    expect(() => segmentCentroids(new Float32Array(3), 2, Int32Array.from([0, 0]), ['x'])).toThrow(RangeError);
    expect(() => nearestSegment(segmentCentroids(vectors, 2, segmentOf, ['x', 'y']), [1, 0, 0])).toThrow(RangeError);
  });
});
