import { EntityKind, RecordOf, RowSchemas, ValidationLimits, describeIssues, limitsFromEnv, rowSchemas } from '@graphrec/graph-model';

let cached: { key: string; schemas: RowSchemas } | undefined;

/**
 * The row schemas under the limits the environment configures (GRAPHREC_TIME_FLOOR, ...), shared
 * by file ingest and trackEvent so both apply one rule. Rebuilt only when those variables change.
 */
export function configuredSchemas(env: NodeJS.ProcessEnv = process.env): RowSchemas {
  const key = ['GRAPHREC_TIME_FLOOR', 'GRAPHREC_MAX_PRICE', 'GRAPHREC_RATING_MAX', 'GRAPHREC_MAX_WEIGHT'].map((k) => env[k] ?? '').join('\u0000');
  if (cached?.key !== key) cached = { key, schemas: rowSchemas(limitsFromEnv(env)) };
  return cached.schemas;
}

/** Schemas for explicit limits (tests, callers with their own clock). */
export const schemasFor = (limits: ValidationLimits): RowSchemas => rowSchemas(limits);

export function validateRecord<K extends EntityKind>(kind: K, row: unknown, schemas: RowSchemas = configuredSchemas()): { record?: RecordOf[K]; reason?: string } {
  try {
    const parsed = schemas[kind].safeParse(row);
    if (parsed.success) return { record: parsed.data as RecordOf[K] };
    return { reason: describeIssues(parsed.error) };
  } catch (error) {
    // A parser that throws (a date it cannot format, say) must cost one row, never the file.
    return { reason: `invalid row: ${error instanceof Error ? error.message : String(error)}` };
  }
}
