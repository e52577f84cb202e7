#!/usr/bin/env node
// Local Redis 7 (Debian's redis-server) for development and tests, like scripts/neo4j.mjs for Neo4j:
// the distributed flow runner (BullMQ) and shared rate limits use it when GRAPHREC_REDIS_URL is set.
//
//   node scripts/redis.mjs start|stop|status|url
//   import { ensureRedis, stopRedis, localRedisUrl } from './redis.mjs';
//
// Env: REDIS_PORT (6379), REDIS_DATA_DIR (.data/redis, relative paths from the repo root).
// Listens on 127.0.0.1 only. A password is generated once per data folder (kept in
// <dataDir>/redis-password, mode 600) and handed to redis-server through its config file, never
// through argv; the URL with the password goes to the app through the environment, never printed
// by `start` (`url` prints it on purpose, for a developer's shell).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Port, folder and files of the local server; `opts` overrides the environment (test.mjs). */
export function localRedisSettings(opts = {}) {
  const port = Number(opts.port ?? process.env.REDIS_PORT ?? 6379);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`REDIS_PORT must be a port number, got ${port}`);
  const dataDir = path.resolve(REPO, opts.dataDir ?? process.env.REDIS_DATA_DIR ?? '.data/redis');
  return {
    port, dataDir,
    conf: path.join(dataDir, 'redis.conf'), pidFile: path.join(dataDir, 'redis.pid'),
    logFile: path.join(dataDir, 'redis.log'), passwordFile: path.join(dataDir, 'redis-password'),
  };
}

function password(cfg) {
  if (!fs.existsSync(cfg.passwordFile)) {
    fs.mkdirSync(cfg.dataDir, { recursive: true });
    fs.writeFileSync(cfg.passwordFile, randomBytes(18).toString('base64url') + '\n', { mode: 0o600 });
  }
  return fs.readFileSync(cfg.passwordFile, 'utf8').trim();
}

/** redis://default:password@127.0.0.1:port/0 for the local server (the password is created if missing). */
export function localRedisUrl(opts = {}) {
  const cfg = localRedisSettings(opts);
  return `redis://default:${encodeURIComponent(password(cfg))}@127.0.0.1:${cfg.port}/0`;
}

function livePid(cfg) {
  let pid;
  try { pid = Number(fs.readFileSync(cfg.pidFile, 'utf8').trim()); } catch { return null; }
  if (!pid) return null;
  try {
    if (/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))) return null;
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server') ? pid : null;
  } catch { return null; }
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Starts the local Redis unless it runs; resolves once it answers. Returns { url, started }. */
export async function ensureRedis(opts = {}) {
  const cfg = localRedisSettings(opts);
  const url = localRedisUrl(opts);
  if (livePid(cfg) && (await portAnswers(cfg.port))) return { url, started: false, port: cfg.port };
  if (await portAnswers(cfg.port)) throw new Error(`port ${cfg.port} is already used by another process (REDIS_PORT picks another)`);
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) throw new Error('redis-server is not installed (Debian: apt-get install redis-server; .ci/run installs it)');
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  // appendonly: BullMQ's jobs and locks survive a Redis restart, like they would in production.
  fs.writeFileSync(cfg.conf, [
    'bind 127.0.0.1', `port ${cfg.port}`, 'protected-mode yes', `requirepass ${password(cfg)}`,
    'daemonize yes', `pidfile ${cfg.pidFile}`, `logfile ${cfg.logFile}`, `dir ${cfg.dataDir}`,
    'appendonly yes', 'appendfsync everysec', 'save ""', 'maxmemory-policy noeviction', '',
  ].join('\n'), { mode: 0o600 });
  const r = spawnSync('redis-server', [cfg.conf], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-server failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  for (let waited = 0; !(await portAnswers(cfg.port)); waited += 100) {
    if (waited > 20_000) throw new Error(`Redis did not answer on ${cfg.port} within 20 s; see ${cfg.logFile}`);
    await sleep(100);
  }
  return { url, started: true, port: cfg.port };
}

/** SIGTERM (Redis flushes its append-only file), SIGKILL after 20 s. False when nothing ran. */
export async function stopRedis(opts = {}) {
  const cfg = localRedisSettings(opts);
  const pid = livePid(cfg);
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; livePid(cfg); waited += 100) {
    if (waited > 20_000) { process.kill(pid, 'SIGKILL'); break; }
    await sleep(100);
  }
  fs.rmSync(cfg.pidFile, { force: true });
  return true;
}

async function main(cmd) {
  const cfg = localRedisSettings();
  if (cmd === 'start') {
    const r = await ensureRedis();
    console.log(`redis: ${r.started ? 'started' : 'already running'} on 127.0.0.1:${r.port} (data ${cfg.dataDir}); ` +
      'for the app: export GRAPHREC_REDIS_URL="$(node scripts/redis.mjs url)"');
    return 0;
  }
  if (cmd === 'stop') { console.log((await stopRedis()) ? 'redis: stopped' : 'redis: was not running'); return 0; }
  if (cmd === 'status') {
    const up = livePid(cfg) && (await portAnswers(cfg.port));
    console.log(`redis: ${up ? `running on 127.0.0.1:${cfg.port}` : 'not running'}; data ${cfg.dataDir}`);
    return up ? 0 : 3;
  }
  if (cmd === 'url') { console.log(localRedisUrl()); return 0; }
  console.error('usage: node scripts/redis.mjs start|stop|status|url');
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv[2]).then((code) => { process.exitCode = code; }, (e) => { console.error(`redis: ${e.message}`); process.exitCode = 1; });
}
