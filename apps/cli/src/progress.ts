import type { GraphDb } from '@graphrec/neo4j';
import { HeteroGraph, Neo4jProjectionOptions, projectFromNeo4j } from '@graphrec/projection';
import { MultiBar, Presets, SingleBar } from 'cli-progress';
import { sharedProjection } from './projection-scope';

export interface ProgressReporter {
  /** Starts a task measured in `total` units (bytes, users ...). */
  start(label: string, total: number, unit: string): void;
  update(done: number, counters?: Record<string, number>): void;
  stop(): void;
}

/** Whole numbers for fast counters (rows/s), two significant digits for slow ones (epochs/s). */
const rate = (n: number, seconds: number) => (seconds > 0 ? (n / seconds >= 10 ? Math.round(n / seconds) : Number((n / seconds).toPrecision(2))) : 0);

/** A bar with rows/s and ETA on a terminal; one plain line every few seconds otherwise (CI, logs). */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000): ProgressReporter {
  return stream.isTTY ? new TerminalProgress(stream) : new LogProgress(stream, intervalMs);
}

class TerminalProgress implements ProgressReporter {
  private bar: SingleBar | undefined;
  private readonly multi: MultiBar;
  private started = 0;

  constructor(stream: NodeJS.WriteStream) {
    this.multi = new MultiBar(
      {
        stream,
        hideCursor: true,
        clearOnComplete: false,
        format: '{label} |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted} {extra}',
      },
      Presets.shades_classic,
    );
  }

  start(label: string, total: number): void {
    this.bar?.stop();
    this.started = Date.now();
    this.bar = this.multi.create(Math.max(total, 1), 0, { label: label.padEnd(14), rows: 0, rate: 0, extra: '' });
  }

  update(done: number, counters: Record<string, number> = {}): void {
    const rows = counters.rows ?? done;
    const extra = Object.entries(counters)
      .filter(([k]) => k !== 'rows')
      .map(([k, v]) => `${k} ${v}`)
      .join(' ');
    this.bar?.update(done, { rows, rate: rate(rows, (Date.now() - this.started) / 1000), extra });
  }

  stop(): void {
    this.multi.stop();
  }
}

class LogProgress implements ProgressReporter {
  private label = '';
  private unit = 'rows';
  private total = 0;

  private started = 0;
  private lastLog = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs: number,
  ) {}

  start(label: string, total: number, unit: string): void {
    Object.assign(this, { label, total, unit, started: Date.now(), lastLog: Date.now() });
    this.stream.write(`${label}: started (${total} ${unit})\n`);
  }

  update(done: number, counters: Record<string, number> = {}): void {
    const now = Date.now();
    if (now - this.lastLog < this.intervalMs && done < this.total) return;
    this.lastLog = now;
    const seconds = (now - this.started) / 1000;
    const rows = counters.rows ?? done;
    const eta = done > 0 && done < this.total ? ` ETA ${Math.round((seconds * (this.total - done)) / done)}s` : '';
    const extra = Object.entries(counters)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const pct = this.total ? Math.floor((100 * done) / this.total) : 100;
    this.stream.write(`${this.label}: ${pct}% ${extra} ${rate(rows, seconds)} ${counters.rows === undefined ? this.unit : 'rows'}/s${eta}\n`);
  }

  stop(): void {
    /* nothing to clear */
  }
}

/**
 * The projection from Neo4j behind a progress bar (one step per projection query). Inside a flow
 * run's `withSharedProjection` scope, the run's one shared projection (projection-scope.ts).
 */
export async function projectWithProgress(db: GraphDb, options: Neo4jProjectionOptions = {}): Promise<HeteroGraph> {
  const shared = sharedProjection(options, (o) => projectFresh(db, o));
  if (shared) return shared;
  return projectFresh(db, options);
}

async function projectFresh(db: GraphDb, options: Neo4jProjectionOptions): Promise<HeteroGraph> {
  const progress = createProgress();
  const queries = ['products', 'users', 'devices', 'ownerships', 'events'];
  progress.start('projection', queries.length, 'queries');
  return projectFromNeo4j(db, {
    ...options,
    onProgress: (p) => progress.update(queries.indexOf(p.query) + (p.done ? 1 : 0), { rows: p.rows }),
  }).finally(() => progress.stop());
}
