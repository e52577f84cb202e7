import neo4j from 'neo4j-driver';
import { readFileSync } from 'node:fs';
const pass = process.env.PASS;
const d = neo4j.driver('bolt://127.0.0.1:7687', neo4j.auth.basic('neo4j', pass));
const s = d.session();
const r = await s.run(process.argv[2]);
for (const rec of r.records) console.log(JSON.stringify(rec.toObject()).slice(0, 600));
await s.close(); await d.close();
