import { EntityKind } from '@graphrec/graph-model';
import { ResumePoint, Source, SourceItem } from './source';

/** A run of consecutive rows of a file; `end` and `nextLine` say where reading resumes after it. */
export interface Batch<K extends EntityKind> {
  items: SourceItem<K>[];
  end: number;
  nextLine: number;
}

/** Lines a row spans: a quoted CSV field may hold line breaks. */
const lineSpan = (raw: string) => 1 + (raw.match(/\n/g)?.length ?? 0);

export async function* batches<K extends EntityKind>(source: Source<K>, from: ResumePoint, size: number): AsyncGenerator<Batch<K>> {
  let batch: Batch<K> = { items: [], end: from.offset, nextLine: from.line };
  for await (const chunk of source.read(from)) {
    for (const item of chunk as SourceItem<K>[]) {
      batch.items.push(item);
      batch.end = item.end;
      batch.nextLine = item.lineNo + lineSpan(item.raw);
      if (batch.items.length >= size) {
        yield batch;
        batch = { items: [], end: batch.end, nextLine: batch.nextLine };
      }
    }
  }
  if (batch.items.length) yield batch;
}

/** Reads one item ahead, so the next batch is parsed while the database writes this one. */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  // If the consumer stops on an error, the read-ahead must not become an unhandled rejection.
  next.catch(() => undefined);
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = source.next();
    next.catch(() => undefined);
    yield current.value;
  }
}
