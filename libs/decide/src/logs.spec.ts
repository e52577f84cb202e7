import { LogFormatError, formatLogLine, parseLogLine, parseLogs, type LoggedDecision } from './logs';

const good: LoggedDecision = { round: 0, user_id: 'U0000001', context: { segment: 'alarm', n_owned: 2 }, actions: ['A', 'B'], action: 'B', propensity: 0.5, reward: 1, value: 19.99, policy: 'uniform' };
const line = (patch: Record<string, unknown>): string => JSON.stringify({ ...good, ...patch });

describe('decision logs', () => {
  it('round-trips a decision', () => {
    expect(parseLogLine(formatLogLine(good), 1)).toEqual(good);
    expect(parseLogs(`${formatLogLine(good)}\n\n${formatLogLine(good)}\n`)).toHaveLength(2);
  });

  it.each([
    [{ propensity: 0 }, /line 2: propensity must be in \(0, 1\]/],
    [{ propensity: 1.5 }, /line 2: propensity/],
    [{ action: 'C' }, /line 2: action "C" is not one of the actions offered/],
    [{ actions: [] }, /line 2: actions must be a non-empty list/],
    [{ round: -1 }, /line 2: round/],
    [{ reward: 2 }, /line 2: reward/],
    [{ context: { a: [1] } }, /line 2: context.a/],
  ])('refuses %j with the line number', (patch, message) => {
    expect(() => parseLogs(`${formatLogLine(good)}\n${line(patch)}`)).toThrow(message);
  });

  it('refuses a line that is not JSON', () => {
    expect(() => parseLogs(`${formatLogLine(good)}\n{oops`)).toThrow(new LogFormatError(2, 'not valid JSON'));
  });
});
