module.exports = { ...require('../../jest.preset.cjs'), displayName: 'gnn', rootDir: __dirname };
