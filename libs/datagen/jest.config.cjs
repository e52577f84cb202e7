module.exports = { ...require('../../jest.preset.cjs'), displayName: 'datagen', rootDir: __dirname };
