/**
 * Writes the explorer's files (index.html, app.css, the bundled app.js) into a folder: the built
 * explorer that the API serves (GRAPHREC_EXPLORER_DIR, or a folder the API has this script fill
 * when that is unset). The API never imports this app's code; this script is the contract.
 *
 *   npx tsx --tsconfig tsconfig.base.json apps/explorer/src/build.ts [outDir]   (default dist/explorer)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { explorerAssets } from './assets';

export async function buildExplorer(outDir: string): Promise<string[]> {
  const assets = await explorerAssets();
  await mkdir(outDir, { recursive: true });
  for (const [name, asset] of assets) await writeFile(join(outDir, name), asset.body);
  return [...assets.keys()];
}

if (require.main === module) {
  const outDir = resolve(process.argv[2] ?? join(__dirname, '..', '..', '..', 'dist', 'explorer'));
  buildExplorer(outDir).then(
    (files) => process.stdout.write(`explorer built into ${outDir}: ${files.join(', ')}\n`),
    (error: unknown) => {
      process.stderr.write(`explorer build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
