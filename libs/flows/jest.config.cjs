module.exports = { ...require('../../jest.preset.cjs'), displayName: 'flows', rootDir: __dirname };
