/** Neo4j driver values to plain JSON (temporal and spatial types print as ISO text). */
export function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return String(value);
}

/**
 * Node or relationship properties for clients: plain values, without long numeric lists
 * (embedding vectors) that would bloat every answer and mean nothing to a reader.
 */
export function displayProperties(props: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props ?? {})) {
    if (Array.isArray(value) && value.length > 32 && value.every((v) => typeof v === 'number')) continue;
    out[key] = plain(value);
  }
  return out;
}

/** Opaque cursors: base64url of a JSON value, so clients cannot come to depend on their shape. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
