import { IdIndex } from '@graphrec/graph-model';
import { GraphFormatError } from './errors';
import { ParsedGraph } from './gml';
import { EdgeListBuilder } from './weighted-graph';

/** Non-empty, non-comment lines, split on whitespace or commas, with their 1-based line numbers. */
function* records(text: string): Generator<{ fields: string[]; line: number }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const hash = lines[i].indexOf('#');
    const body = (hash >= 0 ? lines[i].slice(0, hash) : lines[i]).trim();
    // `%` starts a comment line in KONECT-style files.
    if (body === '' || body.startsWith('%')) continue;
    yield { fields: body.split(/[\s,]+/).filter((f) => f !== ''), line: i + 1 };
  }
}

/**
 * Reads an edge list: one `source target [weight]` per line, separated by whitespace or commas,
 * `#` comments (whole or trailing), `%` comment lines. Node ids are any tokens; nodes are numbered
 * in order of first appearance. Duplicate edges are merged by summing weights.
 */
export function parseEdgeList(text: string): ParsedGraph {
  const index = new IdIndex();
  const ids = index.ids;
  const node = (id: string): number => index.intern(id);
  const builder = new EdgeListBuilder();
  for (const { fields, line } of records(text)) {
    if (fields.length < 2 || fields.length > 3) {
      throw new GraphFormatError(`expected "source target [weight]", got ${fields.length} field${fields.length === 1 ? '' : 's'}`, line);
    }
    let weight = 1;
    if (fields.length === 3) {
      weight = Number(fields[2]);
      if (!Number.isFinite(weight) || weight < 0) throw new GraphFormatError(`weight must be a number >= 0, got "${fields[2]}"`, line);
    }
    builder.addEdge(node(fields[0]), node(fields[1]), weight);
  }
  return {
    graph: builder.build(ids.length),
    ids,
    nodeAttributes: ids.map(() => ({})),
    directed: false,
    edgeRecords: builder.edgeCount,
  };
}

/** Reads a ground-truth file: one `node community` per line (same separators and comments as edge lists). */
export function parseMembership(text: string): Map<string, string> {
  const membership = new Map<string, string>();
  for (const { fields, line } of records(text)) {
    if (fields.length !== 2) throw new GraphFormatError(`expected "node community", got ${fields.length} field${fields.length === 1 ? '' : 's'}`, line);
    const before = membership.get(fields[0]);
    if (before !== undefined && before !== fields[1]) {
      throw new GraphFormatError(`node ${fields[0]} is in community ${before} and again in ${fields[1]}`, line);
    }
    membership.set(fields[0], fields[1]);
  }
  return membership;
}
