/** Text for the side panel and the segment overview: pure so it is tested without a DOM. */
import { humanName, humanValue, isHiddenProperty, isWordValued, slotOf } from './property-names';
import type { Json } from './types';

export function formatValue(value: Json | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  // Long lists (embedding vectors) would swamp the panel: show the start and the length.
  if (Array.isArray(value)) return value.length > 6 ? `${value.slice(0, 4).map((v) => formatValue(v)).join(', ')}, … (${value.length} values)` : value.map((v) => formatValue(v)).join(', ');
  // Small maps (an edge's events by type): "view 3, purchase 1" reads better than JSON.
  return Object.entries(value)
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${formatValue(v)}`)
    .join(', ');
}

/**
 * Property rows for a <dl>: human names (property-names.ts), bookkeeping left out, sorted by name.
 * Where a view adds a live figure (`holders`) beside the served run's (`holders_a`), one row shows,
 * the live one; vocabulary values read as words ("video doorbell").
 */
export function propertyRows(properties: Record<string, Json> | null | undefined): [string, string][] {
  const props = properties ?? {};
  const keys = Object.keys(props).filter((key) => !isHiddenProperty(key));
  const present = new Set(keys);
  return keys
    .filter((key) => {
      const base = slotOf(key);
      return !(base && present.has(base));
    })
    .map((key): [string, string] => {
      const value = props[key];
      return [humanName(key), typeof value === 'string' && isWordValued(key) ? humanValue(value) : formatValue(value)];
    })
    .sort((a, b) => a[0].localeCompare(b[0]));
}

export function formatScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(3) : String(score);
}

function asObject(value: Json | undefined): Record<string, Json> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/**
 * A one-line summary of a segment profile. The profile is JSON whose shape belongs to
 * libs/segments; read the parts known today (over-represented owned products by lift, activity, next product)
 * defensively, and fall back to trimmed JSON for anything else.
 */
export function profileSummary(profile: Json, maxLength = 160): string {
  const p = asObject(profile);
  if (!p) return profile === null ? '' : formatValue(profile).slice(0, maxLength);
  const parts: string[] = [];
  if (Array.isArray(p.owned)) {
    // "owns X ×0.4" would say the opposite of the number: only over-represented products are traits.
    const owned = p.owned
      .map(asObject)
      .filter((o): o is Record<string, Json> => o !== null && (typeof o.lift !== 'number' || o.lift > 1))
      .slice(0, 3)
      .map((o) => `${formatValue(o.name ?? o.product)}${typeof o.lift === 'number' ? ` ×${o.lift.toFixed(1)}` : ''}`);
    if (owned.length) parts.push(`owns ${owned.join(', ')}`);
  }
  const activity = asObject(p.activity);
  if (activity && typeof activity.level === 'string') parts.push(`${activity.level} activity`);
  const next = asObject(p.next);
  if (next) parts.push(`next: ${formatValue(next.name ?? next.productName ?? next.product ?? next.productId)}`);
  const text = parts.length ? parts.join('; ') : JSON.stringify(profile);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
