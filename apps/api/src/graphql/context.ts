import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/keys';
import type { Loaders } from '../catalog/loaders';

/** What every resolver gets as its GraphQL context: one per request. */
export interface ApiContext {
  req: FastifyRequest;
  reply: FastifyReply;
  /** Set by the admission hooks before execution starts; always present inside a resolver. */
  principal?: Principal;
  loaders: Loaders;
}
