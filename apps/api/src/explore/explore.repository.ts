import { RELATIONSHIP_TYPES } from '@graphrec/graph-model';
import { Inject, Injectable } from '@nestjs/common';
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { GRAPH_DB } from '../common/tokens';
import { NodeLabel } from '../graphql/enums';
import { RawEdge, RawNode } from './graph-ids';

export type StepRow = RawEdge & RawNode;

@Injectable()
export class ExploreRepository {
  constructor(@Inject(GRAPH_DB) private readonly db: GraphDb) {}

  async node(label: NodeLabel, id: string): Promise<RawNode | undefined> {
    const [row] = await this.db.read<RawNode>(cypher('api/node-lookup'), { label, id });
    return row;
  }

  step(frontier: string[], types: string[] | null, limit: number, runs: { segmentRunId: string | null; embeddingRunId: string | null }): Promise<StepRow[]> {
    // An even share of the budget per relationship type asked for (all of them when none is given).
    const perType = Math.max(1, Math.ceil(limit / (types?.length ?? RELATIONSHIP_TYPES.length)));
    return this.db.read<StepRow>(cypher('api/neighborhood-step'), { frontier, types, limit: neo4j.int(limit), perType: neo4j.int(perType), ...runs });
  }

  async shortestPath(from: string, to: string, maxLength: number, segmentRunId: string | null): Promise<{ nodes: RawNode[]; edges: RawEdge[] } | undefined> {
    const [row] = await this.db.read<{ nodes: RawNode[]; edges: RawEdge[] }>(cypher('api/shortest-path'), { from, to, maxLength: neo4j.int(maxLength), segmentRunId });
    return row;
  }

  searchProducts(query: string, first: number): Promise<RawNode[]> {
    return this.db.read<RawNode>(cypher('api/search-products'), { query, first: neo4j.int(first) });
  }
}
