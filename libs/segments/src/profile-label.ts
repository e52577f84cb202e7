/**
 * Short, unique, deterministic labels from a segment's most distinctive traits.
 *
 * Every segment gets a head ("Doorbell owners", "Browsers of outdoor cams, no devices") and an
 * ordered list of further traits, strongest first: its dominant home type, the next most
 * distinctive category or product it owns, its activity level, its region, a notable absence, then
 * weaker versions of the same. Segments whose labels collide take their next trait, round by round,
 * until every label is unique; only a segment whose traits are all used up gets a numeric suffix.
 */
import type { SegmentProfile } from './profiles';

export interface LabelInput {
  sizes: Float64Array;
  /** Members per (segment, category) owning at least one device of the category. */
  catMembers: Float64Array;
  /** Members per (segment, category) who interacted with (browsed, bought…) a product of the category; optional. */
  browseMembers?: Float64Array;
  categories: string[];
  /**
   * Members per segment owning at least one device of any kind. Browse-only labels say "no devices"
   * only when this is 0 and give the share otherwise, so a label never contradicts the profile. When
   * absent, the largest per-category count stands in (a lower bound: 0 still means no device).
   */
  deviceMembers?: Float64Array;
  /** Category of a product id (for `owned` products); optional. */
  productCategory?: (product: string) => string | undefined;
  n: number;
  noActivitySegment: number;
}

/** Longest label the trait rounds will build (a numeric suffix may still be appended). */
const MAX_LENGTH = 60;

const SHORT: Record<string, string> = {
  video_doorbell: 'doorbell',
  alarm_base_station: 'alarm',
  indoor_camera: 'indoor cam',
  outdoor_camera: 'outdoor cam',
  floodlight_camera: 'floodlight cam',
  spotlight_camera: 'spotlight cam',
  battery: 'battery pack',
};
const HOMES: Record<string, string> = { house: 'in houses', apartment: 'in apartments', townhouse: 'in townhouses', condo: 'in condos' };

const human = (c: string) => SHORT[c] ?? c.replace(/_/g, ' ');
const plural = (s: string) => (s.endsWith('s') ? s : `${s}s`);
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const regionName = (r: string) => (r.length <= 2 ? r.toUpperCase() : capital(r));
/** "Outdoor Cam Pro (Plug-In)" → "outdoor cam pro"; "Spotlight Cam "Plus", Battery" → "spotlight cam plus". */
const shortProduct = (name: string) =>
  name
    .replace(/\([^)]*\)/g, '')
    .replace(/["“”]/g, '')
    .split(',')[0]
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

interface Trait {
  /** `item`: joins the head's list ("doorbell + chime owners"); `tail`: appended (", in the West"). */
  kind: 'item' | 'tail';
  text: string;
  /** An item this one refines (replaces in place when present). */
  replaces?: string;
}

interface Draft {
  owners: boolean;
  /** Browse-only: how the label states device ownership ("no devices", "12% with devices"). */
  devices: string;
  head: string;
  items: string[];
  tails: string[];
  traits: Trait[];
  next: number;
}

function render(d: Draft): string {
  if (!d.owners) {
    const what = d.items.length ? ` of ${d.items.map(plural).join(' & ')}` : '';
    return [`${d.head}${what}, ${d.devices}`, ...d.tails].join(', ');
  }
  const things = capital(d.items.join(' + '));
  return [`${things} owners`, ...d.tails].join(', ').replace(/ owners, in (houses|apartments|townhouses|condos)/, ' owners in $1');
}

function deviceMembers(x: LabelInput, s: number): number {
  if (x.deviceMembers) return x.deviceMembers[s] ?? 0;
  let most = 0;
  for (let c = 0; c < x.categories.length; c++) most = Math.max(most, x.catMembers[s * x.categories.length + c]);
  return most;
}

/** Exact where it matters: "no devices" only for none at all; a share, rounded, otherwise. */
export function devicesText(size: number, owners: number): string {
  if (owners <= 0 || size <= 0) return 'no devices';
  const percent = (100 * owners) / size;
  return percent < 1 ? '<1% with devices' : `${Math.round(percent)}% with devices`;
}

export function labelSegments(segments: SegmentProfile[], x: LabelInput): void {
  const C = x.categories.length;
  const base = x.categories.map((_, c) => segments.reduce((a, _s, s) => a + x.catMembers[s * C + c], 0) / Math.max(1, x.n));
  // Browse-only segments are told apart by what they browse compared with the other browse-only ones.
  const isBrowser = segments.map((p) => p.segment !== x.noActivitySegment && !x.categories.some((_, c) => x.sizes[p.segment] && x.catMembers[p.segment * C + c] / x.sizes[p.segment] >= 0.2));
  const browserSize = segments.reduce((a, p, i) => a + (isBrowser[i] ? x.sizes[p.segment] : 0), 0);
  const browseBase = x.categories.map((_, c) => (x.browseMembers && browserSize ? segments.reduce((a, p, i) => a + (isBrowser[i] ? x.browseMembers![p.segment * C + c] : 0), 0) / browserSize : 0));
  const drafts: Draft[] = segments.map((profile) => {
    const s = profile.segment;
    const size = x.sizes[s] ?? 0;
    const devices = devicesText(size, deviceMembers(x, s));
    const pen = (c: number) => (size ? x.catMembers[s * C + c] / size : 0);
    const lift = (c: number) => (base[c] ? pen(c) / base[c] : 0);
    const traits: Trait[] = [];
    const strong: Trait[] = [];
    const weak: Trait[] = [];
    const home = profile.attributes.home_type.find((h) => HOMES[h.value]);
    const region = profile.attributes.region.filter((r) => !r.value.startsWith('<')).sort((a, b) => b.lift - a.lift || a.value.localeCompare(b.value))[0];
    const activity = profile.activity.level === 'high' ? 'heavy app users' : profile.activity.level === 'low' ? 'low activity' : '';
    if (s === x.noActivitySegment) {
      if (home && home.lift > 1.2) strong.push({ kind: 'tail', text: HOMES[home.value] });
      if (region && region.lift > 1.2) strong.push({ kind: 'tail', text: `in the ${regionName(region.value)}` });
      return { owners: false, devices, head: 'No product activity', items: [], tails: [], traits: strong, next: 0 } as Draft & { special?: true };
    }
    const order = x.categories.map((_, c) => c).sort((a, b) => pen(b) - pen(a) || a - b);
    const owners = order.length > 0 && pen(order[0]) >= 0.2;
    const items: string[] = [];
    if (owners) {
      // Owned categories by lift among those a fair share of the segment has.
      const byLift = order.filter((c) => pen(c) >= 0.1).sort((a, b) => lift(b) - lift(a) || pen(b) - pen(a) || a - b);
      const primary = byLift.find((c) => lift(c) > 1.5 && pen(c) >= 0.2) ?? (byLift[0] !== undefined && lift(byLift[0]) > 1.1 ? byLift[0] : order[0]);
      items.push(human(x.categories[primary]));
      const named = new Set([x.categories[primary]]);
      const second = byLift.filter((c) => !named.has(x.categories[c]));
      // Products refine their category when it is already named ("floodlight cam" → "floodlight cam pro").
      const products = profile.owned
        .filter((p) => p.lift > 1.1)
        .map((p) => ({ text: shortProduct(p.name), category: x.productCategory?.(p.product) }))
        .filter((p, i, all) => p.text && all.findIndex((q) => q.text === p.text) === i && p.text !== items[0])
        .map((p): Trait => ({ kind: 'item', text: p.text, replaces: p.category !== undefined ? human(p.category) : undefined }));
      if (second[0] !== undefined && lift(second[0]) > 1.5) strong.push({ kind: 'item', text: human(x.categories[second[0]]) });
      else if (products[0]) strong.push(products.shift()!);
      if (activity) strong.push({ kind: 'tail', text: activity });
      // A notable absence: a category at least 15% of all users own, (almost) nobody here owns.
      const absent = x.categories
        .map((_, c) => c)
        .filter((c) => base[c] >= 0.15 && pen(c) < 0.02)
        .sort((a, b) => base[b] - base[a] || a - b)[0];
      if (home && home.lift > 1.2) strong.unshift({ kind: 'tail', text: HOMES[home.value] });
      if (region && region.lift > 1.2) strong.push({ kind: 'tail', text: `in the ${regionName(region.value)}` });
      if (absent !== undefined) strong.push({ kind: 'tail', text: `no ${human(x.categories[absent])}` });
      // Weaker traits, used only when the strong ones do not tell segments apart.
      weak.push(...products);
      if (home && home.lift > 1 && home.lift <= 1.2) weak.push({ kind: 'tail', text: HOMES[home.value] });
      if (region && region.lift > 1 && region.lift <= 1.2) weak.push({ kind: 'tail', text: `in the ${regionName(region.value)}` });
      for (const c of second.slice(1)) if (lift(c) > 1.05) weak.push({ kind: 'item', text: human(x.categories[c]) });
    } else {
      // Browse-only: what they look at most, relative to everyone.
      if (x.browseMembers) {
        const bpen = (c: number) => (size ? x.browseMembers![s * C + c] / size : 0);
        const browsed = x.categories
          .map((_, c) => c)
          .filter((c) => bpen(c) >= 0.2 && browseBase[c] > 0)
          .sort((a, b) => bpen(b) / browseBase[b] - bpen(a) / browseBase[a] || bpen(b) - bpen(a) || a - b);
        if (browsed[0] !== undefined) items.push(human(x.categories[browsed[0]]));
        for (const c of browsed.slice(1, 3)) weak.push({ kind: 'item', text: human(x.categories[c]) });
      }
      if (home && home.lift > 1.2) strong.push({ kind: 'tail', text: HOMES[home.value] });
      if (region && region.lift > 1.2) strong.push({ kind: 'tail', text: `in the ${regionName(region.value)}` });
      if (activity && activity !== 'low activity') strong.push({ kind: 'tail', text: activity });
      if (home && home.lift > 1 && home.lift <= 1.2) weak.push({ kind: 'tail', text: HOMES[home.value] });
      if (region && region.lift > 1 && region.lift <= 1.2) weak.push({ kind: 'tail', text: `in the ${regionName(region.value)}` });
    }
    traits.push(...strong, ...weak);
    return { owners, devices, head: owners ? '' : 'Browsers', items, tails: [], traits, next: 0 };
  });

  // Rounds: every segment whose label is shared takes its next trait that still fits.
  const text = (d: Draft, s: number) => (s >= 0 && segments[s].segment === x.noActivitySegment ? [d.head, ...d.tails].join(', ') : render(d));
  for (;;) {
    const labels = drafts.map((d, i) => text(d, i));
    const count = new Map<string, number>();
    for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
    let moved = false;
    drafts.forEach((d, i) => {
      if ((count.get(labels[i]) ?? 0) < 2) return;
      while (d.next < d.traits.length) {
        const t = d.traits[d.next++];
        const list = t.kind === 'item' ? d.items : d.tails;
        if (list.includes(t.text)) continue;
        const before = list.slice();
        const at = t.replaces !== undefined ? list.indexOf(t.replaces) : -1;
        if (at >= 0) list[at] = t.text;
        else list.push(t.text);
        if (text(d, i).length <= MAX_LENGTH) {
          moved = true;
          break;
        }
        list.splice(0, list.length, ...before);
      }
    });
    if (!moved) break;
  }
  const used = new Set<string>();
  drafts.forEach((d, i) => {
    let label = text(d, i);
    if (used.has(label)) {
      let k = 2;
      while (used.has(`${label} (${k})`)) k++;
      label = `${label} (${k})`;
    }
    used.add(label);
    segments[i].label = label;
  });
}
