#!/usr/bin/env node
// Local Neo4j 5.26 Community for development and tests, embedded in a tiny JVM launcher
// (tools/neo4j). No Docker, no Neo4j install: Maven resolves the jars into ~/.m2 once.
//
//   node scripts/neo4j.mjs start|stop|status
//   node scripts/neo4j.mjs import --nodes=... --relationships=... neo4j   (bulk importer; server stopped)
//   import { ensureNeo4j, stopNeo4j, localNeo4jConfig } from './neo4j.mjs';
//
// Env: NEO4J_URI (set => external server, nothing is started), NEO4J_PORT (7687),
// NEO4J_DATA_DIR (.data/neo4j, relative paths are taken from the repo root), NEO4J_HEAP (2g),
// NEO4J_PAGECACHE (1g), NEO4J_TX_TOTAL (1g), NEO4J_TX_MAX (512m), NEO4J_PASSWORD (default:
// random, kept in <dataDir>/neo4j-password), NEO4J_START_TIMEOUT (seconds, 180).
// They are resolved in one place, libs/neo4j/src/config.ts (loaded here through tsx), which the
// CLI and the API use too; the launcher gets every value as an argument and has no defaults.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POM = path.join(REPO, 'tools/neo4j/pom.xml');
const SRC = path.join(REPO, 'tools/neo4j/src/main/java/graphrec/Neo4jLauncher.java');
const BUILD = path.join(REPO, '.data/neo4j-launcher');
const CLASSPATH_FILE = path.join(BUILD, 'classpath.txt');
const CLASSES = path.join(BUILD, 'classes');
const CLASS_FILE = path.join(CLASSES, 'graphrec/Neo4jLauncher.class');
const MAIN_CLASS = 'graphrec.Neo4jLauncher';

// JVM flags taken from Neo4j's own neo4j.conf defaults. The --add-opens matter on Java 17:
// without them the page cache falls back to slower buffers and native fadvise/preallocate
// calls fail with "Incorrect file descriptor" warnings in logs/debug.log.
const JVM_FLAGS = [
  '-XX:+UseG1GC', '-XX:-OmitStackTraceInFastThrow', '-XX:+DisableExplicitGC',
  '-XX:+UnlockExperimentalVMOptions', '-XX:+TrustFinalNonStaticFields',
  '-Djdk.nio.maxCachedBufferSize=1024', '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dlog4j2.disable.jmx=true', '-Dfile.encoding=UTF-8', '-Duser.language=en',
  '--add-opens=java.base/java.nio=ALL-UNNAMED', '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (msg) => console.error(`[neo4j] ${msg}`);

const config = tsxRequire('../libs/neo4j/src/config.ts', import.meta.url);

/** The environment with the caller's overrides (test.mjs passes its own port and data folder). */
function envWith({ port, dataDir } = {}) {
  const env = { ...process.env };
  if (port !== undefined) env.NEO4J_PORT = String(port);
  if (dataDir !== undefined) env.NEO4J_DATA_DIR = dataDir;
  return env;
}

/** The local server's settings (libs/neo4j/src/config.ts) plus where this script keeps its files. */
export function localServerSettings(opts = {}) {
  const settings = config.localServerSettings(envWith(opts));
  return { ...settings, pidFile: path.join(settings.dataDir, 'neo4j.pid'), logFile: path.join(settings.dataDir, 'neo4j.log') };
}
const resolveConfig = localServerSettings;

/** The launcher's arguments: every setting, so the launcher has nothing to resolve (or default) itself. */
export function launcherArgs(cfg) {
  return [`dataDir=${cfg.dataDir}`, `port=${cfg.port}`, `pagecache=${cfg.pageCache}`, `txTotal=${cfg.txTotal}`,
    `txMax=${cfg.txMax}`, `txLogSize=${cfg.txLogSize}`];
}

/** NEO4J_PASSWORD if given, else a random one generated once per data dir and kept next to it. */
function ensurePassword(env) {
  if (env.NEO4J_PASSWORD) return;
  const file = config.localPasswordFile(env);
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, randomBytes(18).toString('base64url') + '\n', { mode: 0o600 });
}

/** Connection settings for the app: the external server if NEO4J_URI is set, else the local one. */
export function localNeo4jConfig(opts = {}) {
  const env = envWith(opts);
  if (!config.setting(env, 'NEO4J_URI', '')) ensurePassword(env);
  const { uri, user, password, database } = config.resolveNeo4jConfig(env);
  return { uri, user, password, database };
}

const mtime = (f) => { try { return fs.statSync(f).mtimeMs; } catch { return 0; } };

function needsBuild() {
  const cpTime = mtime(CLASSPATH_FILE);
  const classTime = mtime(CLASS_FILE);
  if (!cpTime || !classTime || mtime(POM) > cpTime || mtime(SRC) > classTime) return true;
  // A copied .data/ without ~/.m2 (fresh machine) has a classpath pointing at missing jars.
  return fs.readFileSync(CLASSPATH_FILE, 'utf8').trim().split(path.delimiter).some((j) => !fs.existsSync(j));
}

// Output is shown only on failure (mvn -q still prints ANSI resets, and errors go to stdout).
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${cmd}: ${r.error.message} (is it installed and on PATH?)`);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.slice(0, 4).join(' ')} ... failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
}

/** Cold path: Maven resolves Neo4j into ~/.m2 and writes the classpath; javac compiles the launcher. */
async function buildLauncher() {
  fs.mkdirSync(BUILD, { recursive: true });
  // Two instances may start at once (dev + test); a lock directory serialises the build.
  const lock = path.join(BUILD, 'build.lock');
  for (let waited = 0; ; waited += 500) {
    try { fs.mkdirSync(lock); break; } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (Date.now() - mtime(lock) > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (waited > 15 * 60_000) throw new Error(`build lock ${lock} held too long`);
      await sleep(500);
    }
  }
  try {
    if (!needsBuild()) return false; // someone else built it while we waited
    log('building launcher: mvn dependency:build-classpath + javac (first run downloads ~145 MB)');
    const tmpCp = `${CLASSPATH_FILE}.tmp`;
    run('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${tmpCp}`]);
    fs.rmSync(CLASSES, { recursive: true, force: true });
    run('javac', ['--release', '17', '-nowarn', '-cp', fs.readFileSync(tmpCp, 'utf8').trim(), '-d', CLASSES, SRC]);
    fs.renameSync(tmpCp, CLASSPATH_FILE);
    return true;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Pid from the pid file if that process is alive and really is our launcher (pids get reused). */
function livePid(cfg) {
  let pid;
  try { pid = Number(fs.readFileSync(cfg.pidFile, 'utf8').trim()); } catch { return null; }
  if (!pid) return null;
  try {
    if (/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))) return null; // zombie
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(MAIN_CLASS) ? pid : null;
  } catch { return null; }
}

function portAnswers(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function tail(file, lines = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return `(no ${file})`; }
}

/** Starts the local Neo4j unless it already runs (or NEO4J_URI points elsewhere); resolves once Bolt answers. */
export async function ensureNeo4j(opts = {}) {
  if (config.setting(process.env, 'NEO4J_URI', '')) return { ...localNeo4jConfig(opts), external: true, started: false };
  const cfg = resolveConfig(opts);
  const conn = localNeo4jConfig(opts);
  const running = livePid(cfg);
  if (running && (await portAnswers(cfg.port))) return { ...conn, pid: running, started: false };
  if (running) throw new Error(`pid ${running} (${cfg.pidFile}) is alive but port ${cfg.port} does not answer; run stop first`);
  if (await portAnswers(cfg.port)) throw new Error(`port ${cfg.port} is already used by another process`);
  fs.rmSync(cfg.pidFile, { force: true }); // stale after kill -9 / reboot; Neo4j replays its tx log

  const t0 = Date.now();
  const built = needsBuild() ? await buildLauncher() : false;
  const buildSeconds = (Date.now() - t0) / 1000;

  const t1 = Date.now();
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  const logOffset = mtime(cfg.logFile) ? fs.statSync(cfg.logFile).size : 0;
  const out = fs.openSync(cfg.logFile, 'a');
  const classpath = `${fs.readFileSync(CLASSPATH_FILE, 'utf8').trim()}${path.delimiter}${CLASSES}`;
  const child = spawn('java', [`-Xms${cfg.heap}`, `-Xmx${cfg.heap}`, ...JVM_FLAGS, '-cp', classpath, MAIN_CLASS, ...launcherArgs(cfg)], {
    cwd: cfg.dataDir, detached: true, stdio: ['ignore', out, out],
    env: { ...process.env, NEO4J_PASSWORD: conn.password },
  });
  fs.closeSync(out);
  let exited = null;
  child.once('exit', (code, signal) => { exited = signal ?? `exit code ${code}`; });
  child.once('error', (e) => { exited = e.message; });
  child.unref(); // the server outlives this script
  if (child.pid) fs.writeFileSync(cfg.pidFile, `${child.pid}\n`);

  // Ready = launcher printed READY (auth set up, db online) AND the Bolt port accepts connections.
  const deadline = t1 + cfg.startTimeoutSeconds * 1000;
  for (;;) {
    const logText = fs.readFileSync(cfg.logFile, 'utf8').slice(logOffset);
    if (/^READY /m.test(logText) && (await portAnswers(cfg.port))) break;
    if (exited || Date.now() > deadline) {
      if (!exited) try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
      fs.rmSync(cfg.pidFile, { force: true });
      throw new Error(`Neo4j did not start (${exited ?? 'timeout'}). Tail of ${cfg.logFile}:\n${tail(cfg.logFile)}` +
        `\nTail of ${path.join(cfg.dataDir, 'logs/debug.log')}:\n${tail(path.join(cfg.dataDir, 'logs/debug.log'), 15)}`);
    }
    await sleep(250);
  }
  const startSeconds = (Date.now() - t1) / 1000;
  return { ...conn, pid: child.pid, started: true, built, buildSeconds, startSeconds };
}

/** SIGTERM (clean shutdown via the launcher's hook), SIGKILL after 60 s. Returns false if nothing ran. */
export async function stopNeo4j(opts = {}) {
  const cfg = resolveConfig(opts);
  const pid = livePid(cfg);
  if (!pid) { fs.rmSync(cfg.pidFile, { force: true }); return false; }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (livePid(cfg)) {
    if (Date.now() > deadline) { log(`pid ${pid} ignored SIGTERM for 60 s, sending SIGKILL`); process.kill(pid, 'SIGKILL'); }
    await sleep(200);
  }
  fs.rmSync(cfg.pidFile, { force: true });
  return true;
}

/**
 * Neo4j's bulk importer (`neo4j-admin database import full`, class org.neo4j.cli.AdminTool from
 * org.neo4j:neo4j-import-tool, already on the launcher's classpath) run as its own JVM on this
 * server's data folder: NEO4J_HOME is the launcher's home, so the store lands exactly where the
 * launcher opens it (<dataDir>/data/databases/<db>). The server must be stopped. `importerArgs`
 * are the importer's own options and the database name; they carry file paths, never secrets.
 * Resolves with the importer's exit code; its output goes to `stdio` (inherited by default).
 */
export async function importFull(importerArgs, opts = {}) {
  const cfg = resolveConfig(opts);
  if (livePid(cfg)) throw new Error(`the local Neo4j (pid ${livePid(cfg)}) is running; stop it before importing`);
  if (needsBuild()) await buildLauncher();
  const confDir = path.join(cfg.dataDir, 'import-conf');
  fs.mkdirSync(confDir, { recursive: true });
  // An empty neo4j.conf: the importer's defaults, with the launcher's data layout under NEO4J_HOME.
  fs.writeFileSync(path.join(confDir, 'neo4j.conf'), '');
  const classpath = `${fs.readFileSync(CLASSPATH_FILE, 'utf8').trim()}${path.delimiter}${CLASSES}`;
  const env = { ...process.env, NEO4J_HOME: cfg.dataDir, NEO4J_CONF: confDir };
  delete env.NEO4J_PASSWORD; // the importer needs none
  const child = spawn('java', [`-Xmx${cfg.heap}`, ...JVM_FLAGS, '-cp', classpath, 'org.neo4j.cli.AdminTool', 'database', 'import', 'full', ...importerArgs], {
    cwd: cfg.dataDir, env, stdio: opts.stdio ?? 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function dirSize(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    try { total += e.isDirectory() ? dirSize(p) : e.isFile() ? fs.statSync(p).size : 0; } catch { /* raced */ }
  }
  return total;
}

async function status(opts = {}) {
  const cfg = resolveConfig(opts);
  const pid = livePid(cfg);
  const up = pid && (await portAnswers(cfg.port));
  const mb = (n) => `${(n / 1048576).toFixed(1)} MiB`;
  const size = fs.existsSync(cfg.dataDir) ? mb(dirSize(cfg.dataDir)) : '(missing)';
  if (!up) {
    console.log(`neo4j: not running${pid ? ` (pid ${pid} alive, port ${cfg.port} not answering)` : ''}; port ${cfg.port}; data ${cfg.dataDir} ${size}`);
    return false;
  }
  const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  console.log(`neo4j: running pid ${pid}; bolt://127.0.0.1:${cfg.port}; RSS ${mb(Number(rss) * 1024)}; data ${cfg.dataDir} ${size}`);
  return true;
}

async function main(cmd) {
  if (cmd === 'start') {
    if (config.setting(process.env, 'NEO4J_URI', '')) { console.log(`neo4j: external server configured (NEO4J_URI=${process.env.NEO4J_URI}); not starting one`); return 0; }
    const r = await ensureNeo4j();
    if (!r.started) console.log(`neo4j: already running, pid ${r.pid}, ${r.uri}`);
    else console.log(`neo4j: started pid ${r.pid}, ${r.uri} (build ${r.buildSeconds.toFixed(1)} s${r.built ? '' : ', up to date'}; start ${r.startSeconds.toFixed(1)} s)`);
    return 0;
  }
  if (cmd === 'stop') { console.log((await stopNeo4j()) ? 'neo4j: stopped' : 'neo4j: was not running'); return 0; }
  if (cmd === 'status') return (await status()) ? 0 : 3;
  if (cmd === 'import') return importFull(process.argv.slice(3)); // graphrec ingest --bulk runs this
  console.error('usage: node scripts/neo4j.mjs start|stop|status|import IMPORTER-ARGS...');
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv[2]).then((code) => { process.exitCode = code; }, (e) => { console.error(`neo4j: ${e.message}`); process.exitCode = 1; });
}
