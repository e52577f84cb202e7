// What a fresh machine may lack for `npm test`, said before ten minutes of tests rather than as one
// cryptic failure after them (scripts/test.mjs runs it first). Pure but for `exists`, so it is tested.
import fs from 'node:fs';

/** The explorer's browser test drives Debian's chromium (playwright-core downloads no browser). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Messages for what is missing, empty when nothing is. Chromium is only needed when the integration
 * project (test/, which holds test/explorer) runs: `npm test -- --projects=ingest` does not need it.
 */
export function missingPrerequisites(args, exists = fs.existsSync) {
  const projects = args.find((a) => a.startsWith('--projects='));
  const needsBrowser = !projects || /\bintegration\b/.test(projects);
  if (needsBrowser && !exists(CHROMIUM)) {
    return [`${CHROMIUM} is missing: the explorer's browser test needs it. On Debian: sudo apt-get install chromium (README, Quick start)`];
  }
  return [];
}
