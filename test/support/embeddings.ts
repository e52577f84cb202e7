/**
 * Deterministic stand-in embeddings (training a GraphSAGE model is not what the explorer tests are
 * about): enough for a served embeddings run, so related items, SIMILAR_TO and recommendations exist.
 */
import { HeteroGraph } from '@graphrec/projection';
import { GraphEmbeddings } from '@graphrec/writeback';

export function plantedEmbeddings(graph: HeteroGraph, dimension = 8): GraphEmbeddings {
  const fill = (count: number, salt: number): Float32Array => {
    const out = new Float32Array(count * dimension);
    for (let i = 0; i < count; i++) {
      const v = Array.from({ length: dimension }, (_, d) => Math.sin((i + 1) * (d + 1) * 0.7 + salt) + 1.1);
      const norm = Math.hypot(...v);
      v.forEach((x, d) => (out[i * dimension + d] = x / norm));
    }
    return out;
  };
  return { dimension, User: fill(graph.nodes.User.size, 1), Product: fill(graph.nodes.Product.size, 2) };
}
