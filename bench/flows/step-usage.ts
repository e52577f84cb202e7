/**
 * Per-step CPU, load and memory of a flow run, from samples of the process tree taken while it ran
 * and the run's step records (start and finish times). Shared by `bench:daily` (which samples as it
 * runs the flow) and its `--samples FILE` mode (samples written by another sampler in the same
 * format: one line per sample, `epochSeconds load1 nodeTicks neo4jTicks nodeRssKiB ticksPerSecond`).
 */
import type { FlowRunRecord } from '@graphrec/flows';

export interface Sample {
  /** Seconds since the epoch. */
  t: number;
  load: number;
  /** CPU seconds so far (user + system). */
  nodeCpu: number;
  neo4jCpu: number;
  rssMiB: number;
}

export function parseSamples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/).map(Number);
    if (f.length < 6 || f.some((x) => !Number.isFinite(x))) continue;
    const [t, load, node, neo4j, rss, tck] = f;
    out.push({ t, load, nodeCpu: node / tck, neo4jCpu: neo4j / tck, rssMiB: rss / 1024 });
  }
  return out;
}

export function formatSample(s: { t: number; load: number; nodeTicks: number; neo4jTicks: number; rssKiB: number; ticksPerSecond: number }): string {
  return `${s.t} ${s.load.toFixed(2)} ${s.nodeTicks} ${s.neo4jTicks} ${s.rssKiB} ${s.ticksPerSecond}`;
}

/** A cumulative counter at time t, linear between the samples around it (clamped at the ends). */
function at(samples: readonly Sample[], t: number, get: (s: Sample) => number): number {
  if (samples.length === 0) return 0;
  if (t <= samples[0].t) return get(samples[0]);
  for (let i = 1; i < samples.length; i++) {
    const b = samples[i];
    if (t <= b.t) {
      const a = samples[i - 1];
      const w = b.t === a.t ? 1 : (t - a.t) / (b.t - a.t);
      return get(a) + w * (get(b) - get(a));
    }
  }
  return get(samples[samples.length - 1]);
}

export interface StepUsage {
  step: string;
  status: string;
  /** Seconds from the run's start to the step's (steps of parallel branches overlap). */
  startOffsetSeconds: number | null;
  wallSeconds: number;
  nodeCpuSeconds: number;
  neo4jCpuSeconds: number;
  /** Mean and highest 1-minute load average over the step's samples. */
  loadMean: number | null;
  loadMax: number | null;
  peakRssMiB: number | null;
  metrics: Record<string, number>;
}

/** CPU, load and peak memory between `from` and `to` (seconds since the epoch): one reader for a step's window and the run's. */
function windowUsage(samples: readonly Sample[], from: number, to: number) {
  const inside = samples.filter((x) => x.t >= from && x.t <= to);
  const loads = inside.map((x) => x.load);
  return {
    nodeCpuSeconds: at(samples, to, (x) => x.nodeCpu) - at(samples, from, (x) => x.nodeCpu),
    neo4jCpuSeconds: at(samples, to, (x) => x.neo4jCpu) - at(samples, from, (x) => x.neo4jCpu),
    loadMean: loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : null,
    loadMax: loads.length ? Math.max(...loads) : null,
    peakRssMiB: inside.length ? Math.max(...inside.map((x) => x.rssMiB)) : null,
  };
}

const UNTIMED = { nodeCpuSeconds: 0, neo4jCpuSeconds: 0, loadMean: null, loadMax: null, peakRssMiB: null };

export function stepUsage(run: FlowRunRecord, samples: readonly Sample[]): StepUsage[] {
  return run.steps.map((s) => {
    const from = s.startedAt ? Date.parse(s.startedAt) / 1000 : NaN;
    // A step still running (or whose process died) is measured up to the last sample.
    const last = samples.length ? samples[samples.length - 1].t : NaN;
    const to = s.finishedAt ? Date.parse(s.finishedAt) / 1000 : s.status === 'running' ? last : NaN;
    const timed = Number.isFinite(from) && Number.isFinite(to);
    return {
      step: s.step,
      status: s.status,
      startOffsetSeconds: Number.isFinite(from) ? from - Date.parse(run.startedAt) / 1000 : null,
      wallSeconds: s.finishedAt && s.seconds !== undefined ? s.seconds : timed ? to - from : 0,
      ...(timed ? windowUsage(samples, from, to) : UNTIMED),
      metrics: (s.metrics ?? {}) as Record<string, number>,
    };
  });
}

/** The whole run: its own wall time (not the sum of steps that overlapped) and CPU over it. */
export interface RunUsage {
  wallSeconds: number;
  nodeCpuSeconds: number;
  neo4jCpuSeconds: number;
  peakRssMiB: number | null;
}

export function runUsage(run: FlowRunRecord, samples: readonly Sample[]): RunUsage {
  const from = Date.parse(run.startedAt) / 1000;
  const to = run.finishedAt ? Date.parse(run.finishedAt) / 1000 : samples.length ? samples[samples.length - 1].t : from;
  const { nodeCpuSeconds, neo4jCpuSeconds, peakRssMiB } = windowUsage(samples, from, to);
  return { wallSeconds: to - from, nodeCpuSeconds, neo4jCpuSeconds, peakRssMiB };
}

const f1 = (x: number | null) => (x === null ? '–' : x.toFixed(1));

/**
 * A markdown table, the slowest step in bold, and the run's totals. Where steps overlapped (the
 * flow's branches), each step's CPU and memory are those of everything that ran in its window.
 */
export function usageTable(run: FlowRunRecord, usage: readonly StepUsage[], whole: RunUsage): string {
  const slowest = usage.reduce<StepUsage | undefined>((m, u) => (!m || u.wallSeconds > m.wallSeconds ? u : m), undefined);
  const lines = [
    `run ${run.id} (${run.status}), ${run.startedAt} → ${run.finishedAt ?? '…'}`,
    '',
    '| step | status | starts at s | wall s | CPU s graphrec | CPU s Neo4j | load (mean / max) | peak RSS MiB | metrics |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |',
    ...usage.map((u) => {
      const name = u === slowest ? `**${u.step}**` : u.step;
      const m = Object.entries(u.metrics).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(', ');
      return `| ${name} | ${u.status} | ${f1(u.startOffsetSeconds)} | ${f1(u.wallSeconds)} | ${f1(u.nodeCpuSeconds)} | ${f1(u.neo4jCpuSeconds)} | ${f1(u.loadMean)} / ${f1(u.loadMax)} | ${u.peakRssMiB === null ? '–' : Math.round(u.peakRssMiB)} | ${m} |`;
    }),
    `| whole run | ${run.status} | 0.0 | ${f1(whole.wallSeconds)} | ${f1(whole.nodeCpuSeconds)} | ${f1(whole.neo4jCpuSeconds)} | | ${whole.peakRssMiB === null ? '–' : Math.round(whole.peakRssMiB)} | |`,
  ];
  if (slowest) lines.push('', `slowest step: ${slowest.step} (${f1(slowest.wallSeconds)} s wall)`);
  return lines.join('\n');
}
