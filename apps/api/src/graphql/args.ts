import { ID_PATTERN, ID_RULE } from '@graphrec/graph-model';
/**
 * Arguments checked at the edge: each @ArgsType class owns its checks as a zod schema built from
 * the configured limits, and its defaults (the same constant feeds the schema's `defaultValue`
 * and the check, so a default is written once). Resolvers call `checkArgs` first and hand the
 * services values that are already valid; a bad argument is BAD_USER_INPUT naming it.
 * (class-validator is not a dependency; zod already is, for the row schemas.)
 */
import { z } from 'zod';
import { ApiError } from '../common/errors';
import type { ApiLimits } from '../config/config';

/** An @ArgsType class with its checks: a static `schema` from the configured limits. */
export interface CheckedArgs<S extends z.ZodType> {
  schema(limits: ApiLimits): S;
}

/** Schemas are built once per args class and limits object (a server has one). */
const built = new WeakMap<object, WeakMap<ApiLimits, z.ZodType>>();

/** The checked arguments (defaults applied, nulls normalised), or BAD_USER_INPUT naming the first bad one. */
export function checkArgs<S extends z.ZodType>(type: CheckedArgs<S>, value: unknown, limits: ApiLimits): z.output<S> {
  let byLimits = built.get(type);
  if (!byLimits) built.set(type, (byLimits = new WeakMap()));
  let schema = byLimits.get(limits) as S | undefined;
  if (!schema) byLimits.set(limits, (schema = type.schema(limits)));
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const argument = issue.path.length ? issue.path.join('.') : 'arguments';
    throw new ApiError('BAD_USER_INPUT', `${argument}: ${issue.message}`, { argument: String(issue.path[0] ?? 'arguments') });
  }
  return parsed.data;
}

/** An external id: non-empty, no whitespace or control characters, at most 128 characters (the ingest rule). */
export const externalIdArg = z.string().regex(ID_PATTERN, ID_RULE);

/** A page size within 1..max, `fallback` when absent or null (GraphQL passes an explicit null through). */
export const pageSizeArg = (max: number, fallback: number) =>
  z
    .number()
    .int(`must be an integer from 1 to ${max}`)
    .min(1, `must be an integer from 1 to ${max}`)
    .max(max, `must be an integer from 1 to ${max}`)
    .nullish()
    .transform((v) => v ?? fallback);
