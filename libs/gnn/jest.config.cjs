// Training tests take a few seconds alone and several times that on a loaded machine: a timeout
// must not turn machine load into a failure (the default is 5 s).
module.exports = { ...require('../../jest.preset.cjs'), displayName: 'gnn', rootDir: __dirname, testTimeout: 120000 };
