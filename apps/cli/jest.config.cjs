// Most CLI specs run the real `graphrec` process (tsx compiling the sources at start-up, then real
// work: Louvain, evaluation, generation). On a loaded 2-core machine one start-up alone can pass
// Jest's default 5 s, so the budget is generous: a test here fails on a wrong answer, not a slow machine.
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'cli', rootDir: __dirname, testTimeout: 120_000 };
