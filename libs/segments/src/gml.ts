import { GraphFormatError } from './errors';
import { EdgeListBuilder, WeightedGraph } from './weighted-graph';

/** A graph read from a file: the typed graph plus what the file said about its nodes. */
export interface ParsedGraph {
  graph: WeightedGraph;
  /** External id of node i (the GML `id`, or the edge-list token). */
  ids: string[];
  /** Scalar node attributes from the file (GML only; `{}` per node otherwise). */
  nodeAttributes: Array<Record<string, string | number>>;
  /** Whether the file declared itself directed. The graph is undirected either way: modularity is defined on undirected graphs here. */
  directed: boolean;
  /** Edge records in the file, before duplicates were merged. */
  edgeRecords: number;
}

export interface GmlOptions {
  /** Edge attribute holding the weight; edges without it weigh 1. Default `weight`. */
  weightAttribute?: string;
}

type GmlValue = number | string | GmlList;
interface GmlEntry {
  key: string;
  value: GmlValue;
  line: number;
}
interface GmlList {
  entries: GmlEntry[];
  line: number;
}
type Token = { kind: '[' | ']' | 'key' | 'string' | 'number'; text: string; line: number };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === ']') {
      tokens.push({ kind: c, text: c, line });
      i++;
    } else if (c === '"') {
      const startLine = line;
      let j = i + 1;
      while (j < text.length && text[j] !== '"') if (text[j++] === '\n') line++;
      if (j >= text.length) throw new GraphFormatError('unterminated string (no closing ")', startLine);
      tokens.push({ kind: 'string', text: text.slice(i + 1, j), line: startLine });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !' \t\r\n[]"'.includes(text[j])) j++;
      const word = text.slice(i, j);
      if (NUMBER.test(word)) tokens.push({ kind: 'number', text: word, line });
      else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) tokens.push({ kind: 'key', text: word, line });
      else throw new GraphFormatError(`unexpected "${word}"`, line);
      i = j;
    }
  }
  return tokens;
}

/** Parses `key value` pairs until `]` (nested) or the end (top level). */
function parseList(tokens: Token[], pos: { i: number }, opened?: Token): GmlList {
  const list: GmlList = { entries: [], line: opened?.line ?? 1 };
  while (pos.i < tokens.length) {
    const t = tokens[pos.i++];
    if (t.kind === ']') {
      if (!opened) throw new GraphFormatError('unexpected "]" with no open "["', t.line);
      return list;
    }
    if (t.kind !== 'key') throw new GraphFormatError(`expected a key, got ${t.kind === '[' ? '"["' : `"${t.text}"`}`, t.line);
    const v = tokens[pos.i++];
    if (!v || v.kind === ']') throw new GraphFormatError(`key "${t.text}" has no value`, t.line);
    if (v.kind === 'key') throw new GraphFormatError(`key "${t.text}" has no value (next is the key "${v.text}")`, t.line);
    const value: GmlValue = v.kind === '[' ? parseList(tokens, pos, v) : v.kind === 'number' ? Number(v.text) : v.text;
    list.entries.push({ key: t.text, value, line: t.line });
  }
  if (opened) throw new GraphFormatError('"[" is never closed', opened.line);
  return list;
}

const isList = (v: GmlValue | undefined): v is GmlList => typeof v === 'object';
const scalar = (list: GmlList, key: string): GmlEntry | undefined => list.entries.find((e) => e.key === key && !isList(e.value));

/**
 * Reads GML (`graph [ directed 0 node [ id 1 label "x" value 3 ] edge [ source 1 target 2 weight 2 ] ]`).
 * Node ids may be numbers or strings; edges must name declared nodes. Nested lists inside nodes
 * (e.g. `graphics`) are skipped. Errors carry the line number.
 */
export function parseGml(text: string, options: GmlOptions = {}): ParsedGraph {
  const weightAttribute = options.weightAttribute ?? 'weight';
  const top = parseList(tokenize(text), { i: 0 });
  const graphs = top.entries.filter((e) => e.key === 'graph' && isList(e.value));
  if (graphs.length === 0) throw new GraphFormatError('no "graph [ ... ]" block');
  if (graphs.length > 1) throw new GraphFormatError('more than one "graph [ ... ]" block', graphs[1].line);
  const body = graphs[0].value as GmlList;
  const directedEntry = scalar(body, 'directed');
  const ids: string[] = [];
  const nodeAttributes: Array<Record<string, string | number>> = [];
  const index = new Map<string, number>();
  for (const entry of body.entries) {
    if (entry.key !== 'node') continue;
    if (!isList(entry.value)) throw new GraphFormatError('"node" must be followed by [ ... ]', entry.line);
    const idEntry = scalar(entry.value, 'id');
    if (!idEntry) throw new GraphFormatError('node without an id', entry.line);
    const id = String(idEntry.value);
    if (index.has(id)) throw new GraphFormatError(`node id ${id} appears twice`, idEntry.line);
    const attributes: Record<string, string | number> = {};
    for (const a of entry.value.entries) if (!isList(a.value) && a.key !== 'id') attributes[a.key] = a.value;
    index.set(id, ids.length);
    ids.push(id);
    nodeAttributes.push(attributes);
  }
  const builder = new EdgeListBuilder();
  for (const entry of body.entries) {
    if (entry.key !== 'edge') continue;
    if (!isList(entry.value)) throw new GraphFormatError('"edge" must be followed by [ ... ]', entry.line);
    const end = (key: 'source' | 'target'): number => {
      const e = scalar(entry.value as GmlList, key);
      if (!e) throw new GraphFormatError(`edge without a ${key}`, entry.line);
      const node = index.get(String(e.value));
      if (node === undefined) throw new GraphFormatError(`edge ${key} ${e.value} is not a declared node`, e.line);
      return node;
    };
    const source = end('source');
    const target = end('target');
    const w = scalar(entry.value, weightAttribute);
    if (w && (typeof w.value !== 'number' || !(w.value >= 0) || w.value === Infinity)) {
      throw new GraphFormatError(`edge ${weightAttribute} must be a number >= 0, got "${w.value}"`, w.line);
    }
    builder.addEdge(source, target, w ? (w.value as number) : 1);
  }
  return {
    graph: builder.build(ids.length),
    ids,
    nodeAttributes,
    directed: directedEntry !== undefined && directedEntry.value !== 0,
    edgeRecords: builder.edgeCount,
  };
}
