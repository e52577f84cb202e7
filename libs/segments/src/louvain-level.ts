import { Rng, shuffleInPlace } from '@graphrec/graph-model';
import { WeightedGraph } from './weighted-graph';

/** One level of Louvain: local moving of nodes between communities, then aggregation. Internal module. */

export interface LocalMovingOptions {
  resolution: number;
  rng: Rng | null;
  /** `random`: a seeded shuffle; `rotate`: index order from a seeded random start; `natural`: index order. */
  ordering: 'random' | 'rotate' | 'natural';
  mode: 'queue' | 'sweep';
  minGain: number;
}

export interface LocalMovingResult {
  /** Community per node, renumbered 0..count-1 in order of first appearance. */
  communities: Int32Array;
  count: number;
  moves: number;
  /** Node evaluations (a node visited twice counts twice). */
  visits: number;
  /** Sweeps over all nodes (sweep mode); 1 in queue mode. */
  passes: number;
}

/**
 * Moves each node to the neighbouring community with the largest modularity gain until no move
 * helps. The gain of putting node i (strength k_i, detached from its community) into c is, up to
 * the factor 1/m shared by every candidate, w_ic − γ·k_i·tot_c / 2m, where w_ic is the weight
 * from i to c. Queue mode re-examines only nodes whose neighbourhood changed (the "fast local
 * move" of the Leiden paper), which visits far fewer nodes than full sweeps on large graphs.
 */
export function localMoving(graph: WeightedGraph, options: LocalMovingOptions): LocalMovingResult {
  const { order: n, offsets, targets, weights, strength } = graph;
  const twoM = 2 * graph.totalWeight;
  const gamma = options.resolution;
  const comm = new Int32Array(n);
  for (let i = 0; i < n; i++) comm[i] = i;
  const tot = Float64Array.from(strength);
  // Members per community, and a stack of empty community ids: a node better off alone moves to one.
  const members = new Int32Array(n).fill(1);
  const empty = new Int32Array(n);
  let emptyCount = 0;
  // Weight from the current node to each neighbouring community; zero means "not listed yet"
  // (safe because the graph holds no zero-weight edges).
  const neighWeight = new Float64Array(n);
  const neighList = new Int32Array(n);
  const order = new Int32Array(n);
  const first = options.ordering === 'rotate' && options.rng && n > 0 ? Math.floor(options.rng() * n) : 0;
  for (let i = 0; i < n; i++) order[i] = first + i < n ? first + i : first + i - n;
  if (options.ordering === 'random' && options.rng) shuffleInPlace(order, options.rng);
  let moves = 0;
  let visits = 0;

  /** Evaluates node i, moves it if that helps; returns the modularity gain times m (0 when it stays). */
  const visit = (i: number): number => {
    visits++;
    const ki = strength[i];
    const own = comm[i];
    if (ki === 0) return 0;
    let listed = 0;
    for (let j = offsets[i]; j < offsets[i + 1]; j++) {
      const c = comm[targets[j]];
      if (neighWeight[c] === 0) neighList[listed++] = c;
      neighWeight[c] += weights[j];
    }
    tot[own] -= ki;
    const scale = (gamma * ki) / twoM;
    const stayGain = neighWeight[own] - scale * tot[own];
    let best = own;
    let bestGain = stayGain;
    for (let l = 0; l < listed; l++) {
      const c = neighList[l];
      const gain = neighWeight[c] - scale * tot[c];
      if (gain > bestGain) {
        best = c;
        bestGain = gain;
      }
    }
    // An empty community gains exactly 0: being alone beats a community that now costs more
    // than it holds (possible with self-loops or resolution != 1). Not needed if i is alone already.
    if (bestGain < 0 && members[own] > 1 && emptyCount > 0) {
      best = empty[emptyCount - 1];
      bestGain = 0;
    }
    // Require a gain above rounding noise, or two nodes can swap back and forth forever.
    if (best !== own && bestGain - stayGain <= 1e-10 * ki) {
      best = own;
      bestGain = stayGain;
    }
    for (let l = 0; l < listed; l++) neighWeight[neighList[l]] = 0;
    tot[best] += ki;
    if (best === own) return 0;
    if (members[best]++ === 0) emptyCount--;
    if (--members[own] === 0) empty[emptyCount++] = own;
    comm[i] = best;
    moves++;
    return bestGain - stayGain;
  };

  let passes = 0;
  if (options.mode === 'sweep') {
    const m = graph.totalWeight;
    for (;;) {
      passes++;
      const before = moves;
      let gain = 0;
      for (let p = 0; p < n; p++) gain += visit(order[p]);
      if (moves === before || gain / m < options.minGain) break;
    }
  } else {
    passes = 1;
    // FIFO ring buffer: each node is in the queue at most once, so n slots suffice.
    const queue = order;
    const queued = new Uint8Array(n).fill(1);
    let head = 0;
    let size = n;
    while (size > 0) {
      const i = queue[head];
      head = head + 1 === n ? 0 : head + 1;
      size--;
      queued[i] = 0;
      if (visit(i) === 0) continue;
      const c = comm[i];
      for (let j = offsets[i]; j < offsets[i + 1]; j++) {
        const t = targets[j];
        if (queued[t] === 0 && comm[t] !== c) {
          queued[t] = 1;
          let tail = head + size;
          if (tail >= n) tail -= n;
          queue[tail] = t;
          size++;
        }
      }
    }
  }
  // Renumber 0..count-1 by first appearance (reusing neighList as the old→new map).
  const renumber = neighList.fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = comm[i];
    if (renumber[c] < 0) renumber[c] = count++;
    comm[i] = renumber[c];
  }
  return { communities: comm, count, moves, visits, passes };
}

/**
 * The graph of communities: one node per community, edge weights summed between communities,
 * the weight inside a community kept as its self-loop. Modularity of a partition of the
 * aggregate equals modularity of the corresponding partition of the original graph.
 */
export function aggregate(graph: WeightedGraph, communities: Int32Array, count: number): WeightedGraph {
  const n = graph.order;
  // Bucket the nodes by community (counting sort).
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[communities[i] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const fill = start.slice(0, count);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[fill[communities[i]]++] = i;

  const offsets = new Int32Array(count + 1);
  let targets = new Int32Array(graph.targets.length);
  let weights = new Float64Array(graph.targets.length);
  const loops = new Float64Array(count);
  const strength = new Float64Array(count);
  const stamp = new Int32Array(count).fill(-1);
  const pos = new Int32Array(count);
  let write = 0;
  for (let c = 0; c < count; c++) {
    let inside = 0;
    let k = 0;
    for (let p = start[c]; p < start[c + 1]; p++) {
      const i = members[p];
      inside += graph.loops[i];
      k += graph.strength[i];
      for (let j = graph.offsets[i]; j < graph.offsets[i + 1]; j++) {
        const t = communities[graph.targets[j]];
        const w = graph.weights[j];
        // An internal edge is met from both ends; each meeting adds half of it.
        if (t === c) inside += w / 2;
        else if (stamp[t] === c) weights[pos[t]] += w;
        else {
          stamp[t] = c;
          pos[t] = write;
          targets[write] = t;
          weights[write++] = w;
        }
      }
    }
    loops[c] = inside;
    strength[c] = k;
    offsets[c + 1] = write;
  }
  targets = targets.slice(0, write);
  weights = weights.slice(0, write);
  let loopCount = 0;
  for (let c = 0; c < count; c++) if (loops[c] > 0) loopCount++;
  return { order: count, size: write / 2 + loopCount, offsets, targets, weights, loops, strength, totalWeight: graph.totalWeight };
}
