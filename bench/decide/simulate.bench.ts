/**
 * Rounds per second of `graphrec simulate`'s runner per policy on the demo world (20,000 users,
 * seed 42), and the world's build time. Prints figures; never a test.
 *   npm run bench:decide
 */
import { BanditWorld } from '@graphrec/datagen';
import { POLICY_NAMES, createPolicy, simulate } from '@graphrec/decide';

const ROUNDS = Number(process.env.ROUNDS ?? 50_000);
let t = process.hrtime.bigint();
const world = new BanditWorld({ users: 20_000, seed: 42 });
const seconds = (): number => {
  const now = process.hrtime.bigint();
  const s = Number(now - t) / 1e9;
  t = now;
  return s;
};
console.log(`world of 20,000 users built in ${seconds().toFixed(2)} s`);
for (const name of POLICY_NAMES) {
  seconds();
  simulate(world, createPolicy(name, { seed: 42, popularity: world.popularity }), { rounds: ROUNDS, seed: 42 });
  const s = seconds();
  console.log(`${name.padEnd(20)} ${Math.round(ROUNDS / s).toLocaleString('en-US').padStart(10)} rounds/s`);
}
