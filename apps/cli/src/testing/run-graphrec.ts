/** The real `graphrec` process (tsx + sources) for the CLI's specs; no Neo4j unless the command needs one. */
import { repoRoot } from '@graphrec/neo4j';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface GraphrecRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function graphrec(args: string[]): Promise<GraphrecRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join('apps', 'cli', 'bin', 'graphrec.js'), ...args], { cwd: repoRoot() }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
