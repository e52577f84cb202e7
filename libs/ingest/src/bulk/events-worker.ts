/** Worker thread body of events-parallel.ts: validates one byte range of an events CSV file. */
import { parentPort, workerData } from 'node:worker_threads';
import { EventsJob, EventsPartResult, idsOf, partPaths } from './events-parallel';
import { ImporterFile } from './importer-files';
import { EventRefs, QuarantineStream } from './prepare';
import { validateEventsRange } from './events-lane';
import { hashIds, IdSet } from './id-set';

async function run(job: EventsJob): Promise<EventsPartResult> {
  const paths = partPaths(job.prefix);
  const out = {
    events: new ImporterFile('events', paths.events, false),
    performed: new ImporterFile('performed', paths.performed, false),
    about: new ImporterFile('about', paths.about, false),
    fromDevice: new ImporterFile('fromDevice', paths.fromDevice, false),
    stubPerformed: new ImporterFile('performed', paths.stubPerformed, false),
  };
  const refs: EventRefs = {
    products: idsOf(job.products),
    devices: idsOf(job.devices),
    users: idsOf(job.users),
    events: new IdSet(),
    stubs: new Set(),
    eventBase: job.eventBase,
    maxEvent: -1,
  };
  const quarantine = new QuarantineStream(job.quarantine);
  let counts;
  try {
    counts = await validateEventsRange(job.path, job.range, refs, out, (row, reason) => quarantine.add({ file: job.path, line: row.lineNo, raw: row.raw, reason, ...(row.rawBytes !== undefined ? { rawBytes: row.rawBytes } : {}) }), job.maxLineBytes);
  } finally {
    Object.values(out).forEach((f) => f.close());
  }
  const { rows, loaded, unchanged } = counts;
  return {
    rows,
    loaded,
    unchanged,
    rejected: quarantine.count,
    ...(job.returnIds ? { ids: [...refs.events].join('\n') } : {}),
    hashes: hashIds(refs.events, refs.events.size),
    written: refs.events.size,
    stubs: [...refs.stubs],
    multiline: Object.values(out).some((f) => f.multiline),
    fromDeviceRows: out.fromDevice.rows,
    stubPerformedRows: out.stubPerformed.rows,
    maxEvent: refs.maxEvent,
    parts: paths,
    quarantine: quarantine.finish(),
  };
}

run(workerData as EventsJob).then(
  (result) => parentPort?.postMessage({ ok: true, result }, [result.hashes]),
  (error: unknown) => parentPort?.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
