/**
 * From embeddings of a projected graph to a served run: product statistics and nearest products,
 * write-back into the free slot, then the serving switch and retention. Separate from training so
 * that it is tested with planted vectors, and so that any model's embeddings publish the same way.
 */
import type { GraphDb } from '@graphrec/neo4j';
import type { HeteroGraph } from '@graphrec/projection';
import { coEngagement, conversionStats, productsHeld, similarProducts } from '@graphrec/recommend';
import { EmbeddingsWriteResult, writeEmbeddings } from './embeddings-writeback';
import { withRun } from './with-run';

export interface GraphEmbeddings {
  dimension: number;
  /** Row-major, aligned with graph.nodes.User / graph.nodes.Product, L2-normalised. */
  User: Float32Array;
  Product: Float32Array;
}

export interface PublishOptions {
  /** SIMILAR_TO relationships per product (default 50). */
  similarK?: number;
  /** Complete embeddings runs to keep (default 3). */
  keepRuns?: number;
  params?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
  onProgress?: (written: number, total: number) => void;
}

export interface PublishResult extends EmbeddingsWriteResult {
  pruned: string[];
}

export async function publishEmbeddings(db: GraphDb, graph: HeteroGraph, embeddings: GraphEmbeddings, options: PublishOptions = {}): Promise<PublishResult> {
  const products = graph.nodes.Product;
  const co = coEngagement(productsHeld(graph), products.size);
  const conversion = conversionStats(graph);
  const pairs = similarProducts(embeddings.Product, embeddings.dimension, options.similarK ?? 50, co);
  const { result, pruned } = await withRun(
    db,
    'embeddings',
    async (runId) => {
      const written = await writeEmbeddings(
        db,
        runId,
        {
          dimension: embeddings.dimension,
          vectors: {
            User: { ids: graph.nodes.User.ids, vectors: embeddings.User },
            Product: { ids: products.ids, vectors: embeddings.Product },
          },
          productStats: { ids: products.ids, rate: conversion.rate, buyers: conversion.buyers, engaged: conversion.engaged, holders: co.holders },
          similar: pairs.map((p) => ({ from: products.ids[p.from], to: products.ids[p.to], score: p.score, cosine: p.cosine, rank: p.rank, coUsers: p.coUsers, share: p.share })),
        },
        { onProgress: options.onProgress },
      );
      const metrics = { ...options.metrics, writeback: { seconds: written.seconds, slot: written.slot, written: written.written, similar: written.similar }, prior: conversion.prior };
      return { result: written, metrics };
    },
    { params: { ...options.params, dimension: embeddings.dimension }, keepRuns: options.keepRuns },
  );
  return { ...result, pruned };
}
