// What a fresh machine may lack for `npm test`, said before ten minutes of tests rather than as one
// cryptic failure after them (scripts/test.mjs runs it first). Pure but for `exists`, so it is tested.
import fs from 'node:fs';

/** The explorer's browser test drives Debian's chromium (playwright-core downloads no browser). */
export const CHROMIUM = '/usr/bin/chromium';
/** Debian's Redis 7: scripts/redis.mjs starts it for tests (BullMQ flows, shared rate limits). */
export const REDIS_SERVER = '/usr/bin/redis-server';
/** Debian's nginx: test/api/two-processes.spec.ts puts two API processes behind it (test/support/nginx.ts). */
export const NGINX = '/usr/sbin/nginx';

/**
 * Messages for what is missing, empty when nothing is. Chromium is only needed when the integration
 * project (test/, which holds test/explorer) runs: `npm test -- --projects=ingest` does not need it.
 */
export function missingPrerequisites(args, exists = fs.existsSync) {
  const projects = args.find((a) => a.startsWith('--projects='));
  const needsBrowser = !projects || /\bintegration\b/.test(projects);
  const missing = [];
  if (needsBrowser && !exists(CHROMIUM)) {
    missing.push(`${CHROMIUM} is missing: the explorer's browser test needs it. On Debian: sudo apt-get install chromium (README, Quick start)`);
  }
  if (needsBrowser && !exists(NGINX)) {
    missing.push(`${NGINX} is missing: a test runs two API processes behind a real nginx. On Debian: sudo apt-get install nginx (README, Quick start)`);
  }
  if (!exists(REDIS_SERVER)) {
    missing.push(`${REDIS_SERVER} is missing: tests of flows and shared limits run a real Redis. On Debian: sudo apt-get install redis-server (README, Quick start)`);
  }
  return missing;
}
