import { devicesText, labelSegments, LabelInput } from './profile-label';
import type { SegmentProfile } from './profiles';

const CATS = ['video_doorbell', 'chime', 'alarm_base_station', 'indoor_camera'];

function profile(segment: number, o: Partial<SegmentProfile> & { home?: [string, number]; region?: [string, number] } = {}): SegmentProfile {
  return {
    segment,
    size: 100,
    share: 0.1,
    owned: o.owned ?? [],
    purchased: [],
    deviceOwnerShare: 0,
    deviceCategories: [],
    activity: o.activity ?? { mean: 1, median: 1, level: 'medium' },
    attributes: {
      home_type: o.home ? [{ value: o.home[0], share: 0.6, lift: o.home[1] }] : [],
      region: o.region ? [{ value: o.region[0], share: 0.4, lift: o.region[1] }] : [],
    },
    label: '',
    next: null,
  };
}

const stat = (product: string, name: string, lift: number) => ({ product, name, penetration: 0.3, lift, members: 30 });

/** Five segments that all own mostly doorbells (the shared primary trait), one browse-only. */
function world(): { profiles: SegmentProfile[]; input: LabelInput } {
  const profiles = [
    profile(0, { home: ['apartment', 1.5] }),
    profile(1, { home: ['house', 1.4], owned: [stat('P-CHIME', 'Chime Pro (Wi-Fi Extender)', 1.8)] }),
    profile(2, { activity: { mean: 9, median: 9, level: 'high' } }),
    profile(3, { region: ['west', 1.6] }),
    profile(4, { owned: [stat('P-PEEP', 'Peephole Cam', 1.3)], activity: { mean: 0, median: 0, level: 'low' } }),
    profile(5, { region: ['uk', 1.3] }),
  ];
  // Members per (segment, category): everyone but segment 5 owns doorbells; 0–4 own no alarm.
  const own = [
    [80, 10, 0, 10],
    [80, 30, 0, 10],
    [80, 10, 0, 10],
    [80, 10, 0, 10],
    [80, 10, 0, 10],
    [0, 0, 0, 0],
  ];
  const catMembers = Float64Array.from(own.flat());
  const sizes = new Float64Array(6).fill(100);
  const browseMembers = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 5, 40, 60]);
  return { profiles, input: { sizes, catMembers, browseMembers, categories: CATS, n: 1000, noActivitySegment: -1 } };
}

describe('labelSegments', () => {
  it('tells segments that share their primary trait apart by further traits, without numeric suffixes', () => {
    const { profiles, input } = world();
    // Alarm owners live in a segment of their own (400 of 1,000 users), so "no alarm" is a notable absence.
    const extra = { ...input, n: 1000 };
    const withAlarm = profiles.concat(profile(6));
    extra.sizes = Float64Array.from([...input.sizes, 400]);
    extra.catMembers = Float64Array.from([...input.catMembers, 0, 0, 400, 0]);
    extra.browseMembers = Float64Array.from([...input.browseMembers!, 0, 0, 0, 0]);
    labelSegments(withAlarm, extra);
    const labels = withAlarm.map((p) => p.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const l of labels) {
      expect(l).not.toMatch(/\(\d+\)$/);
      expect(l.length).toBeLessThanOrEqual(60);
    }
    expect(labels.slice(0, 5).every((l) => l.startsWith('Doorbell') || l.startsWith('Chime'))).toBe(true);
    expect(labels[0]).toContain('in apartments');
    expect(labels[1]).toMatch(/chime/i);
    expect(labels[2]).toContain('heavy app users');
    expect(labels[3]).toContain('in the West');
    expect(labels[5]).toMatch(/^Browsers of .*, no devices/);
    expect(labels[6]).toBe('Alarm owners');
  });

  it('is deterministic', () => {
    const a = world();
    const b = world();
    labelSegments(a.profiles, a.input);
    labelSegments(b.profiles, b.input);
    expect(a.profiles.map((p) => p.label)).toEqual(b.profiles.map((p) => p.label));
  });

  it('falls back to a numeric suffix only when identical segments have no trait left', () => {
    const profiles = [profile(0), profile(1)];
    labelSegments(profiles, { sizes: Float64Array.from([100, 100]), catMembers: Float64Array.from([80, 0, 0, 0, 80, 0, 0, 0]), categories: CATS, n: 200, noActivitySegment: -1 });
    expect(profiles.map((p) => p.label)).toEqual(['Doorbell owners', 'Doorbell owners (2)']);
  });

  it('says "no devices" only when no member owns one, and the share otherwise', () => {
    const { profiles, input } = world();
    // Segment 5 browses; 15 of its 100 members own a device, none of a category at 20% or more.
    input.catMembers.set([10, 0, 0, 5], 5 * CATS.length);
    const deviceMembers = Float64Array.from([90, 90, 90, 90, 90, 15]);
    labelSegments(profiles, { ...input, deviceMembers });
    expect(profiles[5].label).toMatch(/^Browsers of .*, 15% with devices/);
    expect(profiles[5].label).not.toContain('no devices');
    // Without the exact count, the largest category count is the lower bound: still not "no devices".
    const again = world();
    again.input.catMembers.set([10, 0, 0, 5], 5 * CATS.length);
    labelSegments(again.profiles, again.input);
    expect(again.profiles[5].label).toMatch(/10% with devices/);
  });

  it('rounds the device share and keeps "no devices" for exactly none', () => {
    expect(devicesText(100, 0)).toBe('no devices');
    expect(devicesText(1000, 3)).toBe('<1% with devices');
    expect(devicesText(200, 25)).toBe('13% with devices');
  });
});
