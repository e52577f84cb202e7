import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExplorer } from './build';

describe('buildExplorer', () => {
  it('writes the files the API serves (index.html, app.css, the bundled app.js) into a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graphrec-explorer-build-'));
    const files = await buildExplorer(dir);
    expect(files.sort()).toEqual(readdirSync(dir).sort());
    expect(files).toEqual(expect.arrayContaining(['index.html', 'app.css', 'app.js']));
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('<script src="app.js"></script>');
    expect(readFileSync(join(dir, 'app.js')).length).toBeGreaterThan(10_000);
  });
});
