import { readWorldEvents, sessionize, DEFAULT_ITEM_TYPES, nextItemSplit, evaluateSessions, SessionPopularity, LastItemKnn, SessionKnn, NeuralSessionModel, SessionRecommender, readMovielensEvents } from '@graphrec/sequences';
async function main() {
  const src = process.argv[2];
  const protocol = (process.argv[3] ?? 'temporal') as 'temporal' | 'last-session';
  const models = (process.argv[4] ?? 'spop,lastitem,sknn,vsknn,gru4rec,hrnn').split(',');
  const read = src.endsWith('u.data') ? await readMovielensEvents(src) : await readWorldEvents(src);
  const sessions = sessionize(read.events, { itemTypes: src.endsWith('u.data') ? undefined : DEFAULT_ITEM_TYPES });
  const split = nextItemSplit(sessions, { protocol });
  console.log(`sessions ${sessions.length} train ${split.train.length} test ${split.test.length} items ${split.itemIds.length}`, split.removed);
  const data = { train: split.train, nItems: split.itemIds.length, nUsers: split.userIds.length, popularity: split.popularity };
  for (const name of models) {
    const m: SessionRecommender = name === 'spop' ? new SessionPopularity() : name === 'lastitem' ? new LastItemKnn() : name === 'sknn' ? new SessionKnn(false) : name === 'vsknn' ? new SessionKnn(true) : new NeuralSessionModel(name as 'hrnn', { protocol }, JSON.parse(process.env.OPTS ?? '{}'), console.log);
    const t0 = performance.now();
    await m.fit(data);
    const t1 = performance.now();
    const r = await evaluateSessions(m, split.train, split.test);
    console.log(name, JSON.stringify(r), 'fit', ((t1 - t0) / 1000).toFixed(1), 'score', ((performance.now() - t1) / 1000).toFixed(1));
  }
}
main();
