/**
 * The explorer page's files under /explorer/, without a key (the page asks for one and sends it
 * with its GraphQL calls). The API serves the explorer's *built* files from a folder resolved at
 * run time and never imports the explorer app's code:
 *
 * - GRAPHREC_EXPLORER_DIR set: that folder as it is (a deployment builds it once:
 *   `npx nx run explorer:build`, or apps/explorer/src/build.ts DIR).
 * - unset (development, `npm start`): the explorer's build script fills a fresh temporary folder
 *   on the first request, so the page always matches the sources and there is no artefact to forget.
 */
import { repoRoot } from '@graphrec/neo4j';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ApiConfig } from '../config/config';

/** Nest's Fastify instance (platform-fastify has its own copy of fastify's types). */
type NestFastify = ReturnType<ReturnType<NestFastifyApplication['getHttpAdapter']>['getInstance']>;

interface Asset {
  body: Buffer;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The explorer's build entry point: a path in the workspace, run as a program, not imported. */
const BUILD_SCRIPT = ['apps', 'explorer', 'src', 'build.ts'];

async function buildInto(dir: string): Promise<void> {
  const root = repoRoot();
  await promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', join(root, ...BUILD_SCRIPT), dir], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') },
    timeout: 120_000,
  });
}

/** Every file of the folder (flat: the explorer has no subfolders), in memory: a handful of small files. */
async function load(dir: string): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    assets.set(entry.name, { body: await readFile(join(dir, entry.name)), contentType: CONTENT_TYPES[extname(entry.name).toLowerCase()] ?? 'application/octet-stream' });
  }
  if (!assets.has('index.html')) throw new Error(`no index.html in the explorer folder ${dir}`);
  return assets;
}

export async function registerExplorer(fastify: NestFastify, config: Pick<ApiConfig, 'explorerDir'>): Promise<void> {
  let assets: Promise<Map<string, Asset>> | null = null;
  // Memoised for the process; a failure is not, so the next request retries and reports again.
  const files = (): Promise<Map<string, Asset>> => {
    if (!assets) {
      assets = config.explorerDir ? load(config.explorerDir) : mkdtemp(join(tmpdir(), 'graphrec-explorer-')).then(async (dir) => (await buildInto(dir), load(dir)));
      assets.catch(() => (assets = null));
    }
    return assets;
  };
  fastify.get('/explorer', (_req, reply) => reply.redirect('/explorer/', 301));
  fastify.get('/explorer/*', async (req, reply) => {
    const path = (req.params as { '*': string })['*'] || 'index.html';
    let asset: Asset | undefined;
    try {
      asset = (await files()).get(path);
    } catch (error) {
      req.log.error({ err: error }, 'the explorer could not be built or read');
      return reply.status(503).send({ error: { code: 'SERVICE_UNAVAILABLE', message: 'the explorer page is not available; the server log says why' } });
    }
    if (!asset) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no explorer file "${path}"` } });
    return reply
      .header('content-type', asset.contentType)
      .header('cache-control', path === 'index.html' ? 'no-cache' : 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .send(asset.body);
  });
}
