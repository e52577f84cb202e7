import { MIN_SUPPORT, relatedEvidence, sentence, userEvidence } from './explain';

const history = { owned: new Set(['p-door']), purchased: new Set(['p-cam']) };
const base = { strategy: 'embeddings' as const, popularity: null, buyers: null, engaged: null };

describe('explanations', () => {
  it('states the co-engagement share with its counts when the support is large enough', () => {
    expect(relatedEvidence('Video Doorbell', 'Chime Pro', 0.625, 310, 496, 0.9)).toEqual([
      { kind: 'co-engagement', share: 0.625, count: 310, text: '63% of customers with Video Doorbell also have Chime Pro (310 of 496)' },
    ]);
  });

  it('falls back to similarity below the minimum support, never "100% of 1"', () => {
    const [e] = relatedEvidence('A', 'B', 1, MIN_SUPPORT - 1, MIN_SUPPORT - 1, 0.8123);
    expect(e.kind).toBe('similar');
    expect(e.text).toContain('similarity 0.81');
  });

  it('prefers the owned product with the highest share, and says owns/bought correctly', () => {
    const links = [
      { productId: 'p-cam', name: 'Cam', share: 0.9, coUsers: 50 },
      { productId: 'p-door', name: 'Doorbell', share: 0.6, coUsers: 40 },
      { productId: 'p-other', name: 'Not mine', share: 0.99, coUsers: 90 },
    ];
    const evidence = userEvidence('Chime', history, links, [], base);
    expect(evidence[0]).toMatchObject({ kind: 'purchased', productId: 'p-cam', text: 'bought Cam; 90% of its buyers also have Chime' });
    const ownedOnly = userEvidence('Chime', history, links.slice(1), [], base);
    expect(sentence(ownedOnly)).toBe('owns Doorbell; 60% of its owners also have Chime');
  });

  it('mentions recently viewed products that are close, and popularity for cold start', () => {
    const near = [
      { productId: 'a', name: 'A', similarity: 0.95 },
      { productId: 'b', name: 'B', similarity: 0.85 },
      { productId: 'c', name: 'C', similarity: 0.2 },
    ];
    expect(userEvidence('X', { owned: new Set(), purchased: new Set() }, [], near, base)[0].text).toBe('close to 2 products you looked at recently (A, B)');
    const cold = userEvidence('X', { owned: new Set(), purchased: new Set() }, [], [], { strategy: 'popularity', popularity: 0.3412, buyers: 34, engaged: 100 });
    expect(cold).toEqual([{ kind: 'popular', share: 0.3412, text: 'popular: 34% smoothed conversion (34 of 100 interested customers bought it)' }]);
  });

  it('always gives at least one reason', () => {
    expect(userEvidence('X', { owned: new Set(), purchased: new Set() }, [], [], base)).toHaveLength(1);
  });
});
