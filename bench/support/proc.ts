/**
 * CPU time of another process, from Linux's /proc (the benches measure the local Neo4j server and
 * child commands beside their own process). One reader for every bench.
 */
import { readFileSync } from 'node:fs';

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
