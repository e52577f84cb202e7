/**
 * What `graphrec simulate` and `graphrec ope` share: turning `--policy NAME|MODEL` into a policy
 * (one message for an unknown name or a bad model file) and writing results.
 */
import { BanditWorld } from '@graphrec/datagen';
import { LogFormatError, POLICY_NAMES, createPolicy, frozenPolicy, isPolicyName, parseLogLine, parsePolicyModel, type LoggedDecision, type Policy } from '@graphrec/decide';
import { readLines } from '@graphrec/ingest';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Bad input of a decide command: printed as one line, exit 2 (README). */
export class DecideInputError extends Error {}

/** The demo world's size, and `simulate`'s and `ope`'s default world (issue 11). */
export const DEFAULT_SIM_USERS = 20_000;
export const DEFAULT_ROUNDS = 50_000;

export interface PolicySpec {
  policy: string;
  seed: number;
  epsilon?: number;
}

/** A named policy or a frozen model file; `world` supplies popularity to the policies that need it. */
export function resolvePolicy(spec: PolicySpec, world: () => BanditWorld): Policy {
  if (isPolicyName(spec.policy)) {
    const needsWorld = spec.policy === 'popularity' || spec.policy === 'epsilon-popularity';
    return createPolicy(spec.policy, { seed: spec.seed, epsilon: spec.epsilon, popularity: needsWorld ? world().popularity : undefined });
  }
  if (!existsSync(spec.policy)) {
    throw new DecideInputError(`unknown policy "${spec.policy}": use one of ${POLICY_NAMES.join(', ')}, or a model file (simulate --save-model)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(spec.policy, 'utf8'));
  } catch (error) {
    throw new DecideInputError(`${spec.policy}: not a JSON model file (${(error as Error).message})`);
  }
  try {
    return frozenPolicy(parsePolicyModel(parsed), spec.seed);
  } catch (error) {
    throw new DecideInputError(`${spec.policy}: ${(error as Error).message}`);
  }
}

/**
 * A decision log (`simulate --logs`, `export decisions`), read line by line: a million decisions
 * are ~630 MB of JSON, more than one V8 string may hold, so the file is never read whole. A bad
 * line is refused with its number.
 */
export async function readDecisionLog(path: string): Promise<LoggedDecision[]> {
  if (!existsSync(path)) throw new DecideInputError(`${path}: no such file`);
  const out: LoggedDecision[] = [];
  for await (const lines of readLines(path)) {
    for (const { bytes, lineNo, tooLong } of lines) {
      if (tooLong !== undefined) throw new DecideInputError(`${path}: line ${lineNo} is ${tooLong} bytes long, more than a decision line can be`);
      const line = bytes.toString('utf8');
      if (line.trim() === '') continue;
      try {
        out.push(parseLogLine(line, lineNo));
      } catch (error) {
        if (error instanceof LogFormatError) throw new DecideInputError(`${path}: ${error.message}`);
        throw error;
      }
    }
  }
  return out;
}

/** Writes next to the target, then renames: a reader never sees half a file. */
export function writeFileAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

export const writeJson = (path: string, value: unknown): void => writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);

/** Runs a command's body; bad input becomes one line on stderr and exit 2, never a stack. */
export async function withInputErrors(command: string, body: () => Promise<void> | void, isInputError: (e: unknown) => boolean = () => false): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof DecideInputError || isInputError(error)) {
      process.stderr.write(`graphrec ${command}: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
