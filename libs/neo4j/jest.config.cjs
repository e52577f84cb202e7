module.exports = { ...require('../../jest.preset.cjs'), displayName: 'neo4j', rootDir: __dirname };
