/** `npx tsx --tsconfig tsconfig.base.json apps/api/src/main.ts`: serves until SIGINT/SIGTERM. */
import { startApi } from './server';

async function main(): Promise<void> {
  const api = await startApi();
  const lines = [`graphrec API on ${api.url}`, `  GraphQL:  ${api.graphqlUrl}`, `  explorer: ${api.explorerUrl}`, `  health:   ${api.url}/health   metrics: ${api.url}/metrics`];
  if (api.demoKeys) {
    lines.push('  demo API keys (GRAPHREC_API_KEYS is unset; new ones on every start):');
    for (const [role, key] of Object.entries(api.demoKeys)) lines.push(`    ${role.padEnd(8)} ${key}`);
  }
  process.stderr.write(lines.join('\n') + '\n');
  const stop = () => {
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`graphrec API failed to start: ${error instanceof Error ? (process.env.DEBUG ? error.stack : error.message) : String(error)}\n`);
  process.exit(1);
});
