/**
 * Per-request DataLoaders: every product, related-items answer, device list and segment id that a
 * request needs is fetched in one query per kind per tick, however many parents ask for it. New
 * per request, so nothing is cached across requests (or across pipeline runs) — except related
 * answers, which come through the answer cache and its invalidation.
 */
import { Inject, Injectable } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import { readSizeHistory, SegmentSizeEntry } from '@graphrec/segments';
import { currentSegments, CurrentSegments, getRun } from '@graphrec/writeback';
import { RelatedAnswer, relatedManyCached } from '@graphrec/serving';
import DataLoader from 'dataloader';
import { Device, Product, User } from '../graphql/models';
import { CatalogRepository } from './catalog.repository';
import { ANSWERS, GRAPH_DB } from '../common/tokens';
import type { ServedAnswers } from '../recommendations/served-answers';

export interface Loaders {
  product: DataLoader<string, Product | null>;
  user: DataLoader<string, User | null>;
  devices: DataLoader<string, Device[]>;
  segmentId: DataLoader<string, string | null>;
  /** Related items by k (the batch function takes one k for all ids). */
  related(k: number): DataLoader<string, RelatedAnswer | null>;
  /** The current segments run, read at most once per request. */
  segments(): Promise<CurrentSegments | undefined>;
  /** Segment sizes over runs as the given segments run carries them (read at most once per request and run). */
  sizeHistory(runId: string): Promise<SegmentSizeEntry[]>;
}

/** setImmediate rather than DataLoader's default tick: Nest's async resolver wrappers add microtask hops between siblings. */
const schedule = (callback: () => void) => void setImmediate(callback);

function mapLoader<V>(fetch: (ids: readonly string[]) => Promise<Map<string, V>>, absent: V): DataLoader<string, V> {
  return new DataLoader<string, V>(
    async (ids) => {
      const found = await fetch(ids);
      return ids.map((id) => found.get(id) ?? absent);
    },
    { batchScheduleFn: schedule, maxBatchSize: 1000 },
  );
}

@Injectable()
export class LoaderFactory {
  constructor(
    @Inject(GRAPH_DB) private readonly db: GraphDb,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(ANSWERS) private readonly answers: ServedAnswers,
  ) {}

  create(): Loaders {
    const related = new Map<number, DataLoader<string, RelatedAnswer | null>>();
    let segments: Promise<CurrentSegments | undefined> | undefined;
    const histories = new Map<string, Promise<SegmentSizeEntry[]>>();
    return {
      product: mapLoader((ids) => this.catalog.productsByIds(ids), null),
      user: mapLoader((ids) => this.catalog.usersByIds(ids), null),
      devices: mapLoader((ids) => this.catalog.devicesByUsers(ids), []),
      segmentId: mapLoader((ids) => this.catalog.segmentIdsByUsers(ids), null),
      related: (k) => {
        let loader = related.get(k);
        if (!loader) {
          // Through the answer cache: related answers only change with the generation (answer-cache.ts).
          loader = mapLoader((ids) => relatedManyCached(this.db, this.answers.cache, ids, k), null);
          related.set(k, loader);
        }
        return loader;
      },
      segments: () => (segments ??= currentSegments(this.db)),
      sizeHistory: (runId) => {
        let history = histories.get(runId);
        if (!history) {
          history = getRun(this.db, runId).then((run) => readSizeHistory(run?.metrics));
          histories.set(runId, history);
        }
        return history;
      },
    };
  }
}
