/**
 * `npm test` on a fresh machine failed the explorer test deep into the run because /usr/bin/chromium
 * was missing and nothing said so; scripts/prerequisites.mjs now says it first (scripts/test.mjs).
 * The script is an ES module: it runs in a child Node here, with `exists` replaced (pure logic).
 */
import { repoRoot } from '@graphrec/neo4j';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function missing(args: string[], present: string[]): string[] {
  const code = `import('./scripts/prerequisites.mjs').then((m) => console.log(JSON.stringify(m.missingPrerequisites(${JSON.stringify(args)}, (p) => ${JSON.stringify(present)}.includes(p)))))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd: repoRoot(), encoding: 'utf8' })) as string[];
}

describe('npm test prerequisites', () => {
  const REDIS = '/usr/bin/redis-server';
  const NGINX = '/usr/sbin/nginx';
  it('names chromium and how to install it when it is missing', () => {
    expect(missing([], [REDIS, NGINX])).toEqual(["/usr/bin/chromium is missing: the explorer's browser test needs it. On Debian: sudo apt-get install chromium (README, Quick start)"]);
    expect(missing(['--projects=integration,cli'], [REDIS, NGINX])).toHaveLength(1);
  });

  it('names redis-server whatever the projects, since tests start a real Redis', () => {
    expect(missing(['--projects=ingest'], [])).toEqual(['/usr/bin/redis-server is missing: tests of flows and shared limits run a real Redis. On Debian: sudo apt-get install redis-server (README, Quick start)']);
    expect(missing([], [])).toHaveLength(3);
  });

  it('is quiet when chromium and redis are there, or chromium when the run does not include the browser test', () => {
    expect(missing([], ['/usr/bin/chromium', REDIS, NGINX])).toEqual([]);
    expect(missing(['--projects=ingest'], [REDIS])).toEqual([]);
  });

  it('names nginx when the integration tests run (two API processes behind it)', () => {
    expect(missing(['--projects=integration'], ['/usr/bin/chromium', REDIS])).toEqual([
      '/usr/sbin/nginx is missing: a test runs two API processes behind a real nginx. On Debian: sudo apt-get install nginx (README, Quick start)',
    ]);
    expect(missing(['--projects=ingest'], [REDIS])).toEqual([]);
  });

  it('the README tells a new user to install them', () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    expect(readme).toMatch(/apt-get install -y [^\n]*\bchromium\b/);
    expect(readme).toMatch(/apt-get install -y [^\n]*\bredis-server\b/);
    expect(readme).toMatch(/apt-get install -y [^\n]*\bnginx\b/);
  });
});
