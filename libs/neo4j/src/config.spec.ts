import { cypher, listCypherFiles, splitStatements } from './cypher-files';
import { describeTarget, localServerSettings, resolveNeo4jConfig } from './config';

describe('resolveNeo4jConfig', () => {
  it('uses the external server when NEO4J_URI is set', () => {
    const c = resolveNeo4jConfig({ NEO4J_URI: 'neo4j://db.example:7687', NEO4J_USER: 'app', NEO4J_PASSWORD: 's3cret', NEO4J_DATABASE: 'graph' });
    expect(c).toEqual({ uri: 'neo4j://db.example:7687', user: 'app', password: 's3cret', database: 'graph', local: false });
    expect(describeTarget(c)).not.toContain('s3cret');
  });
  it('falls back to the local server on NEO4J_PORT', () => {
    const c = resolveNeo4jConfig({ NEO4J_PORT: '7799', NEO4J_PASSWORD: 'pw', NEO4J_DATA_DIR: '/nonexistent' });
    expect(c).toMatchObject({ uri: 'bolt://127.0.0.1:7799', user: 'neo4j', password: 'pw', database: 'neo4j', local: true });
  });
  it('reads an empty variable as unset, everywhere (it used to mean port 0 to the server script)', () => {
    expect(resolveNeo4jConfig({ NEO4J_PORT: '', NEO4J_USER: '', NEO4J_DATABASE: '', NEO4J_PASSWORD: 'pw', NEO4J_DATA_DIR: '/nonexistent' })).toMatchObject({
      uri: 'bolt://127.0.0.1:7687',
      user: 'neo4j',
      database: 'neo4j',
    });
    expect(localServerSettings({ NEO4J_PORT: ' ', NEO4J_HEAP: '', NEO4J_DATA_DIR: '/d' })).toMatchObject({ port: 7687, heap: '2g', dataDir: '/d', txLogSize: '64m' });
    expect(() => localServerSettings({ NEO4J_HEAP: 'lots' })).toThrow(/NEO4J_HEAP/);
  });
  it('refuses a port that is not a port', () => {
    expect(() => resolveNeo4jConfig({ NEO4J_PORT: 'abc' })).toThrow(/NEO4J_PORT/);
  });
});

describe('cypher files', () => {
  it('splits schema files into statements without comments', () => {
    expect(splitStatements('// c\nCREATE A;\nCREATE B;\n')).toEqual(['CREATE A', 'CREATE B']);
  });
  it('loads every statement from cypher/ and rejects names that could escape it', () => {
    expect(cypher('ingest/events')).toContain('UNWIND');
    expect(listCypherFiles('schema')[0]).toBe('001_constraints.cypher');
    expect(() => cypher('../package')).toThrow(/bad cypher file name/);
  });
  it('never interpolates values: every ingest statement takes its data as parameters', () => {
    for (const file of listCypherFiles('ingest')) {
      const text = cypher(`ingest/${file.replace('.cypher', '')}`);
      expect(text).toMatch(/\$[a-z]+/);
      expect(text).not.toMatch(/\$\{/);
    }
  });
});
