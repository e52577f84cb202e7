module.exports = { ...require('../../jest.preset.cjs'), displayName: 'rank', rootDir: __dirname };
