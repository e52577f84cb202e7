module.exports = { ...require('../../jest.preset.cjs'), displayName: 'decide', rootDir: __dirname };
