module.exports = { ...require('../../jest.preset.cjs'), displayName: 'recommend', rootDir: __dirname };
