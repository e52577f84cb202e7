import { explorerAssets } from './assets';

describe('explorerAssets', () => {
  it('serves index.html, the bundled app.js and app.css, built once per process', async () => {
    const assets = await explorerAssets();
    const html = assets.get('index.html');
    const js = assets.get('app.js');
    const css = assets.get('app.css');
    expect(html?.contentType).toMatch(/^text\/html/);
    expect(html?.body.toString()).toContain('<script src="app.js"></script>');
    expect(js?.contentType).toMatch(/^text\/javascript/);
    expect(js?.body.length).toBeGreaterThan(10_000);
    // sigma and graphology are inside the bundle (no bare imports left for the browser to resolve).
    expect(js?.body.toString()).not.toMatch(/\brequire\(["']sigma["']\)|from\s*["']sigma["']/);
    expect(css?.contentType).toMatch(/^text\/css/);
    expect(await explorerAssets()).toBe(assets);
  });
});
