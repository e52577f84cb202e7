/** Graph exploration for analysts: neighborhoods, shortest paths and search, with global ids. */
import { Inject, Injectable } from '@nestjs/common';
import { assertRelationshipType, isValidId } from '@graphrec/graph-model';
import { CatalogRepository } from '../catalog/catalog.repository';
import { ApiContext } from '../graphql/context';
import { ApiError } from '../common/errors';
import { NodeLabel, RelationshipType } from '../graphql/enums';
import { GraphEdge, GraphNode, Subgraph } from '../graphql/models';
import { ExploreRepository } from './explore.repository';
import { parseGlobalId, productSearchQuery, RawEdge, RawNode, toGraphEdge, toGraphNode } from './graph-ids';

@Injectable()
export class ExploreService {
  constructor(
    @Inject(ExploreRepository) private readonly repository: ExploreRepository,
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
  ) {}

  private async start(globalId: string, argument: string): Promise<RawNode> {
    const { label, externalId } = parseGlobalId(globalId, argument);
    const node = await this.repository.node(label, externalId);
    if (!node) throw new ApiError('NOT_FOUND', `no node ${globalId}`, { argument });
    return node;
  }

  /** Builds the answer: users get their current segment id, edges are keyed by global ids. */
  private async subgraph(ctx: ApiContext, raws: RawNode[], rawEdges: RawEdge[], truncated: boolean): Promise<Subgraph> {
    const userIds = raws.filter((r) => r.labels.includes('User')).map((r) => String(r.props.id));
    const segmentIds = await ctx.loaders.segmentId.loadMany(userIds);
    const segmentOf = new Map<string, string>();
    userIds.forEach((id, i) => {
      const s = segmentIds[i];
      if (typeof s === 'string') segmentOf.set(id, s);
    });
    const nodes: GraphNode[] = [];
    const globalIdOf = new Map<string, string>();
    for (const raw of raws) {
      const node = toGraphNode(raw, segmentOf);
      if (node && !globalIdOf.has(raw.elementId)) {
        globalIdOf.set(raw.elementId, node.id);
        nodes.push(node);
      }
    }
    const seen = new Set<string>();
    const edges: GraphEdge[] = [];
    for (const raw of rawEdges) {
      if (seen.has(raw.edgeId)) continue;
      seen.add(raw.edgeId);
      const edge = toGraphEdge(raw, globalIdOf);
      if (edge) edges.push(edge);
    }
    return Object.assign(new Subgraph(), { nodes, edges, truncated });
  }

  /** Arguments arrive checked (explore.args.ts). */
  async neighborhood(ctx: ApiContext, nodeId: string, depth: number, types: RelationshipType[] | null, maxNodes: number): Promise<Subgraph> {
    // The enum already restricts the values; the allowlist check keeps that true if the schema changes.
    const allowedTypes = types && types.length ? types.map((t) => assertRelationshipType(t)) : null;
    const origin = await this.start(nodeId, 'nodeId');
    const runs = await this.catalog.currentRunIds();
    const nodes = new Map<string, RawNode>([[origin.elementId, origin]]);
    const edges: RawEdge[] = [];
    let frontier = [origin.elementId];
    let truncated = false;
    for (let level = 0; level < depth && frontier.length && !truncated; level++) {
      // Rows beyond what fits tell us the answer was cut; 4 rows per node allows for edges between known nodes.
      const budget = (maxNodes - nodes.size + 1) * 4;
      const rows = await this.repository.step(frontier, allowedTypes, budget, runs);
      if (rows.length >= budget) truncated = true;
      const next: string[] = [];
      for (const row of rows) {
        if (!nodes.has(row.elementId)) {
          if (nodes.size >= maxNodes) {
            truncated = true;
            continue;
          }
          nodes.set(row.elementId, row);
          next.push(row.elementId);
        }
        edges.push(row);
      }
      frontier = next;
    }
    return this.subgraph(ctx, [...nodes.values()], edges, truncated);
  }

  async shortestPath(ctx: ApiContext, fromId: string, toId: string, maxLength: number): Promise<Subgraph> {
    const [from, to] = await Promise.all([this.start(fromId, 'fromId'), this.start(toId, 'toId')]);
    if (from.elementId === to.elementId) return this.subgraph(ctx, [from], [], false);
    const { segmentRunId } = await this.catalog.currentRunIds();
    const path = await this.repository.shortestPath(from.elementId, to.elementId, maxLength, segmentRunId);
    // No path within maxLength: an empty subgraph, not an error (the explorer says "no path").
    if (!path) return Object.assign(new Subgraph(), { nodes: [], edges: [], truncated: false });
    return this.subgraph(ctx, path.nodes, path.edges, false);
  }

  async search(ctx: ApiContext, trimmed: string, wanted: NodeLabel[], size: number): Promise<GraphNode[]> {
    const raws: RawNode[] = [];
    // Exact ids first (users and devices are found only this way), then product full-text matches.
    if (isValidId(trimmed)) {
      for (const label of wanted) {
        const exact = await this.repository.node(label, trimmed);
        if (exact) raws.push(exact);
      }
    }
    if (wanted.includes(NodeLabel.Product)) raws.push(...(await this.repository.searchProducts(productSearchQuery(trimmed), size)));
    const graph = await this.subgraph(ctx, raws, [], false);
    return graph.nodes.slice(0, size);
  }
}
