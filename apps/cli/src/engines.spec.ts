/**
 * The README promises Node 20; `npm install` warned EBADENGINE when the lockfile held packages that
 * declare Node >= 22 (usearch 2.26, content-disposition 3 through @fastify/static). Every locked
 * package must admit Node 20. A small range reader, enough for what engines fields hold here; a
 * range it cannot read fails with its text, for a person to look at.
 */
import { repoRoot } from '@graphrec/neo4j';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const NODE_MAJOR = 20;

/** Whether one `||` alternative of an engines range admits some Node 20.x; undefined when unreadable. */
function admits(alternative: string): boolean | undefined {
  const text = alternative.trim();
  if (text === '*' || text === '') return true;
  let m = /^(?:\^|~)?v?(\d+)(?:\.[\dx*]+){0,2}$/.exec(text); // 20, ^20.9.0, ~20.1
  if (m) return Number(m[1]) === NODE_MAJOR;
  m = /^>=?\s*v?(\d+)(?:\.[\dx*]+){0,2}(?:\s+<\s*v?(\d+)(?:\.\d+){0,2})?$/.exec(text); // >=18, >= 10.x, >= 18.12 <23
  if (m) return Number(m[1]) <= NODE_MAJOR && (m[2] === undefined || Number(m[2]) > NODE_MAJOR);
  return undefined;
}

describe('Node 20, as the README says', () => {
  const root = repoRoot();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }> };

  it('the workspace declares it', () => {
    expect(pkg.engines.node).toBe('>=20');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toMatch(/Needs Node 20/);
  });

  it('every locked package admits it (no EBADENGINE on npm install)', () => {
    const refusing: string[] = [];
    for (const [name, entry] of Object.entries(lock.packages)) {
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!name || !range) continue;
      const verdicts = range.split('||').map(admits);
      if (!verdicts.some((v) => v === true)) refusing.push(`${name}: ${range}${verdicts.includes(undefined) ? ' (unread range)' : ''}`);
    }
    expect(refusing).toEqual([]);
  });
});
