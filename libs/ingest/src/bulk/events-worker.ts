/** Worker thread body of events-parallel.ts: validates one byte range of an events CSV file. */
import { parentPort, workerData } from 'node:worker_threads';
import { csvSource } from '../native-source';
import { SourceItem } from '../source';
import { EventsJob, EventsPartResult, partPaths } from './events-parallel';
import { ImporterFile } from './importer-files';
import { acceptEvent, EventRefs, QuarantineStream } from './prepare';
import { IdSet } from './id-set';

async function run(job: EventsJob): Promise<EventsPartResult> {
  const paths = partPaths(job.prefix);
  const out = {
    events: new ImporterFile('events', paths.events, false),
    performed: new ImporterFile('performed', paths.performed, false),
    about: new ImporterFile('about', paths.about, false),
    fromDevice: new ImporterFile('fromDevice', paths.fromDevice, false),
  };
  const refs: EventRefs = { products: new Set(job.products), devices: new Set(job.devices), users: new Set(job.users), events: new IdSet(), stubs: new Set() };
  const quarantine = new QuarantineStream(job.quarantine);
  let rows = 0;
  let loaded = 0;
  let unchanged = 0;
  try {
    const source = csvSource('events', job.path, { maxLineBytes: job.maxLineBytes });
    reading: for await (const chunk of source.read({ offset: job.range.start, line: job.range.line })) {
      for (const item of chunk as SourceItem<'events'>[]) {
        if (item.end > job.range.end) break reading;
        rows++;
        const outcome = item.record === undefined ? (item.reason ?? 'invalid row') : acceptEvent(item.record, refs, out);
        if (outcome === 'loaded') loaded++;
        else if (outcome === 'unchanged') unchanged++;
        else quarantine.add({ file: job.path, line: item.lineNo, raw: item.raw, reason: outcome, ...(item.rawBytes !== undefined ? { rawBytes: item.rawBytes } : {}) });
      }
    }
  } finally {
    Object.values(out).forEach((f) => f.close());
  }
  return {
    rows,
    loaded,
    unchanged,
    rejected: quarantine.count,
    ids: [...refs.events].join('\n'),
    stubs: [...refs.stubs],
    multiline: Object.values(out).some((f) => f.multiline),
    fromDeviceRows: out.fromDevice.rows,
    parts: paths,
    quarantine: quarantine.finish(),
  };
}

run(workerData as EventsJob).then(
  (result) => parentPort?.postMessage({ ok: true, result }),
  (error: unknown) => parentPort?.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
