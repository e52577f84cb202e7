module.exports = { ...require('../../jest.preset.cjs'), displayName: 'writeback', rootDir: __dirname };
