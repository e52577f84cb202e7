import { EntityKind, ROW_SCHEMAS, RecordOf, describeIssues } from '@graphrec/graph-model';

export function validateRecord<K extends EntityKind>(kind: K, row: unknown): { record?: RecordOf[K]; reason?: string } {
  const parsed = ROW_SCHEMAS[kind].safeParse(row);
  if (parsed.success) return { record: parsed.data as RecordOf[K] };
  return { reason: describeIssues(parsed.error) };
}
