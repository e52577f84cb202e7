/**
 * Short, unique, deterministic labels from a segment's most distinctive traits:
 * "<top categories with lift > 1.5> owners[ in <home type>s][, no <common category>]".
 */
import type { SegmentProfile } from './profiles';

export interface LabelInput {
  sizes: Float64Array;
  /** Members per (segment, category) owning at least one device of the category. */
  catMembers: Float64Array;
  categories: string[];
  n: number;
  noActivitySegment: number;
}

const human = (c: string) => c.replace(/_/g, ' ');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function labelSegments(segments: SegmentProfile[], x: LabelInput): void {
  const C = x.categories.length;
  const base = x.categories.map((_, c) => segments.reduce((a, _s, s) => a + x.catMembers[s * C + c], 0) / Math.max(1, x.n));
  const used = new Set<string>();
  for (const profile of segments) {
    const s = profile.segment;
    const pen = (c: number) => (x.sizes[s] ? x.catMembers[s * C + c] / x.sizes[s] : 0);
    const lift = (c: number) => (base[c] ? pen(c) / base[c] : 0);
    const order = x.categories.map((_, c) => c).sort((a, b) => pen(b) - pen(a) || a - b);
    const distinctive = order.filter((c) => lift(c) > 1.5 && pen(c) >= 0.2);
    let head: string;
    if (s === x.noActivitySegment) head = 'No product activity';
    else if (order.length === 0 || pen(order[0]) < 0.2) head = 'Browsers, no devices';
    else {
      const main = distinctive.length ? distinctive : [order[0]];
      const names = main.slice(0, main.length > 1 && pen(main[1]) >= 0.5 ? 2 : 1).map((c) => human(x.categories[c]));
      head = `${capital(names.join(' + '))} owners`;
    }
    const home = profile.attributes.home_type[0];
    const homePart = home && home.lift > 1.3 && !home.value.startsWith('<') ? ` in ${home.value}s` : '';
    // A notable absence: a category at least 15% of all users own, (almost) nobody here owns.
    const absent = x.categories.map((_, c) => c).filter((c) => base[c] >= 0.15 && pen(c) < 0.02 && pen(order[0]) >= 0.2).sort((a, b) => base[b] - base[a] || a - b)[0];
    const absentPart = absent !== undefined ? `, no ${human(x.categories[absent])}` : '';
    let label = `${head}${homePart}${absentPart}`;
    if (used.has(label)) {
      const region = profile.attributes.region.find((r) => r.lift > 1.2 && !r.value.startsWith('<'));
      if (region && !used.has(`${label}, ${region.value}`)) label = `${label}, ${region.value}`;
      else {
        let i = 2;
        while (used.has(`${label} (${i})`)) i++;
        label = `${label} (${i})`;
      }
    }
    used.add(label);
    profile.label = label;
  }
}
