/**
 * Where an API request's CPU goes, per bench:api scenario: reads the V8 CPU profile(s) that
 * `bench:api --cpu-prof DIR` left in DIR and the scenario windows it wrote beside them
 * (`scenarios.json`: monotonic µs, the clock V8's profile uses), and prints for each scenario the
 * API's busy CPU per request by package and the heaviest functions (self time).
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/api/cpu-profile.ts DIR [--top 25] [--inclusive REGEX]
 *
 * `--inclusive REGEX` also prints, per scenario, the inclusive time of every function whose
 * "name file:line" matches (e.g. `resolver|serialize|preExecution`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
/** What bench:api writes: per scenario, its window (monotonic µs) and its request count. */
export interface ScenarioWindow {
  key: string;
  startUs: number;
  endUs: number;
  requests: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** "function file:line", paths shortened to the package or the repository. */
function frameName(f: CallFrame): string {
  const url = f.url.replace(/^file:\/\//, '');
  const short = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : url.replace(/^.*?\/(apps|libs)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${short}:${f.lineNumber + 1}`;
}

/** The package (node_modules), the workspace folder (apps/x, libs/x) or node's module a frame belongs to. */
function frameGroup(f: CallFrame): string {
  if (!f.url) return f.functionName;
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f.url);
  if (m) return m[1];
  if (f.url.startsWith('node:')) return f.url;
  const w = /\/((apps|libs)\/[^/]+\/src\/[^/]+)/.exec(f.url);
  return w ? w[1] : f.url;
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function table(map: Map<string, number>, requests: number, top: number): string {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => `  ${((us / requests) | 0).toString().padStart(6)} µs/req  ${name}`)
    .join('\n');
}

function main(): void {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: cpu-profile.ts DIR [--top N] [--inclusive REGEX]');
  const top = Number(arg('top') ?? 25);
  const inclusive = arg('inclusive') ? new RegExp(arg('inclusive') as string) : null;
  const windows = JSON.parse(readFileSync(join(dir, 'scenarios.json'), 'utf8')) as ScenarioWindow[];
  const profiles = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile);
  if (!profiles.length) throw new Error(`no .cpuprofile in ${dir}: was bench:api run with --cpu-prof and did the API stop cleanly?`);
  for (const w of windows) {
    const groups = new Map<string, number>();
    const self = new Map<string, number>();
    const incl = new Map<string, number>();
    let busy = 0;
    for (const p of profiles) {
      const byId = new Map(p.nodes.map((n) => [n.id, n]));
      const parent = new Map<number, number>();
      for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      let t = p.startTime;
      for (let i = 0; i < p.samples.length; i++) {
        t += p.timeDeltas[i];
        if (t < w.startUs || t >= w.endUs) continue;
        const node = byId.get(p.samples[i]);
        // A sample stands for the time until the next one.
        const dt = p.timeDeltas[i + 1] ?? 0;
        if (!node || node.callFrame.functionName === '(idle)') continue;
        busy += dt;
        add(groups, frameGroup(node.callFrame), dt);
        add(self, frameName(node.callFrame), dt);
        if (inclusive) {
          const seen = new Set<string>();
          for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
            const name = frameName((byId.get(id) as ProfileNode).callFrame);
            if (inclusive.test(name) && !seen.has(name)) {
              seen.add(name);
              add(incl, name, dt);
            }
          }
        }
      }
    }
    const requests = Math.max(1, w.requests);
    console.log(`\n== ${w.key}: ${w.requests} requests, API busy ${(busy / 1000).toFixed(0)} ms, ${(busy / requests).toFixed(0)} µs per request`);
    console.log(' by package or folder (self time):');
    console.log(table(groups, requests, top));
    console.log(' by function (self time):');
    console.log(table(self, requests, top));
    if (inclusive) {
      console.log(` inclusive (${inclusive.source}):`);
      console.log(table(incl, requests, top));
    }
  }
}

main();
