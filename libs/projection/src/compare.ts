import { HeteroGraph, PROJECTED_LABELS, RELATION_NAMES } from './graph';

type Numeric = Int32Array | Float32Array | Float64Array;

function firstDifference(a: Numeric | undefined, b: Numeric | undefined, tolerance: number): string | undefined {
  if (!a || !b) return a === b ? undefined : `present in one graph only`;
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    // Relative beyond 1, absolute below: weights are summed in different orders by different sources.
    if (!(x === y || Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x), Math.abs(y)))) return `at ${i}: ${x} vs ${y}`;
  }
  return undefined;
}

/**
 * What differs between two graphs (ids, CSR arrays, weights, edge times, features, asOf); empty
 * when they are the same graph. Used to check that Neo4j and files give one graph.
 */
export function graphDifferences(a: HeteroGraph, b: HeteroGraph, tolerance = 1e-5): string[] {
  const out: string[] = [];
  const check = (what: string, x: Numeric | undefined, y: Numeric | undefined, tol = 0) => {
    const d = firstDifference(x, y, tol);
    if (d) out.push(`${what}: ${d}`);
  };
  if (a.asOf !== b.asOf) out.push(`asOf: ${a.asOf} vs ${b.asOf}`);
  for (const label of PROJECTED_LABELS) {
    const [x, y] = [a.nodes[label].ids, b.nodes[label].ids];
    const i = x.findIndex((id, k) => id !== y[k]);
    if (x.length !== y.length || i >= 0) out.push(`${label} ids: ${x.length} vs ${y.length}, first difference at ${i}`);
    const [fa, fb] = [a.features[label], b.features[label]];
    if (fa.columns.join() !== fb.columns.join()) out.push(`${label} feature columns: ${fa.columns.join()} vs ${fb.columns.join()}`);
    else check(`${label} features`, fa.data, fb.data, tolerance);
  }
  for (const name of RELATION_NAMES) {
    const [x, y] = [a.relations[name], b.relations[name]];
    for (const dir of ['out', 'in'] as const) {
      check(`${name}.${dir}.offsets`, x[dir].offsets, y[dir].offsets);
      check(`${name}.${dir}.targets`, x[dir].targets, y[dir].targets);
      check(`${name}.${dir}.weights`, x[dir].weights, y[dir].weights, tolerance);
    }
    check(`${name}.lastTime`, x.lastTime, y.lastTime);
  }
  return out;
}
