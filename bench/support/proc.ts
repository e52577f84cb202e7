/**
 * CPU time of another process, from Linux's /proc (the benches measure the local Neo4j server and
 * child commands beside their own process). One reader for every bench.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s. */
export const CLOCK_TICKS_PER_SECOND = 100;

/**
 * utime + stime of `pid` in clock ticks (with `children`, the CPU of the children it waited for
 * instead); 0 when the process is gone or /proc is not there.
 */
export function processCpuTicks(pid: number | 'self', children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after "pid (comm) " start at 3: utime 14, stime 15, cutime 16, cstime 17.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return children ? Number(f[13]) + Number(f[14]) : Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

/** The same in seconds. */
export function processCpuSeconds(pid: number | 'self', children = false): number {
  return processCpuTicks(pid, children) / CLOCK_TICKS_PER_SECOND;
}

/** Live processes whose parent is `pid`, and theirs (from /proc/<n>/stat's ppid). */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  let names: string[] = [];
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  for (const n of names) {
    try {
      const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
      parent.set(Number(n), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone since the listing
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) if (pp === p) (out.push(child), walk(child));
  };
  walk(pid);
  return out;
}

/**
 * CPU ticks of `pid` and everything under it: its own, its reaped children's (cutime/cstime), and
 * its live descendants' (e.g. the child process a flow's parallel branch runs on).
 */
export function treeCpuTicks(pid: number): number {
  return processCpuTicks(pid) + processCpuTicks(pid, true) + descendants(pid).reduce((n, d) => n + processCpuTicks(d) + processCpuTicks(d, true), 0);
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of `pid` and its live descendants, KiB. */
export function treeRssKiB(pid: number): number {
  return [pid, ...descendants(pid)].reduce((n, p) => n + rssKiB(p), 0);
}
