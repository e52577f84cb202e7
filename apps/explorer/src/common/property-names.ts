/**
 * Human names for the graph's property keys: the one table the panel, edge tooltips and legends
 * read. Per-run figures carry the run's slot as a suffix (`buyers_a`, `holders_b`: libs/writeback
 * writes the next run beside the served one); the name is the same whichever slot it is.
 * A key not listed is shown as words ("signup_date" → "Signup date") rather than hidden.
 */
export const PROPERTY_NAMES: Readonly<Record<string, string>> = {
  id: 'ID',
  name: 'Name',
  category: 'Category',
  price: 'Price',
  compatible_with: 'Works with',
  buyers: 'Buyers',
  holders: 'Holders',
  engaged: 'Engaged users',
  popularity: 'Conversion rate (smoothed)',
  home_type: 'Home type',
  region: 'Region',
  signup_date: 'Signed up',
  status: 'Status',
  purchase_date: 'Bought on',
  segmentId: 'Segment',
  label: 'Label',
  size: 'Members',
  runId: 'Run',
  type: 'Type',
  timestamp: 'When',
  value: 'Value',
  score: 'Score',
  cosine: 'Embedding cosine',
  share: 'Share',
  coUsers: 'Users with both',
  rank: 'Rank',
  users: 'Users holding both',
  lift: 'Lift',
  total: 'Events',
  lastAt: 'Last event',
  events: 'Events by type',
};

/** Bookkeeping the analyst has no use for: change stamps, stub markers, embedding vectors. */
const HIDDEN = /^(changedAt|stub|embedding(_[ab])?|profile)$/;

/** Slot suffixes of per-run figures (see the header). */
const SLOT = /^(.+)_([ab])$/;

export function humanName(key: string): string {
  const known = PROPERTY_NAMES[key];
  if (known) return known;
  const slot = SLOT.exec(key);
  if (slot && PROPERTY_NAMES[slot[1]]) return PROPERTY_NAMES[slot[1]];
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

/** The figure a per-run key is a slot of (`holders_a` → `holders`), when it is one of the named figures. */
export function slotOf(key: string): string | undefined {
  const slot = SLOT.exec(key);
  return slot && PROPERTY_NAMES[slot[1]] ? slot[1] : undefined;
}

/** Keys whose values come from a vocabulary (snake_case words), shown as words. */
const WORD_VALUED = new Set(['category', 'type', 'home_type', 'region', 'status']);

export function isWordValued(key: string): boolean {
  return WORD_VALUED.has(key);
}

export function isHiddenProperty(key: string): boolean {
  return HIDDEN.test(key);
}

/** Event types and categories as words ("add_to_cart" → "add to cart"). */
export function humanValue(value: string): string {
  return value.replace(/_/g, ' ');
}
