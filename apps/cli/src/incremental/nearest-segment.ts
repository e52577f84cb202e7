/**
 * A segment for a user the last segments run never saw: the segment whose profile in embedding
 * space — the normalised mean of its members' vectors in the served embeddings run — is nearest
 * (cosine). Pure: the updater reads the memberships and vectors, this does the arithmetic.
 */

export interface SegmentCentroids {
  /** Segment ids, aligned with the centroid rows. */
  ids: string[];
  dimension: number;
  /** Row-major ids.length × dimension, unit rows (a segment without any member vector: all zero, never chosen). */
  centroids: Float32Array;
  /** Members with a vector, per segment. */
  members: number[];
}

/**
 * Centroids from `vectors` (row-major, one row per member in `segmentOf` order) and each member's
 * segment (an index into `segmentIds`). Rows that are all zero (a member without a vector) count
 * for nothing.
 */
export function segmentCentroids(vectors: Float32Array, dimension: number, segmentOf: Int32Array, segmentIds: readonly string[]): SegmentCentroids {
  if (vectors.length !== segmentOf.length * dimension) throw new RangeError(`${vectors.length} floats for ${segmentOf.length} members × ${dimension}`);
  const centroids = new Float32Array(segmentIds.length * dimension);
  const members = new Array<number>(segmentIds.length).fill(0);
  for (let i = 0; i < segmentOf.length; i++) {
    const s = segmentOf[i];
    if (s < 0 || s >= segmentIds.length) continue;
    const row = vectors.subarray(i * dimension, (i + 1) * dimension);
    let norm = 0;
    for (let c = 0; c < dimension; c++) norm += row[c] * row[c];
    if (norm === 0) continue;
    members[s]++;
    for (let c = 0; c < dimension; c++) centroids[s * dimension + c] += row[c];
  }
  for (let s = 0; s < segmentIds.length; s++) {
    let norm = 0;
    for (let c = 0; c < dimension; c++) norm += centroids[s * dimension + c] ** 2;
    if (norm === 0) continue;
    const inv = 1 / Math.sqrt(norm);
    for (let c = 0; c < dimension; c++) centroids[s * dimension + c] *= inv;
  }
  return { ids: [...segmentIds], dimension, centroids, members };
}

/** The nearest segment to `vector` by cosine, or undefined when there is none (no segment, or a zero vector). */
export function nearestSegment(profiles: SegmentCentroids, vector: ArrayLike<number>): { segmentId: string; cosine: number } | undefined {
  const d = profiles.dimension;
  if (vector.length !== d) throw new RangeError(`a vector of ${vector.length} for centroids of ${d}`);
  let norm = 0;
  for (let c = 0; c < d; c++) norm += vector[c] * vector[c];
  if (!(norm > 0)) return undefined;
  const inv = 1 / Math.sqrt(norm);
  let best = -1;
  let bestCos = -Infinity;
  for (let s = 0; s < profiles.ids.length; s++) {
    if (profiles.members[s] === 0) continue;
    let dot = 0;
    for (let c = 0; c < d; c++) dot += profiles.centroids[s * d + c] * vector[c];
    const cos = dot * inv;
    // Strictly greater: a tie keeps the segment listed first, so equal inputs give equal answers.
    if (cos > bestCos) {
      best = s;
      bestCos = cos;
    }
  }
  return best < 0 ? undefined : { segmentId: profiles.ids[best], cosine: bestCos };
}
