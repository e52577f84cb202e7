import { trainDataFrom, TrainData } from './recommender';

/**
 * A hand-made 4 users × 4 items matrix shared by the specs:
 * u0 {0, 1}, u1 {0, 1, 2}, u2 {0, 2}, u3 {3}. Item user counts d = [3, 2, 2, 1];
 * co-occurrence c01 = 2, c02 = 2, c12 = 1, item 3 co-occurs with nothing.
 */
export function tinyTrain(): TrainData {
  const pairs = [
    [0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 0], [2, 2], [3, 3],
  ];
  return trainDataFrom(4, 4, {
    users: Int32Array.from(pairs.map((p) => p[0])),
    items: Int32Array.from(pairs.map((p) => p[1])),
  });
}
