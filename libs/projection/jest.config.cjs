module.exports = { ...require('../../jest.preset.cjs'), displayName: 'projection', rootDir: __dirname };
