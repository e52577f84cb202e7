/** Small environments for the policies' unit tests: no I/O, seeded. */
import { createRng } from '@graphrec/graph-model';
import type { BanditEnvironment, EnvironmentUser } from '../simulate';

/** Fixed click rates per user (default: one user offered P0…Pn), users drawn and outcome coins from seeded streams. */
export function tinyEnvironment(click: number[], users: EnvironmentUser[] = [{ userId: 'u', segment: 's', features: {}, actions: click.map((_, i) => `P${i}`), click: Float64Array.from(click), best: Math.max(...click) }]): BanditEnvironment {
  return {
    users,
    roundUsers: (rounds) => {
      const rng = createRng(1);
      return Int32Array.from({ length: rounds }, () => Math.floor(rng() * users.length));
    },
    outcome: (t, user, k) => ({ reward: createRng(1000 + t)() < user.click[k] ? 1 : 0, value: 0 }),
  };
}

/** Two users whose best product differs by context (home: house → A, flat → B). */
export function twoContextUsers(): EnvironmentUser[] {
  return [
    { userId: 'x', segment: 'x', features: { home: 'house' }, actions: ['A', 'B'], click: Float64Array.from([0.4, 0.05]), best: 0.4 },
    { userId: 'y', segment: 'y', features: { home: 'flat' }, actions: ['A', 'B'], click: Float64Array.from([0.05, 0.4]), best: 0.4 },
  ];
}
