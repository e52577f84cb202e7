/**
 * Which `User` properties may leave the system as export columns (`graphrec export segments
 * --attributes`, the API's `?attributes=`). An allowlist, not a pattern: a pattern let any property
 * out, including ones a later feature stores on users (tokens, notes, scores) that a CRM must never
 * receive. The list is the profile a users.csv carries (libs/graph-model `COLUMNS.users`, less the
 * id, which is already a column). MovieLens' demographics (age, gender, occupation, zip) are
 * personal data of a public research set and deliberately left out; adding a name here is a decision.
 */
import { COLUMNS } from '@graphrec/graph-model';
import { WritebackError } from '@graphrec/writeback';

export const PROFILE_ATTRIBUTES: readonly string[] = Object.freeze(COLUMNS.users.filter((c) => c !== 'id'));

/**
 * A requested attribute that is not on the allowlist (or is listed twice). `code` is 'BAD_INPUT'
 * like every unusable option, so the CLI exits 2 and the API answers 400 without special cases;
 * `attribute` names the offending entry for callers that want to point at it.
 */
export class AttributeError extends WritebackError {
  constructor(
    readonly attribute: string,
    message: string,
  ) {
    super('BAD_INPUT', message);
    this.name = 'AttributeError';
  }
}

/**
 * Checks requested attributes against `PROFILE_ATTRIBUTES` and returns them in the order given.
 * Accepts the comma-separated text of an option or query parameter, or a list; blanks are
 * dropped, so `undefined`, '' and [] all mean "no extra columns". Throws `AttributeError`.
 */
export function parseAttributes(list: string | readonly string[] | undefined | null): string[] {
  if (list === undefined || list === null) return [];
  const names = (typeof list === 'string' ? list.split(',') : [...list]).map((a) => a.trim()).filter(Boolean);
  const seen = new Set<string>();
  for (const name of names) {
    if (!PROFILE_ATTRIBUTES.includes(name)) {
      // JSON.stringify: the name comes from a request and may hold control characters.
      throw new AttributeError(name, `unknown user attribute ${JSON.stringify(name.slice(0, 64))}; exportable attributes: ${PROFILE_ATTRIBUTES.join(', ')}`);
    }
    if (seen.has(name)) throw new AttributeError(name, `user attribute "${name}" is listed twice`);
    seen.add(name);
  }
  return names;
}
