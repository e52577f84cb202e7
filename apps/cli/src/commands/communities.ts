import {
  GraphFormatError,
  ParsedGraph,
  adjustedRandIndex,
  louvainDetailed,
  mergeSmallCommunities,
  modularity,
  normalizedMutualInformation,
  parseEdgeList,
  parseGml,
  parseMembership,
} from '@graphrec/segments';
import { Command } from 'commander';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DEFAULT_SEED, parsePositiveInt, parseResolution, parseSeed } from '../options';

export const GRAPH_FORMATS = ['gml', 'edgelist'] as const;

export interface CommunitiesCommandOptions {
  graph: string;
  format: string;
  truth?: string;
  truthAttr?: string;
  resolution: number;
  seed: number;
  minSize?: number;
  json?: string;
}

export interface CommunitiesReport {
  graph: string;
  format: string;
  nodes: number;
  edges: number;
  communities: number;
  modularity: number;
  /** Only with ground truth; computed over the nodes the truth covers (`truthNodes`). */
  nmi?: number;
  ari?: number;
  truthNodes?: number;
  seconds: number;
  resolution: number;
  seed: number;
  minSize: number;
  /** Louvain's dendrogram, finest first (before small communities are merged). */
  levels: Array<{ communities: number; modularity: number }>;
  /** Community sizes, largest first; community ids are these ranks. */
  sizes: number[];
  /** Community of each node, by the node's id in the file. */
  membership: Record<string, number>;
}

/** Input the command cannot use (missing file, unknown format, ...): exit code 2. */
export class UnusableInputError extends Error {}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnusableInputError(`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? String(error)}`);
  }
}

function truthLabels(parsed: ParsedGraph, options: CommunitiesCommandOptions): Array<string | undefined> | undefined {
  if (options.truth && options.truthAttr) throw new UnusableInputError('give either --truth or --truth-attr, not both');
  if (options.truth) {
    const membership = parseMembership(readText(options.truth, 'ground truth'));
    return parsed.ids.map((id) => membership.get(id));
  }
  if (options.truthAttr) {
    const name = options.truthAttr;
    if (options.format !== 'gml') throw new UnusableInputError('--truth-attr needs --format gml (edge lists carry no node attributes)');
    return parsed.nodeAttributes.map((a) => (a[name] === undefined ? undefined : String(a[name])));
  }
  return undefined;
}

/** Reads the graph, runs Louvain (and the small-community merge), scores against ground truth if given. */
export function runCommunities(options: CommunitiesCommandOptions): CommunitiesReport {
  const started = performance.now();
  if (!(GRAPH_FORMATS as readonly string[]).includes(options.format)) {
    throw new UnusableInputError(`unknown format "${options.format}" (use ${GRAPH_FORMATS.join(' or ')})`);
  }
  const text = readText(options.graph, 'graph');
  const parsed = options.format === 'gml' ? parseGml(text) : parseEdgeList(text);
  const truth = truthLabels(parsed, options);
  const result = louvainDetailed(parsed.graph, { resolution: options.resolution, seed: options.seed });
  const minSize = options.minSize ?? 1;
  const merged = mergeSmallCommunities(parsed.graph, result.communities, { minSize });
  const sizes = new Array<number>(merged.count).fill(0);
  for (const c of merged.communities) sizes[c]++;
  const membership: Record<string, number> = {};
  parsed.ids.forEach((id, i) => (membership[id] = merged.communities[i]));
  const report: CommunitiesReport = {
    graph: options.graph,
    format: options.format,
    nodes: parsed.graph.order,
    edges: parsed.graph.size,
    communities: merged.count,
    modularity: modularity(parsed.graph, merged.communities, { resolution: options.resolution }),
    seconds: 0,
    resolution: options.resolution,
    seed: options.seed,
    minSize,
    levels: result.levels.map((l) => ({ communities: l.count, modularity: l.modularity })),
    sizes,
    membership,
  };
  if (truth) {
    const covered = truth.flatMap((label, i) => (label === undefined ? [] : [i]));
    if (covered.length === 0) throw new UnusableInputError('the ground truth names none of the graph\'s nodes');
    const truthLabelsCovered = covered.map((i) => truth[i] as string);
    const found = covered.map((i) => merged.communities[i]);
    report.nmi = normalizedMutualInformation(truthLabelsCovered, found);
    report.ari = adjustedRandIndex(truthLabelsCovered, found);
    report.truthNodes = covered.length;
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

export function formatCommunities(r: CommunitiesReport): string {
  const lines = [
    `graph ${r.graph} (${r.format}): ${r.nodes} nodes, ${r.edges} edges`,
    `louvain (resolution ${r.resolution}, seed ${r.seed}${r.minSize > 1 ? `, min size ${r.minSize}` : ''}): ${r.communities} communities, modularity ${r.modularity.toFixed(4)}, ${r.seconds.toFixed(2)} s`,
    ...r.levels.map((l, i) => `  level ${i}: ${l.communities} communities, modularity ${l.modularity.toFixed(4)}`),
    `  sizes: ${r.sizes.slice(0, 12).join(', ')}${r.sizes.length > 12 ? `, ... (${r.sizes.length - 12} more)` : ''}`,
  ];
  if (r.nmi !== undefined && r.ari !== undefined) {
    lines.push(`vs ground truth (${r.truthNodes} of ${r.nodes} nodes): NMI ${r.nmi.toFixed(4)} (arithmetic mean), ARI ${r.ari.toFixed(4)}`);
  }
  return lines.join('\n');
}

/** Writes next to the target, then renames: a reader never sees half a file. */
function writeJsonAtomically(path: string, value: unknown): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(value, null, 2) + '\n');
  renameSync(temp, path);
}

export function communitiesCommand(): Command {
  return new Command('communities')
    .description('Louvain communities of a graph file, with modularity and agreement with ground truth (no Neo4j)')
    .requiredOption('--graph <file>', 'graph file')
    .option('--format <format>', `graph format: ${GRAPH_FORMATS.join(' | ')}`, 'gml')
    .option('--truth <file>', 'ground truth: one "node community" per line')
    .option('--truth-attr <name>', 'ground truth: this GML node attribute (e.g. value)')
    .option('--resolution <r>', 'modularity resolution; above 1 gives smaller communities', (v) => parseResolution(v), 1)
    .option('--seed <n>', 'random seed of the node order', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--min-size <n>', 'merge communities smaller than this into their closest neighbour', (v) => parsePositiveInt(v, '--min-size'))
    .option('--json <file>', 'also write the result as JSON here')
    .action((options: CommunitiesCommandOptions) => {
      let report: CommunitiesReport;
      try {
        report = runCommunities(options);
      } catch (error) {
        if (error instanceof UnusableInputError || error instanceof GraphFormatError) {
          const where = error instanceof GraphFormatError ? `${options.graph}: ` : '';
          process.stderr.write(`graphrec communities: ${where}${error.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw error;
      }
      process.stdout.write(formatCommunities(report) + '\n');
      if (options.json) {
        writeJsonAtomically(options.json, report);
        process.stdout.write(`wrote ${options.json}\n`);
      }
    });
}
