import { BulkLoadRefused, BulkLoadSummary, FileFormatError, ImporterValueError, bulkLoad } from '@graphrec/ingest';
import { createProgress } from '../progress';
import type { IngestCommandOptions } from './ingest';
import { formatSummary } from './ingest';

export function formatBulkSummary(summary: BulkLoadSummary): string {
  const p = summary.phases;
  return [
    formatSummary(summary),
    `bulk: ${summary.nodes} nodes, ${summary.relationships} relationships (${summary.events} events) with ${summary.threads} importer thread(s), ${summary.validationWorkers} validation worker(s) (${summary.parallelFiles} file(s) split); ` +
      `validate ${p.validate.toFixed(1)}s, import ${p.import.toFixed(1)}s, start ${p.start.toFixed(1)}s, schema and indexes ${p.schema.toFixed(1)}s; ` +
      `${Math.round(summary.events / summary.seconds)} events/s end to end; importer peak memory ${summary.importerPeakMemory ?? '?'}`,
  ].join('\n');
}

/** `graphrec ingest --bulk DIR`: returns the exit code (2 for unusable input and for a refusal, like every command). */
export async function runBulkIngest(paths: string[], options: IngestCommandOptions): Promise<number> {
  if (options.format !== 'native' || options.kind !== undefined) {
    process.stderr.write('graphrec ingest --bulk: reads native files only (products|users|devices|ownerships|events[-part].csv|jsonl); --format and --kind do not apply\n');
    return 2;
  }
  const progress = createProgress();
  let summary: BulkLoadSummary;
  try {
    summary = await bulkLoad(paths, {
      threads: options.threads,
      validationWorkers: options.validationWorkers,
      rejectedDir: options.rejectedDir,
      maxLineBytes: options.maxLineBytes,
      onPhase: (message) => {
        progress.stop();
        process.stderr.write(`bulk: ${message}\n`);
      },
      onFileStart: (file) => progress.start(`${file.kind} ${file.index + 1}/${file.total}`, file.bytes, 'bytes'),
      onProgress: (p) => progress.update(p.bytesDone, { rows: p.rows }),
    });
  } catch (error) {
    progress.stop();
    if (error instanceof BulkLoadRefused) {
      process.stderr.write(`graphrec ingest --bulk: refused: ${error.message}\n`);
      return 2;
    }
    if (error instanceof FileFormatError || error instanceof ImporterValueError) {
      process.stderr.write(`graphrec ingest --bulk: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  progress.stop();
  // This process's peak RSS (validation), beside the importer's own figure, for the benchmark.
  const report = { ...summary, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : formatBulkSummary(summary) + '\n');
  if (summary.loaded + summary.unchanged === 0) {
    process.stderr.write(`nothing could be loaded: ${summary.rejected ? 'every row was rejected' : 'the files hold no rows'}\n`);
    return 1;
  }
  return 0;
}
