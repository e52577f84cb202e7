module.exports = { ...require('../../jest.preset.cjs'), displayName: 'sequences', rootDir: __dirname };
