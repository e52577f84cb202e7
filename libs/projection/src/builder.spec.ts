import { GraphBuilder } from './builder';

describe('GraphBuilder.addUserEvents (the Neo4j projection reads events grouped by user)', () => {
  const t = (d: number) => Date.UTC(2025, 0, d);

  it('gives the same graph as addEvent per element, values without a number as NaN', () => {
    const one = new GraphBuilder();
    one.addEvent('u1', 'P1', 'product_view', t(1));
    one.addEvent('u1', 'P2', 'purchase', t(2), 99);
    one.addEvent('u2', 'P1', 'add_to_cart', t(3));
    const grouped = new GraphBuilder();
    expect(grouped.addUserEvents('u1', ['P1', 'P2'], ['product_view', 'purchase'], [t(1), t(2)], [Number.NaN, 99])).toBe(2);
    expect(grouped.addUserEvents('u2', ['P1'], ['add_to_cart'], [t(3)], [null])).toBe(1);
    const a = one.build({ keepEvents: true });
    const b = grouped.build({ keepEvents: true });
    expect(b.events).toEqual(a.events);
    expect(b.relations.interacted.out).toEqual(a.relations.interacted.out);
    expect(b.nodes.User.ids).toEqual(a.nodes.User.ids);
    expect(new GraphBuilder().addUserEvents('u3', [], [], [], [])).toBe(0);
  });

  it('refuses lists of different lengths and unknown event types, naming the user', () => {
    expect(() => new GraphBuilder().addUserEvents('u7', ['P1', 'P2'], ['purchase'], [t(1), t(2)], [1, 2])).toThrow(/u7: event lists of different lengths/);
    expect(() => new GraphBuilder().addUserEvents('u7', ['P1'], ['null'], [t(1)], [1])).toThrow(/unknown event type "null"/);
  });
});
