/**
 * The explorer's files, served by the API under /explorer/: index.html and app.css from
 * apps/explorer/static, app.js bundled from src/browser with esbuild. Bundled in memory on first
 * request and memoised for the life of the process (a build, not a cache of results); a failed
 * build is not memoised so the next request retries and reports again.
 */
import { build } from 'esbuild';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

export interface ExplorerAsset {
  body: Buffer;
  contentType: string;
}

const APP_ROOT = join(__dirname, '..');
const STATIC_DIR = join(APP_ROOT, 'static');
const ENTRY = join(__dirname, 'browser', 'main.ts');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Bundles src/browser/main.ts into one minified IIFE (sigma and graphology included). */
export async function bundleBrowserCode(): Promise<Buffer> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    minify: true,
    target: ['es2020'],
    tsconfig: join(APP_ROOT, 'tsconfig.browser.json'),
    legalComments: 'none',
    logLevel: 'silent',
    // sigma's dist picks its dev or prod build from NODE_ENV.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const [output] = result.outputFiles;
  if (!output || output.contents.length === 0) throw new Error('explorer bundle is empty');
  return Buffer.from(output.contents);
}

async function buildAssets(): Promise<Map<string, ExplorerAsset>> {
  const assets = new Map<string, ExplorerAsset>();
  const [bundle, files] = await Promise.all([bundleBrowserCode(), readdir(STATIC_DIR)]);
  for (const file of files.sort()) {
    assets.set(file, { body: await readFile(join(STATIC_DIR, file)), contentType: contentTypeFor(file) });
  }
  assets.set('app.js', { body: bundle, contentType: contentTypeFor('app.js') });
  return assets;
}

let built: Promise<Map<string, ExplorerAsset>> | null = null;

/** Path under /explorer/ (e.g. "index.html", "app.js") → file; built once per process. */
export function explorerAssets(): Promise<Map<string, ExplorerAsset>> {
  if (!built) {
    built = buildAssets();
    built.catch(() => (built = null));
  }
  return built;
}
