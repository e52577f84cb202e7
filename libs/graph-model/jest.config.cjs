module.exports = { ...require('../../jest.preset.cjs'), displayName: 'graph-model', rootDir: __dirname };
