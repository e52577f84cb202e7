/** Reads of products, users, devices and memberships by id: the batch functions behind the loaders. */
import { Inject, Injectable } from '@nestjs/common';
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { Device, Event, Product, User } from '../graphql/models';
import { GRAPH_DB } from '../common/tokens';
import { displayProperties } from '../common/values';

interface ProductRow {
  id: string;
  name: string;
  category: string | null;
  price: number | null;
  compatibleWith: string[];
}

@Injectable()
export class CatalogRepository {
  constructor(@Inject(GRAPH_DB) private readonly db: GraphDb) {}

  async productsByIds(ids: readonly string[]): Promise<Map<string, Product>> {
    const rows = await this.db.read<ProductRow>(cypher('api/products-by-ids'), { ids: [...ids] });
    return new Map(rows.map((r) => [r.id, Object.assign(new Product(), r)]));
  }

  async usersByIds(ids: readonly string[]): Promise<Map<string, User>> {
    const rows = await this.db.read<{ id: string; properties: Record<string, unknown> }>(cypher('api/users-by-ids'), { ids: [...ids] });
    return new Map(rows.map((r) => [r.id, Object.assign(new User(), { id: r.id, properties: displayProperties(r.properties) })]));
  }

  async devicesByUsers(ids: readonly string[]): Promise<Map<string, Device[]>> {
    const rows = await this.db.read<{ userId: string; id: string; productId: string }>(cypher('api/devices-by-users'), { ids: [...ids] });
    const out = new Map<string, Device[]>();
    for (const r of rows) {
      const list = out.get(r.userId) ?? [];
      list.push(Object.assign(new Device(), { id: r.id, productId: r.productId }));
      out.set(r.userId, list);
    }
    return out;
  }

  async segmentIdsByUsers(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.read<{ userId: string; segmentId: string }>(cypher('api/segment-ids-by-users'), { ids: [...ids] });
    return new Map(rows.map((r) => [r.userId, r.segmentId]));
  }

  /** Undefined when the user does not exist. */
  async userEvents(userId: string, skip: number, limit: number): Promise<{ total: number; events: Event[] } | undefined> {
    const [row] = await this.db.read<{ total: number; events: Omit<Event, never>[] }>(cypher('api/user-events'), {
      userId,
      skip: neo4j.int(skip),
      limit: neo4j.int(limit),
    });
    if (!row) return undefined;
    return { total: row.total, events: row.events.map((e) => Object.assign(new Event(), e)) };
  }

  async currentRunIds(): Promise<{ segmentRunId: string | null; embeddingRunId: string | null }> {
    const [row] = await this.db.read<{ segmentRunId: string | null; embeddingRunId: string | null }>(cypher('api/current-run-ids'));
    return row ?? { segmentRunId: null, embeddingRunId: null };
  }
}
