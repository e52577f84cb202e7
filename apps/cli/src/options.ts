/**
 * Every option value the `graphrec` commands parse, in one place, so that `--seed` or `--k` mean the
 * same thing and fail the same way in every command. Parsers throw commander's
 * `InvalidArgumentError`: commander then prints "option '--k <n>' argument '0' is invalid. ..." and
 * the program exits 2 (unusable input, README), where a plain Error used to surface as exit 1.
 */
import type { BackendName } from '@graphrec/gnn';
import { InvalidArgumentError } from 'commander';

/**
 * The default seed of every seeded command (generate, train, segment, pipeline, communities,
 * evaluate, evaluate-holdout) and of `npm start`'s demo world. One owner: the demo world, the
 * figures in the README and docs/benchmarks.md, and the ids in docs/api.md all assume it.
 */
export const DEFAULT_SEED = 42;

/** Seeds are 32-bit: the PRNG (mulberry32, libs/graph-model) keeps only the low 32 bits. */
const MAX_SEED = 2 ** 32 - 1;

export function parsePositiveInt(value: string, name: string, max = Number.MAX_SAFE_INTEGER): number {
  const text = value.trim();
  const n = Number(text);
  // Number('') is 0 and Number('1e3') is 1000: whole numbers must be written as digits.
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n <= 0 || n > max) {
    throw new InvalidArgumentError(`${name} must be a whole number from 1${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, got "${value}"`);
  }
  return n;
}

/** A whole number from 0 where 0 means "no bound" (`--epoch-edges`, `--max-train-edges`). */
export function parseNonNegativeInt(value: string, name: string): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a whole number from 0 (0 = no bound), got "${value}"`);
  return n;
}

export function parseSeed(value: string, name = '--seed'): number {
  const text = value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > MAX_SEED) throw new InvalidArgumentError(`${name} must be a whole number from 0 to ${MAX_SEED}, got "${value}"`);
  return n;
}

/** Louvain's resolution γ: any finite number above 0 (0 would put everything in one community). */
export function parseResolution(value: string, name = '--resolution'): number {
  const text = value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number above 0, got "${value}"`);
  return n;
}

export function parseChoice<T extends string>(choices: readonly T[], name: string): (value: string) => T {
  return (value: string): T => {
    const found = choices.find((c) => c === value);
    if (found === undefined) throw new InvalidArgumentError(`${name} must be one of ${choices.join(', ')}, got "${value}"`);
    return found;
  };
}

/** TensorFlow.js backends `graphrec train` can use (libs/gnn initTf); tensorflow needs tfjs-node installed. */
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
export const parseBackend = parseChoice(BACKENDS, '--backend');

/** Louvain dendrogram level: coarse, fine or a level number (0 = finest). */
export function parseLevel(value: string, name = '--level'): 'coarse' | 'fine' | number {
  if (value === 'coarse' || value === 'fine') return value;
  const text = value.trim();
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(`${name} must be coarse, fine or a level number, got "${value}"`);
  return Number(text);
}

/** A name of an environment variable (what `--secret-env` takes): letters, digits, '_', not a value. */
export function parseEnvName(value: string, name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
    // The value is not echoed: someone may have typed the secret itself here.
    throw new InvalidArgumentError(`${name} takes the NAME of an environment variable (letters, digits, '_'), not its value`);
  }
  return value;
}

/** A probability such as `--epsilon`: a number in [0, 1]. */
export function parseProbability(value: string, name: string): number {
  const text = value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`${name} must be a number from 0 to 1, got "${value}"`);
  return n;
}

/** A number above 0 such as `--clip`. */
export function parsePositiveNumber(value: string, name: string): number {
  const text = value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number above 0, got "${value}"`);
  return n;
}

/** A comma-separated list of names, each one of `choices` (`--estimators ips,snips`). */
export function parseChoiceList<T extends string>(choices: readonly T[], name: string): (value: string) => T[] {
  return (value: string): T[] => {
    const parts = value.split(',').map((p) => p.trim()).filter((p) => p !== '');
    const unknown = parts.filter((p) => !choices.some((c) => c === p));
    if (parts.length === 0 || unknown.length > 0) {
      throw new InvalidArgumentError(`${name} takes a comma-separated list of ${choices.join(', ')}; got "${value}"`);
    }
    return [...new Set(parts)] as T[]; // every part checked against `choices` above
  };
}

/** A number from 0 such as `--pessimism`. */
export function parseNonNegativeNumber(value: string, name: string): number {
  const text = value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number from 0, got "${value}"`);
  return n;
}

/** A flow run id as `graphrec runs` prints it (`daily-20261203T031500Z-3fa9`); anything else is a typo. */
export function parseFlowRunId(value: string, name = '--resume'): string {
  if (!/^[a-z][a-z0-9-]{0,39}-\d{8}T\d{6}Z-[0-9a-f]{4}$/.test(value)) {
    throw new InvalidArgumentError(`${name} must be a flow run id like daily-20261203T031500Z-3fa9 (graphrec runs lists them), got "${value}"`);
  }
  return value;
}
