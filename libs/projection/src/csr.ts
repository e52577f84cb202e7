// The CSR structure lives in @graphrec/graph-model (pure, shared with the recommenders); the
// projection re-exports it so its own API stays whole.
export { buildCsr, csrBytes, degree, hasEntry, reverseCsr, row } from '@graphrec/graph-model';
export type { BuiltCsr, Csr } from '@graphrec/graph-model';
