import { GraphDb, cypher, localServerSettings, migrate, repoRoot, resolveNeo4jConfig, setting, splitStatements } from '@graphrec/neo4j';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { IngestSummary } from '../ingest';
import { FileProgress } from '../ingest-file';
import { planSources } from '../plan';
import { quarantinePath } from '../quarantine';
import { IMPORTER_ID_TYPE } from './importer-files';
import { prepareImport } from './prepare';

/** The bulk load cannot run here (external server, non-empty database): nothing was changed. */
export class BulkLoadRefused extends Error {
  override name = 'BulkLoadRefused';
}

export interface BulkLoadOptions {
  /** The importer's --threads (default: every core). */
  threads?: number;
  /** Worker threads validating large events CSV files (default: every core; 1 = main thread only). */
  validationWorkers?: number;
  /** Events files at least this large are validated in parallel (tests lower it). */
  parallelMinBytes?: number;
  rejectedDir?: string;
  maxLineBytes?: number;
  /** Keep the importer's CSV files and log (in <dataDir>/bulk-import-<ms>) after a successful load. */
  keepFiles?: boolean;
  env?: NodeJS.ProcessEnv;
  onFileStart?: (file: { path: string; kind: string; index: number; total: number; bytes: number }) => void;
  onProgress?: (p: Pick<FileProgress, 'path' | 'kind' | 'bytesDone' | 'bytesTotal' | 'rows'>) => void;
  /** One line per phase (stopping the server, importing, ...), for the command's stderr. */
  onPhase?: (message: string) => void;
}

export interface BulkLoadSummary extends IngestSummary {
  nodes: number;
  relationships: number;
  events: number;
  threads: number | 'default';
  validationWorkers: number;
  /** Events files that worker threads validated. */
  parallelFiles: number;
  /** Seconds per phase: validating and writing the importer's files, the importer, server start, schema and indexes. */
  phases: { validate: number; import: number; start: number; schema: number };
  /** The importer's own "Peak memory usage" line, e.g. "1.004GiB". */
  importerPeakMemory?: string;
}

interface ScriptResult {
  code: number;
  output: string;
}

/** Runs scripts/neo4j.mjs (the one owner of the local server's process) with `env`. */
function neo4jScript(args: string[], env: NodeJS.ProcessEnv, logFile?: string): Promise<ScriptResult> {
  const fd = logFile ? openSync(logFile, 'a') : undefined;
  const child = spawn(process.execPath, [join(repoRoot(), 'scripts', 'neo4j.mjs'), ...args], {
    cwd: repoRoot(),
    env,
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (fd !== undefined) closeSync(fd);
      resolve({ code: code ?? 1, output });
    });
  });
}

async function must(args: string[], env: NodeJS.ProcessEnv, what: string): Promise<void> {
  const r = await neo4jScript(args, env);
  if (r.code !== 0) throw new Error(`${what} failed (scripts/neo4j.mjs ${args[0]}, exit ${r.code}):\n${r.output.trim()}`);
}

async function hasData(env: NodeJS.ProcessEnv): Promise<boolean> {
  const db = new GraphDb(resolveNeo4jConfig(env));
  try {
    const [row] = await db.read<{ hasData: boolean }>(cypher('status/has-data'));
    return row.hasData;
  } finally {
    await db.close();
  }
}

const tail = (file: string, lines = 25) => {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => !/^[. ]+\d+%/.test(l)).slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
};

/**
 * The first load of the local server's database through Neo4j's importer: validate and write the
 * importer's files while the server still runs, stop it, import, start it, apply the schema and
 * wait until every index is online. Refuses an external server (NEO4J_URI) and a database that
 * holds data (anything but schema bookkeeping), before changing anything.
 */
export async function bulkLoad(paths: string[], options: BulkLoadOptions = {}): Promise<BulkLoadSummary> {
  const started = Date.now();
  const env = { ...(options.env ?? process.env) };
  const phase = options.onPhase ?? (() => undefined);
  if (setting(env, 'NEO4J_URI', '')) {
    throw new BulkLoadRefused(
      'the bulk load writes a new database offline with Neo4j\'s importer and works only with the local server; ' +
        'NEO4J_URI is set (an external server): load it with `graphrec ingest DIR` (transactional), or unset NEO4J_URI',
    );
  }
  const server = localServerSettings(env);
  const database = resolveNeo4jConfig(env).database;
  const sources = await planSources(paths, 'native', { maxLineBytes: options.maxLineBytes });
  const storeExists = existsSync(join(server.dataDir, 'data', 'databases', database, 'neostore'));
  const running = (await neo4jScript(['status'], env)).code === 0;
  const refuseIfData = async () => {
    if (await hasData(env)) {
      throw new BulkLoadRefused(
        `the database "${database}" in ${server.dataDir} is not empty; the bulk load is for the first load only. ` +
          'Load more data with `graphrec ingest DIR` (transactional, resumable), or point NEO4J_DATA_DIR at an empty or missing folder',
      );
    }
  };
  if (storeExists || running) {
    // Only a running server can say what the store holds; one that was stopped is started to ask.
    if (!running) phase('starting the local server to check that its database is empty');
    await must(['start'], env, 'starting Neo4j');
    await refuseIfData();
  }

  const stamp = Date.now();
  const workDir = join(server.dataDir, `bulk-import-${stamp}`);
  mkdirSync(workDir, { recursive: true });
  const fallback = join(repoRoot(), '.data', 'rejected');
  phase(`validating ${sources.length} file(s) into importer files in ${workDir}`);
  const t0 = Date.now();
  const prepared = await prepareImport(sources, workDir, {
    stamp,
    workers: options.validationWorkers ?? availableParallelism(),
    parallelMinBytes: options.parallelMinBytes,
    maxLineBytes: options.maxLineBytes,
    quarantinePathOf: (s) => quarantinePath(s.path, fallback, options.rejectedDir),
    onFileStart: options.onFileStart,
    onProgress: options.onProgress,
  });
  const validateSeconds = (Date.now() - t0) / 1000;

  if ((await neo4jScript(['status'], env)).code === 0) {
    await refuseIfData(); // written to while we validated: still refuse rather than overwrite
    phase('stopping the local server');
    await must(['stop'], env, 'stopping Neo4j');
  }
  const t1 = Date.now();
  const threads = options.threads;
  const importerArgs = [
    ...prepared.inputArgs,
    // The validation numbered every node: no id mapping in the importer (importer-files.ts).
    `--id-type=${IMPORTER_ID_TYPE}`,
    '--array-delimiter=U+001F',
    // The files are validated: any entry the importer still finds bad is a bug, not data to skip.
    '--bad-tolerance=0',
    `--report-file=${join(workDir, 'import.report')}`,
    // The store is missing or was checked to be empty above.
    '--overwrite-destination=true',
    ...(prepared.multiline ? ['--multiline-fields=true'] : []),
    ...(threads ? [`--threads=${threads}`] : []),
    database,
  ];
  const logFile = join(workDir, 'import.log');
  phase(`importing ${prepared.nodes} nodes and ${prepared.relationships} relationships (log ${logFile})`);
  const imported = await neo4jScript(['import', ...importerArgs], env, logFile);
  if (imported.code !== 0) {
    throw new Error(`Neo4j's importer failed (exit ${imported.code}); files and log kept in ${workDir}. Tail of the log:\n${tail(logFile)}`);
  }
  const importSeconds = (Date.now() - t1) / 1000;
  const importerPeakMemory = /Peak memory usage: (\S+)/.exec(readFileSync(logFile, 'utf8'))?.[1];

  phase('starting the local server');
  const t2 = Date.now();
  await must(['start'], env, 'starting Neo4j after the import');
  const startSeconds = (Date.now() - t2) / 1000;

  phase('applying the schema and waiting for indexes');
  const t3 = Date.now();
  const db = new GraphDb(resolveNeo4jConfig(env));
  try {
    // The uniqueness constraints (one label each) build their indexes at once rather than one after
    // the other: the small labels' populate beside Event's. migrate() then finds them (IF NOT EXISTS)
    // and applies and records everything as usual, so a statement that failed here (a transient
    // schema conflict) is simply run again there, and a real error is reported there.
    await Promise.allSettled(splitStatements(cypher('schema/001_constraints')).map((statement) => db.run(statement)));
    await migrate(db);
    await db.run(cypher('migrations/await-indexes'));
  } finally {
    await db.close();
  }
  const schemaSeconds = (Date.now() - t3) / 1000;
  if (!options.keepFiles) rmSync(workDir, { recursive: true, force: true });

  const sum = (key: 'loaded' | 'unchanged' | 'rejected') => prepared.files.reduce((n, f) => n + f[key], 0);
  return {
    files: prepared.files,
    loaded: sum('loaded'),
    unchanged: sum('unchanged'),
    rejected: sum('rejected'),
    seconds: (Date.now() - started) / 1000,
    nodes: prepared.nodes,
    relationships: prepared.relationships,
    events: prepared.events,
    threads: threads ?? 'default',
    validationWorkers: options.validationWorkers ?? availableParallelism(),
    parallelFiles: prepared.parallelFiles,
    phases: { validate: validateSeconds, import: importSeconds, start: startSeconds, schema: schemaSeconds },
    importerPeakMemory,
  };
}
