/**
 * The generic session log: a CSV with header `session_id,item_id,timestamp[,user_id]`; timestamp is
 * ISO 8601 or epoch seconds; user_id may be empty (an anonymous session). Any public session
 * dataset converted to it can be evaluated. Bad rows are quarantined with line and reason, with
 * libs/ingest's CSV assembler and quarantine file, never silently skipped.
 */
import { csvField, parseTimestamp as parseIsoOrEpoch } from '@graphrec/graph-model';
import { CsvAssembler, QuarantineFile, Rejection, readLines } from '@graphrec/ingest';
import type { Session } from './types';

export const SESSION_LOG_HEADER = ['session_id', 'item_id', 'timestamp', 'user_id'] as const;
/** Timestamps outside [1970, 2100) are absurd for an interaction log: quarantined. */
const MIN_EPOCH = 0;
const MAX_EPOCH = Date.UTC(2100, 0, 1) / 1000;
const EPOCH = /^\d{1,12}(\.\d+)?$/;
const MAX_ID_CHARS = 256;

export class SessionLogFormatError extends Error {}

/** Epoch seconds, or a reason. */
export function parseTimestamp(text: string): number | string {
  let t: number;
  // Epoch seconds here (fractions allowed, any length); ISO 8601 through graph-model's one parser,
  // which also refuses dates that do not exist (2024-02-31 is not 2 March).
  if (EPOCH.test(text)) t = Number(text);
  else if (/^\d{4}-/.test(text)) {
    const millis = parseIsoOrEpoch(text);
    if (millis === undefined) return `timestamp '${text.slice(0, 40)}' is not a valid ISO 8601 date`;
    t = millis / 1000;
  } else return `timestamp '${text.slice(0, 40)}' is neither ISO 8601 nor epoch seconds`;
  if (!Number.isFinite(t)) return `timestamp '${text.slice(0, 40)}' is not a valid date`;
  if (t < MIN_EPOCH || t >= MAX_EPOCH) return `timestamp '${text.slice(0, 40)}' is outside 1970..2099`;
  return t;
}

export interface SessionLog {
  sessions: Session[];
  /** Data rows read (header excluded), accepted or not. */
  rows: number;
  rejected: Rejection[];
  /** Exact duplicate rows (same session, item and timestamp) dropped. */
  duplicates: number;
}

/** Reads a session log; throws SessionLogFormatError when the header is wrong. */
export async function readSessionLog(path: string): Promise<SessionLog> {
  const assembler = new CsvAssembler();
  const rejected: Rejection[] = [];
  const bySession = new Map<string, { user: string | undefined; rows: { item: string; t: number; line: number }[] }>();
  let header: string[] | undefined;
  let rows = 0;
  const take = (items: ReturnType<CsvAssembler['push']>) => {
    for (const it of items) {
      if (!header) {
        header = (it.fields ?? []).map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
        const ok = header.length >= 3 && header.length <= 4 && header.every((c, i) => c === SESSION_LOG_HEADER[i]);
        if (!ok) throw new SessionLogFormatError(`${path}: a session log starts with the header session_id,item_id,timestamp[,user_id]`);
        continue;
      }
      rows++;
      const reject = (reason: string) => rejected.push({ file: path, line: it.lineNo, raw: it.raw, reason });
      if (!it.fields) {
        reject(it.reason ?? 'unreadable row');
        continue;
      }
      const f = it.fields.map((x) => x.trim());
      if (f.length !== header.length && !(header.length === 4 && f.length === 3)) {
        reject(`expected ${header.length} fields, found ${f.length}`);
        continue;
      }
      const [sessionId, item, stamp] = f;
      const user = f[3] ? f[3] : undefined;
      if (!sessionId) reject('empty session_id');
      else if (!item) reject('empty item_id');
      else if (sessionId.length > MAX_ID_CHARS || item.length > MAX_ID_CHARS || (user?.length ?? 0) > MAX_ID_CHARS) reject(`an id longer than ${MAX_ID_CHARS} characters`);
      else {
        const t = parseTimestamp(stamp);
        if (typeof t === 'string') {
          reject(t);
          continue;
        }
        let s = bySession.get(sessionId);
        if (!s) bySession.set(sessionId, (s = { user, rows: [] }));
        if (s.user !== user) {
          reject(`session ${sessionId.slice(0, 40)} already belongs to user '${s.user ?? ''}'`);
          continue;
        }
        s.rows.push({ item, t, line: it.lineNo });
      }
    }
  };
  for await (const lines of readLines(path)) take(assembler.push(lines));
  take(assembler.end());
  if (!header) throw new SessionLogFormatError(`${path}: empty file (expected the header session_id,item_id,timestamp[,user_id])`);
  let duplicates = 0;
  const sessions: Session[] = [];
  for (const [id, s] of bySession) {
    // Out-of-order rows are sorted by time; a stable sort keeps file order for equal seconds.
    s.rows.sort((a, b) => a.t - b.t || a.line - b.line);
    const seen = new Set<string>();
    const session: Session = { id, user: s.user, items: [], times: [] };
    for (const r of s.rows) {
      const key = `${r.t}\u0000${r.item}`;
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      session.items.push(r.item);
      session.times.push(r.t);
    }
    sessions.push(session);
  }
  return { sessions, rows, rejected, duplicates };
}

/** Writes the rejected rows next to the input (or `path` given), via libs/ingest's quarantine file. */
export function writeRejections(path: string, rejected: Rejection[]): void {
  if (!rejected.length) return;
  const file = new QuarantineFile(path);
  file.open(0);
  file.commit(file.stage(rejected));
  file.close();
}

/** Writes sessions as a session log (the converters' output); rows in session, then time order. */
export function formatSessionLog(sessions: readonly Session[]): string {
  const out: string[] = [SESSION_LOG_HEADER.join(',')];
  for (const s of sessions) {
    for (let i = 0; i < s.items.length; i++) out.push(`${csvField(s.id)},${csvField(s.items[i])},${s.times[i]},${csvField(s.user)}`);
  }
  return out.join('\n') + '\n';
}
