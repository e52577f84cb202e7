/** The explorer's files, served by the API under /explorer/. (Stub until the explorer lands.) */
export interface ExplorerAsset {
  body: Buffer;
  contentType: string;
}

/** Path under /explorer/ (e.g. "index.html", "app.js") → file; built once per process. */
export async function explorerAssets(): Promise<Map<string, ExplorerAsset>> {
  return new Map([['index.html', { body: Buffer.from('<!doctype html><title>graphrec explorer</title><p>explorer not built yet</p>'), contentType: 'text/html; charset=utf-8' }]]);
}
