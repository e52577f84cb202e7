/** `--name value` from the command line as a number, or the fallback. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Seeded: the same synthetic data every run. */
export { createRng as prng } from '@graphrec/graph-model';
