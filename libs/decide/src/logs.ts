/**
 * The decision log: one JSON line per decision, written by `graphrec simulate --logs` (and, later,
 * by `graphrec export decisions` from the served decisions), read by `graphrec ope`. The reader
 * refuses a malformed line with its line number.
 */
import type { DecisionContext } from './types';

export interface LoggedDecision {
  round: number;
  user_id: string;
  context: Record<string, string | number>;
  /** The products offered (eligible), in the order the policy saw them. */
  actions: string[];
  action: string;
  /** The logging policy's probability of `action`, in (0, 1]. */
  propensity: number;
  /** 1 = click, 0 = none. */
  reward: number;
  /** The price paid when a purchase followed, else 0. */
  value: number;
  policy: string;
}

export class LogFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'LogFormatError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line of a log file (1-based `line` for the error). */
export function parseLogLine(text: string, line: number): LoggedDecision {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LogFormatError(line, 'not valid JSON');
  }
  const fail = (message: string): never => {
    throw new LogFormatError(line, message);
  };
  if (!isRecord(value)) return fail('a decision is one JSON object');
  const { round, user_id, context, actions, action, propensity, reward, value: paid, policy } = value;
  if (typeof round !== 'number' || !Number.isSafeInteger(round) || round < 0) fail(`round must be a whole number from 0, got ${JSON.stringify(round)}`);
  if (typeof user_id !== 'string' || user_id === '') fail('user_id must be a non-empty string');
  if (!isRecord(context)) return fail('context must be an object of name: value');
  for (const [k, v] of Object.entries(context)) {
    if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) fail(`context.${k} must be a string or a finite number`);
  }
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === 'string')) return fail('actions must be a non-empty list of product ids');
  if (new Set(actions).size !== actions.length) fail('actions lists a product twice');
  if (typeof action !== 'string' || !actions.includes(action)) fail(`action ${JSON.stringify(action)} is not one of the actions offered`);
  if (typeof propensity !== 'number' || !(propensity > 0 && propensity <= 1)) fail(`propensity must be in (0, 1], got ${JSON.stringify(propensity)}`);
  if (typeof reward !== 'number' || !(reward >= 0 && reward <= 1)) fail(`reward must be a number in [0, 1], got ${JSON.stringify(reward)}`);
  if (typeof paid !== 'number' || !(paid >= 0) || !Number.isFinite(paid)) fail(`value must be a non-negative number, got ${JSON.stringify(paid)}`);
  if (typeof policy !== 'string') fail('policy must be a string');
  return value as unknown as LoggedDecision; // every field checked above
}

/** Every non-blank line of a log file's text. */
export function parseLogs(text: string): LoggedDecision[] {
  const out: LoggedDecision[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() !== '') out.push(parseLogLine(line, i + 1));
  });
  return out;
}

/** The context a policy sees for a logged decision. */
export function contextOf(d: LoggedDecision): DecisionContext {
  const segment = d.context.segment;
  return { userId: d.user_id, segment: typeof segment === 'string' ? segment : '', features: d.context };
}

export function formatLogLine(d: LoggedDecision): string {
  return JSON.stringify({
    round: d.round,
    user_id: d.user_id,
    context: d.context,
    actions: d.actions,
    action: d.action,
    propensity: d.propensity,
    reward: d.reward,
    value: d.value,
    policy: d.policy,
  });
}
