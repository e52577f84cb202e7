/** The explorer page's files under /explorer/, without a key (the page asks for one and sends it with its GraphQL calls). */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { explorerAssets } from '../../../explorer/src/assets';

/** Nest's Fastify instance (platform-fastify has its own copy of fastify's types). */
type NestFastify = ReturnType<ReturnType<NestFastifyApplication['getHttpAdapter']>['getInstance']>;

export async function registerExplorer(fastify: NestFastify): Promise<void> {
  const assets = await explorerAssets();
  const serve = (path: string) => assets.get(path);
  fastify.get('/explorer', (_req, reply) => reply.redirect('/explorer/', 301));
  fastify.get('/explorer/*', (req, reply) => {
    const path = (req.params as { '*': string })['*'] || 'index.html';
    const asset = serve(path);
    if (!asset) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no explorer file "${path}"` } });
    return reply
      .header('content-type', asset.contentType)
      .header('cache-control', path === 'index.html' ? 'no-cache' : 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .send(asset.body);
  });
}
