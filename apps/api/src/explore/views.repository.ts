/** The Cypher of the aggregated views (cypher/api/view-*.cypher); every size is a parameter the resolver checked. */
import { Inject, Injectable } from '@nestjs/common';
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { GRAPH_DB } from '../common/tokens';
import { UserMapRow } from './user-map.build';
import { ProductMapRow, ProductViewRow, SEGMENT_TOP_PRODUCTS, SegmentViewRow, UserViewRow } from './views.build';

@Injectable()
export class ViewsRepository {
  constructor(@Inject(GRAPH_DB) private readonly db: GraphDb) {}

  async user(userId: string, first: number): Promise<UserViewRow | undefined> {
    const [row] = await this.db.read<UserViewRow>(cypher('api/view-user'), { userId, first: neo4j.int(first) });
    return row;
  }

  /** Up to first + 1 related products and segments (the extra row says more exist). */
  async product(productId: string, first: number): Promise<ProductViewRow | undefined> {
    const [row] = await this.db.read<ProductViewRow>(cypher('api/view-product'), { productId, limit: neo4j.int(first + 1) });
    return row;
  }

  /** Up to first + 1 members after `after` (the extra one says another page follows). */
  async segment(segmentId: string, first: number, after: string, segmentRunId: string, nextProductId: string | null): Promise<SegmentViewRow | undefined> {
    const [row] = await this.db.read<SegmentViewRow>(cypher('api/view-segment'), {
      segmentId,
      nextProductId,
      segmentRunId,
      after,
      limit: neo4j.int(first + 1),
      topProducts: neo4j.int(SEGMENT_TOP_PRODUCTS),
    });
    return row;
  }

  async productMap(first: number): Promise<ProductMapRow> {
    const [row] = await this.db.read<ProductMapRow>(cypher('api/view-product-map'), { limit: neo4j.int(first + 1) });
    return row ?? { products: [], similar: [], coOwned: [] };
  }

  /** About `first` users, drawn uniformly, with their current vectors and segments (and which segments run). */
  async userMap(first: number): Promise<UserMapRow & { segmentRunId: string | null }> {
    const [row] = await this.db.read<UserMapRow & { segmentRunId: string | null }>(cypher('api/view-user-map'), { first: neo4j.int(first) });
    return row ?? { embeddingRunId: null, segmentRunId: null, population: 0, points: [] };
  }
}
