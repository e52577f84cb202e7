import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workspace root (where nx.json lives), found from this file so it works from src and tests alike. */
export function repoRoot(start: string = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the workspace root (nx.json) above ${start}`);
    dir = parent;
  }
  return dir;
}
