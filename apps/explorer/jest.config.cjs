module.exports = { ...require('../../jest.preset.cjs'), displayName: 'explorer', rootDir: __dirname };
