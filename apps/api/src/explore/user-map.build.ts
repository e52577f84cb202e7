/**
 * The user map (docs/explorer.md "User map"): sampled users' embeddings projected onto their first
 * two principal components, so an analyst sees whether the segments separate in the space the
 * recommendations come from. Pure: the projection and the separation figure are unit-tested on
 * hand-made vectors (user-map.build.spec.ts).
 */

/** Power-iteration steps per component: 64-d covariances of a few hundred users converge in far fewer. */
const POWER_ITERATIONS = 200;

export interface UserMapRow {
  embeddingRunId: string | null;
  population: number;
  points: { userId: string; segmentId: string | null; vector: number[] }[];
}

export interface UserMapData {
  embeddingRunId: string | null;
  population: number;
  sampled: number;
  /** Share of the sample's variance along each axis (descending); [] with fewer than 2 users. */
  explained: number[];
  /** Share of the plane's variance between segments (0: segments overlap completely, 1: each a point); null without two segments. */
  separation: number | null;
  points: { userId: string; segmentId: string | null; x: number; y: number }[];
}

function removeAxes(w: Float64Array, axes: readonly Float64Array[]): Float64Array {
  for (const a of axes) {
    const dot = a.reduce((s, x, j) => s + x * w[j], 0);
    for (let j = 0; j < w.length; j++) w[j] -= dot * a[j];
  }
  return w;
}

function orthonormal(w: Float64Array, axes: readonly Float64Array[]): Float64Array {
  const v = removeAxes(w, axes);
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

/** Top-2 principal axes of `vectors` (power iteration with deflation, deterministic start) and each vector's coordinates. */
export function principalPlane(vectors: readonly (readonly number[])[]): { coords: [number, number][]; explained: number[] } {
  const n = vectors.length;
  const d = n ? vectors[0].length : 0;
  if (n < 2 || d === 0 || vectors.some((v) => v.length !== d)) return { coords: vectors.map(() => [0, 0]), explained: [] };
  const mean = new Float64Array(d);
  for (const v of vectors) for (let j = 0; j < d; j++) mean[j] += v[j] / n;
  const centred = vectors.map((v) => Float64Array.from(v, (x, j) => x - mean[j]));
  const cov = new Float64Array(d * d);
  for (const c of centred) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] += (c[i] * c[j]) / n;
  let trace = 0;
  for (let i = 0; i < d; i++) trace += cov[i * d + i];
  const axes: Float64Array[] = [];
  const explained: number[] = [];
  for (let k = 0; k < Math.min(2, d); k++) {
    // Start off any symmetric direction (a constant vector can be orthogonal to the top axis).
    let v = orthonormal(Float64Array.from({ length: d }, (_, j) => 1 + j / d), axes);
    let lambda = 0;
    for (let it = 0; it < POWER_ITERATIONS; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += cov[i * d + j] * v[j];
        w[i] = s;
      }
      const norm = Math.hypot(...removeAxes(w, axes));
      // No variance left off the earlier axes (rank-1 data): any orthogonal direction will do, at 0.
      if (norm < 1e-12 * (trace || 1)) {
        lambda = 0;
        break;
      }
      lambda = norm;
      v = w.map((x) => x / norm);
    }
    axes.push(v);
    explained.push(trace > 0 ? Math.min(1, lambda / trace) : 0);
  }
  const coords = centred.map((c) => axes.map((a) => a.reduce((s, x, j) => s + x * c[j], 0)) as [number, number]);
  return { coords: coords.map(([x, y]) => [x, y ?? 0]), explained };
}

/** Between-segment share of the total sum of squares in the plane (users without a segment left out). */
export function separation(coords: readonly (readonly [number, number])[], groups: readonly (string | null)[]): number | null {
  const byGroup = new Map<string, [number, number][]>();
  coords.forEach((c, i) => {
    const g = groups[i];
    if (g !== null) byGroup.set(g, [...(byGroup.get(g) ?? []), [c[0], c[1]]]);
  });
  if (byGroup.size < 2) return null;
  const all = [...byGroup.values()].flat();
  const centre = (ps: [number, number][]): [number, number] => [ps.reduce((s, p) => s + p[0], 0) / ps.length, ps.reduce((s, p) => s + p[1], 0) / ps.length];
  const [mx, my] = centre(all);
  const total = all.reduce((s, [x, y]) => s + (x - mx) ** 2 + (y - my) ** 2, 0);
  if (total === 0) return null;
  let between = 0;
  for (const ps of byGroup.values()) {
    const [gx, gy] = centre(ps);
    between += ps.length * ((gx - mx) ** 2 + (gy - my) ** 2);
  }
  return between / total;
}

export function buildUserMap(row: UserMapRow): UserMapData {
  // Vectors come from the database: a non-finite entry would poison every coordinate, so that user is left out.
  const points = row.points.filter((p) => Array.isArray(p.vector) && p.vector.every((x) => typeof x === 'number' && Number.isFinite(x)));
  const { coords, explained } = principalPlane(points.map((p) => p.vector));
  return {
    embeddingRunId: row.embeddingRunId,
    population: row.population,
    sampled: points.length,
    explained,
    separation: separation(coords, points.map((p) => p.segmentId)),
    points: points.map((p, i) => ({ userId: p.userId, segmentId: p.segmentId, x: coords[i][0], y: coords[i][1] })),
  };
}
