/**
 * Validation edges for early stopping, carved from the graph that is trained on: held-out
 * user–product pairs are removed from every User→Product relation, so neither the loss nor the
 * message passing sees them. Node features (degree columns) are left as projected: they count the
 * held-out edges too, a small leak that only affects the early-stopping figure.
 */
import type { Csr, Rng } from '@graphrec/graph-model';
import { buildCsr, hasEntry, reverseCsr } from '@graphrec/graph-model';
import type { HeteroGraph, Relation, RelationName } from '@graphrec/projection';

const USER_PRODUCT: readonly RelationName[] = ['interacted', 'purchased'];

/** `relation` with only the out-edges where `keep(user, product)`; `lastTime` follows. */
export function filterRelation(relation: Relation, keep: (source: number, target: number) => boolean): Relation {
  const out = relation.out;
  const rows = out.offsets.length - 1;
  const offsets = new Int32Array(rows + 1);
  const kept: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let k = out.offsets[r]; k < out.offsets[r + 1]; k++) if (keep(r, out.targets[k])) kept.push(k);
    offsets[r + 1] = kept.length;
  }
  const idx = Int32Array.from(kept);
  const csr: Csr = { offsets, targets: idx.map((k) => out.targets[k]), weights: Float32Array.from(idx, (k) => out.weights[k]) };
  const reverse = reverseCsr(csr, relation.in.offsets.length - 1);
  const next: Relation = { ...relation, out: csr, in: reverse.csr, inToOut: reverse.outIndex, edgeCount: idx.length };
  if (relation.lastTime) {
    const times = relation.lastTime;
    next.lastTime = Float64Array.from(idx, (k) => times[k]);
  }
  return next;
}

/** A shallow copy of `graph` without the user–product pairs of `heldOut` in any User→Product relation. */
export function withoutPairs(graph: HeteroGraph, heldOut: Csr): HeteroGraph {
  const relations = { ...graph.relations };
  for (const name of USER_PRODUCT) relations[name] = filterRelation(graph.relations[name], (u, p) => !hasEntry(heldOut, u, p));
  return { ...graph, relations };
}

/**
 * Holds out about `share` of each user's `relation` edges (seeded), always leaving a user at
 * least one: a user with a single edge keeps it.
 */
export function holdOutEdges(graph: HeteroGraph, relation: RelationName, share: number, rng: Rng): { graph: HeteroGraph; heldOut: Csr } {
  const out = graph.relations[relation].out;
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < out.offsets.length - 1; u++) {
    const from = out.offsets[u];
    const deg = out.offsets[u + 1] - from;
    let left = deg;
    for (let k = from; k < from + deg; k++) {
      if (left > 1 && rng() < share) {
        users.push(u);
        items.push(out.targets[k]);
        left--;
      }
    }
  }
  const heldOut = buildCsr(out.offsets.length - 1, graph.nodes.Product.size, Int32Array.from(users), Int32Array.from(items), new Float32Array(users.length).fill(1)).csr;
  return { graph: withoutPairs(graph, heldOut), heldOut };
}
