#!/usr/bin/env node
// `npm run datasets -- --from DIR|URL [--only karate,football] [--to DIR]`: puts the public datasets
// the tests, benchmarks and examples use (MovieLens 100K, karate, football) into .data/datasets
// (gitignored; they are never committed), from a folder or an http(s) URL that holds them as
// <name>/<file> (the layout of the team's shared copy), and checks every file's sha256 against the
// checked-in manifest libs/eval/src/datasets.json. A file is written under a temporary name and
// renamed only once its sum matches, so .data/datasets never holds a wrong or half file, and a
// file already there with the right sum is left alone. libs/eval/src/datasets.ts finds them.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = JSON.parse(fs.readFileSync(path.join(REPO, 'libs/eval/src/datasets.json'), 'utf8')).datasets;
const USAGE = 'usage: npm run datasets -- --from DIR|URL [--only NAME,...] [--to DIR]';

function parseArgs(argv) {
  const options = { to: path.join(REPO, '.data', 'datasets'), only: Object.keys(MANIFEST) };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === '--from') options.from = value();
    else if (flag === '--to') options.to = path.resolve(value());
    else if (flag === '--only') options.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
  }
  if (options.help) return options;
  if (!options.from) throw new Error(`--from is required\n${USAGE}`);
  const unknown = options.only.filter((n) => !MANIFEST[n]);
  if (unknown.length) throw new Error(`unknown dataset(s) ${unknown.join(', ')}; known: ${Object.keys(MANIFEST).join(', ')}`);
  return options;
}

const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');
const isUrl = (from) => /^https?:\/\//i.test(from);

/** The bytes of <name>/<file> at the source, or undefined when the source does not have it. */
async function readSource(from, name, file) {
  if (isUrl(from)) {
    const url = new URL(`${encodeURIComponent(name)}/${encodeURIComponent(file)}`, from.endsWith('/') ? from : `${from}/`);
    // A dataset is public data: following a redirect (a mirror, a CDN) is fine here, the sum decides.
    const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`${url.origin}${url.pathname}: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }
  // DIR holds <name>/<file>; DIR may also be one dataset's own folder (e.g. .../movielens-100k).
  for (const candidate of [path.join(from, name, file), path.basename(path.resolve(from)) === name ? path.join(from, file) : undefined]) {
    if (candidate && fs.existsSync(candidate)) return fs.readFileSync(candidate);
  }
  return undefined;
}

function writeChecked(target, bytes) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.tmp-${process.pid}`;
  fs.writeFileSync(temp, bytes);
  fs.renameSync(temp, target);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  const problems = [];
  for (const name of options.only) {
    let copied = 0;
    let kept = 0;
    for (const [file, expected] of Object.entries(MANIFEST[name])) {
      const target = path.join(options.to, name, file);
      if (fs.existsSync(target) && sha256(fs.readFileSync(target)) === expected) {
        kept++;
        continue;
      }
      const bytes = await readSource(options.from, name, file);
      if (bytes === undefined) {
        problems.push(`${name}/${file}: not found at ${options.from}`);
        continue;
      }
      const actual = sha256(bytes);
      if (actual !== expected) {
        problems.push(`${name}/${file}: sha256 ${actual} does not match the manifest (${expected}); not copied`);
        continue;
      }
      writeChecked(target, bytes);
      copied++;
    }
    console.log(`[datasets] ${name}: ${copied} file(s) copied, ${kept} already there and checked`);
  }
  if (problems.length) {
    for (const p of problems) console.error(`[datasets] ${p}`);
    process.exit(1);
  }
  const shown = path.relative(REPO, options.to);
  console.log(`[datasets] ${options.only.join(', ')} in ${shown && !shown.startsWith('..') ? shown : options.to}, sha256 checked`);
}

main().catch((error) => {
  console.error(`[datasets] ${error.message}`);
  process.exit(1);
});
