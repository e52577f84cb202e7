import { EntityKind, EventRecord, PlainEvent, RecordOf, RowSchemas, ValidationLimits, describeIssues, fastEventParser, limitsFromEnv, plainEventParser, rowSchemas } from '@graphrec/graph-model';

let cached: { key: string; schemas: RowSchemas } | undefined;
/** The zod-free accepting path of each schemas object's events (built under the same limits). */
const fastEvents = new WeakMap<RowSchemas, (row: unknown) => EventRecord | undefined>();
/** The same rules on an events row's cells (the bulk load's events lane), under the same limits. */
export type PlainEventCells = ReturnType<typeof plainEventParser>;
const plainEvents = new WeakMap<RowSchemas, PlainEventCells>();

/** The plain events rule of `schemas` (built with them, so under their limits and clock). */
export function plainEventsOf(schemas: RowSchemas): PlainEventCells {
  const plain = plainEvents.get(schemas);
  if (!plain) throw new Error('these row schemas were not built by schemasFor/configuredSchemas');
  return plain;
}
export type { PlainEvent };

/**
 * The row schemas under the limits the environment configures (GRAPHREC_TIME_FLOOR, ...), shared
 * by file ingest and trackEvent so both apply one rule. Rebuilt only when those variables change.
 */
export function configuredSchemas(env: NodeJS.ProcessEnv = process.env): RowSchemas {
  const key = ['GRAPHREC_TIME_FLOOR', 'GRAPHREC_MAX_PRICE', 'GRAPHREC_RATING_MAX', 'GRAPHREC_MAX_WEIGHT'].map((k) => env[k] ?? '').join('\u0000');
  if (cached?.key !== key) cached = { key, schemas: schemasFor(limitsFromEnv(env)) };
  return cached.schemas;
}

/** Schemas for explicit limits (tests, callers with their own clock). */
export function schemasFor(limits: ValidationLimits): RowSchemas {
  const schemas = rowSchemas(limits);
  fastEvents.set(schemas, fastEventParser(limits));
  plainEvents.set(schemas, plainEventParser(limits));
  return schemas;
}

export function validateRecord<K extends EntityKind>(kind: K, row: unknown, schemas: RowSchemas = configuredSchemas()): { record?: RecordOf[K]; reason?: string } {
  try {
    // Most event rows are plain: accepted without zod, with zod's very record (rows.ts).
    const fast = kind === 'events' ? fastEvents.get(schemas)?.(row) : undefined;
    if (fast) return { record: fast as RecordOf[K] };
    const parsed = schemas[kind].safeParse(row);
    if (parsed.success) return { record: parsed.data as RecordOf[K] };
    return { reason: describeIssues(parsed.error) };
  } catch (error) {
    // A parser that throws (a date it cannot format, say) must cost one row, never the file.
    return { reason: `invalid row: ${error instanceof Error ? error.message : String(error)}` };
  }
}
