/**
 * A generated world's files projected with its event log, its catalog, and its held-back purchases
 * (truth/holdout_purchases.csv, never in training) as graph indices: what the ranker benches score
 * against. One owner, so the benches read a world the same way.
 */
import { projectFromFiles } from '@graphrec/projection';
import { readCatalogFile } from '@graphrec/rank';
import { productsHeld, readHeldBackPurchases } from '@graphrec/recommend';
import { join } from 'node:path';

export async function loadHoldoutWorld(path: string) {
  const files = ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'].map((f) => join(path, f));
  const graph = await projectFromFiles(files, 'native', { keepEvents: true });
  const catalog = await readCatalogFile(join(path, 'products.csv'));
  const pairs = readHeldBackPurchases(join(path, 'truth', 'holdout_purchases.csv'), (id) => graph.nodes.User.indexOf(id), (id) => graph.nodes.Product.indexOf(id));
  const heldCsr = productsHeld(graph);
  /** The products a user holds at the data's end. */
  const held = (user: number) => new Set(heldCsr.targets.subarray(heldCsr.offsets[user], heldCsr.offsets[user + 1]));
  return { graph, catalog, pairs, held };
}
