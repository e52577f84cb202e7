/** `graphrec runs` as text: one line per run, one indented line per step with its timing, tries and figures. */
import { FlowRunRecord, StepRecord } from './types';

const fmtNumber = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));

function runSeconds(run: FlowRunRecord): number | undefined {
  if (!run.finishedAt) return undefined;
  return (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
}

function stepLine(s: StepRecord): string {
  const time = s.seconds === undefined ? '' : `${s.seconds.toFixed(1)} s`;
  const tries = s.attempts === 1 ? '1 try' : `${s.attempts} tries`;
  const figures = Object.entries(s.metrics ?? {}).map(([k, v]) => `${k}=${fmtNumber(v)}`);
  const outputs = Object.entries(s.outputs ?? {})
    .filter(([k]) => k.endsWith('Run') || k === 'file')
    .map(([k, v]) => `${k}=${v}`);
  const why = s.error ? `error: ${s.error}` : s.skipped ? `skipped: ${s.skipped}` : '';
  return `  ${s.step.padEnd(16)} ${s.status.padEnd(9)} ${time.padStart(9)}  ${tries.padEnd(8)} ${[...outputs, ...figures, why].filter(Boolean).join(' ')}`.trimEnd();
}

export function formatRunsTable(runs: FlowRunRecord[]): string {
  if (runs.length === 0) return 'no flow runs yet (graphrec run starts one)\n';
  const lines: string[] = [];
  for (const run of runs) {
    const seconds = runSeconds(run);
    const drift = run.drift ? (run.drift.breached.length ? `DRIFT: ${run.drift.breached.join(', ')}` : 'drift ok') : '';
    const extra = [
      run.scheduledFor ? `slot ${run.scheduledFor}` : '',
      run.resumes ? `resumed ${run.resumes}×` : '',
      drift,
      run.error ? `error: ${run.error}` : '',
    ].filter(Boolean);
    lines.push(`${run.id}  ${run.status.padEnd(8)}  ${run.startedAt}  ${seconds === undefined ? '' : `${seconds.toFixed(1)} s`}  ${extra.join('  ')}`.trimEnd());
    for (const s of run.steps) lines.push(stepLine(s));
  }
  return lines.join('\n') + '\n';
}
