import { LABEL_COLORS, MUTED_COLOR, NO_SEGMENT_COLOR, SegmentColors, legendEntries, nodeColor } from './colors';

describe('colours', () => {
  it('colours by label by default', () => {
    const colors = new SegmentColors();
    expect(nodeColor('Product', null, 'label', colors)).toBe(LABEL_COLORS.Product);
    expect(nodeColor('User', 's1', 'label', colors)).toBe(LABEL_COLORS.User);
  });

  it('gives each segment a stable distinct colour and mutes non-users in segment mode', () => {
    const colors = new SegmentColors();
    colors.seed(['s1', 's2']);
    const a = nodeColor('User', 's1', 'segment', colors);
    const b = nodeColor('User', 's2', 'segment', colors);
    expect(a).not.toBe(b);
    expect(nodeColor('User', 's1', 'segment', colors)).toBe(a);
    expect(nodeColor('User', null, 'segment', colors)).toBe(NO_SEGMENT_COLOR);
    expect(nodeColor('Device', null, 'segment', colors)).toBe(MUTED_COLOR);
    expect(Object.values(LABEL_COLORS)).not.toContain(a);
  });

  it('builds a legend of what is drawn, with counts and segment names', () => {
    const nodes = [
      { kind: 'User' as const, segmentId: 's1' },
      { kind: 'User' as const, segmentId: 's1' },
      { kind: 'User' as const, segmentId: null },
      { kind: 'Product' as const, segmentId: null },
    ];
    const colors = new SegmentColors();
    expect(legendEntries(nodes, 'label', colors)).toEqual([
      { color: LABEL_COLORS.User, text: 'User', count: 3 },
      { color: LABEL_COLORS.Product, text: 'Product', count: 1 },
    ]);
    expect(legendEntries(nodes, 'segment', colors, new Map([['s1', 'Doorbell owners']]))).toEqual([
      { color: colors.colorOf('s1'), text: 'Segment Doorbell owners', count: 2 },
      { color: NO_SEGMENT_COLOR, text: 'User without segment', count: 1 },
      { color: MUTED_COLOR, text: 'Other nodes', count: 1 },
    ]);
  });
});
