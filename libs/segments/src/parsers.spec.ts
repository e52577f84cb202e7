import { parseEdgeList, parseMembership } from './edgelist';
import { GraphFormatError } from './errors';
import { parseGml } from './gml';

function formatError(fn: () => unknown): GraphFormatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GraphFormatError) return error;
    throw error;
  }
  throw new Error('expected a GraphFormatError');
}

describe('parseGml', () => {
  const text = `Creator "someone, 2006"
graph
[
  directed 1
  node [ id 1 label "New York" value 3 graphics [ x 1.5 y -2 ] ]
  node [ id 2 label "b" value 0 ]
  node [ id "c" ]
  edge [ source 1 target 2 weight 2.5 ]
  edge [ source 2 target 1 ]   # the same pair again: merged
  edge [ source "c" target 1 ]
]`;

  it('reads nodes, attributes, weights and the directed flag, and merges duplicate edges', () => {
    const p = parseGml(text);
    expect(p.ids).toEqual(['1', '2', 'c']);
    expect(p.nodeAttributes[0]).toEqual({ label: 'New York', value: 3 });
    expect(p.directed).toBe(true);
    expect(p.edgeRecords).toBe(3);
    expect(p.graph.size).toBe(2);
    expect(p.graph.totalWeight).toBe(4.5);
    expect(Array.from(p.graph.strength)).toEqual([4.5, 3.5, 1]);
  });

  it('reads another weight attribute when asked', () => {
    const p = parseGml('graph [ node [ id 1 ] node [ id 2 ] edge [ source 1 target 2 value 7 ] ]', { weightAttribute: 'value' });
    expect(p.graph.totalWeight).toBe(7);
    expect(p.directed).toBe(false);
  });

  it.each([
    ['graph [\n node [ id 1 ]\n', 1, /"\[" is never closed/],
    ['graph [\n node [ id 1 ]\n edge [ source 1 target 9 ]\n]', 3, /target 9 is not a declared node/],
    ['graph [\n node [ label "x" ]\n]', 2, /node without an id/],
    ['graph [\n node [ id 1 ]\n node [ id 1 ]\n]', 3, /node id 1 appears twice/],
    ['graph [\n node [ id 1 label "open\n]\n', 2, /unterminated string/],
    ['graph [\n node [ id 1 ] ]\n]', 3, /unexpected "\]"/],
    ['graph [\n node [ id 1 ]\n edge [ source 1 target 1 weight -2 ]\n]', 3, /weight must be a number >= 0/],
    ['graph [\n node [ id ]\n]', 2, /key "id" has no value/],
    ['graph [\n node [ id 1; ]\n]', 2, /unexpected "1;"/],
  ])('rejects malformed input with the line number: %j', (input, line, message) => {
    const error = formatError(() => parseGml(input));
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^line ${line}: `));
  });

  it('rejects text without a graph block', () => {
    expect(() => parseGml('hello world')).toThrow(/line 1: key "hello" has no value/);
    expect(() => parseGml('creator "x"')).toThrow(/no "graph \[ \.\.\. \]" block/);
  });
});

describe('parseEdgeList', () => {
  it('reads whitespace and comma separated lines with comments and weights', () => {
    const p = parseEdgeList('# a comment\n% konect header\na b\nb,c,2.5\n\nc\ta  # trailing\nb a 3\n');
    expect(p.ids).toEqual(['a', 'b', 'c']);
    expect(p.edgeRecords).toBe(4);
    expect(p.graph.size).toBe(3);
    expect(p.graph.totalWeight).toBe(7.5);
    expect(p.nodeAttributes).toEqual([{}, {}, {}]);
  });

  it.each([
    ['a b\nlonely\n', 2, /got 1 field$/],
    ['a b\n\na b 1 2\n', 3, /got 4 fields/],
    ['a b x\n', 1, /weight must be a number >= 0, got "x"/],
    ['a b -1\n', 1, /weight must be a number >= 0/],
  ])('rejects malformed lines with the line number: %j', (input, line, message) => {
    const error = formatError(() => parseEdgeList(input));
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
  });
});

describe('parseMembership', () => {
  it('reads "node community" lines', () => {
    expect([...parseMembership('1\t1\n2 2\n# x\n3,1')]).toEqual([['1', '1'], ['2', '2'], ['3', '1']]);
  });
  it('rejects a node given two communities, and lines of the wrong width', () => {
    expect(formatError(() => parseMembership('1 1\n1 2\n')).line).toBe(2);
    expect(formatError(() => parseMembership('1 1 1\n')).message).toMatch(/line 1: expected "node community"/);
  });
});
