import { GraphDb } from '@graphrec/neo4j';
import { completeRun, MembershipInput, startRun, writeSegments } from '@graphrec/writeback';
import { exportSegments, pushSegments } from '@graphrec/crm';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvText as parseCsv } from '@graphrec/graph-model';
import { resetDb, tempDir, testDb } from '../support/db';
import { WebhookReceiver } from '../support/webhook-receiver';

const USERS = 60;
const userId = (i: number) => `ex-u${String(i).padStart(3, '0')}`;
const segments = [
  { segmentId: 'S01', label: 'Doorbell, "early"', size: 0, profile: {} },
  { segmentId: 'S02', label: 'Caméras\nextérieures', size: 0, profile: {} },
  { segmentId: 'S03', label: 'Alarm', size: 0, profile: {} },
];
// Run A: users 0..49 in S01/S02 by parity. Run B: users 10..59; users 20..29 moved to S03; 0..9 left; 50..59 joined.
const runA = (): MembershipInput[] => Array.from({ length: 50 }, (_, i) => ({ userId: userId(i), segmentId: i % 2 ? 'S02' : 'S01', confidence: 0.5 }));
const runB = (): MembershipInput[] =>
  Array.from({ length: 50 }, (_, k) => k + 10).map((i) => ({ userId: userId(i), segmentId: i >= 20 && i < 30 ? 'S03' : i % 2 ? 'S02' : 'S01', confidence: 0.75 }));

type Batch = { runId: string; batch: number; last: boolean; rows: { user_id: string }[] };
class Receiver extends WebhookReceiver<Batch> {}

describe('CRM export and webhook push of segments (real Neo4j)', () => {
  let db: GraphDb;
  let dir: string;
  let a: string;
  let b: string;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    await db.run(
      // home_type of user 13 is a formula, as a hostile or careless upstream could send; apiToken
      // stands for any property a later feature might store on users that must never reach a CRM.
      "UNWIND range(0, $n - 1) AS i CREATE (:User {id: 'ex-u' + right('00' + toString(i), 3), region: CASE WHEN i % 3 = 0 THEN 'Zürich, \"Nord\"' ELSE 'Oslo' END, home_type: CASE WHEN i = 13 THEN '=HYPERLINK(\"http://evil.example\",\"x\")' ELSE 'house' END, apiToken: 'tok-' + toString(i)})",
      { n: USERS },
    );
    a = await startRun(db, 'segments', {});
    await writeSegments(db, a, { segments, members: runA() });
    await completeRun(db, a, {});
    b = await startRun(db, 'segments', {});
    await writeSegments(db, b, { segments, members: runB() });
    await completeRun(db, b, {});
    dir = tempDir('export');
  });
  afterAll(() => db.close());

  it('exports the current run as RFC 4180 CSV with a header, ordered by user id, with attributes', async () => {
    const out = join(dir, 'segments.csv');
    const result = await exportSegments(db, { format: 'csv', out, userAttributes: ['region', 'home_type'] });
    expect(result).toMatchObject({ runId: b, rows: 50 });
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['user_id', 'segment_id', 'segment_label', 'confidence', 'run_id', 'updated_at', 'region', 'home_type']);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 50 }, (_, k) => userId(k + 10)));
    expect(rows[0]).toEqual([userId(10), 'S01', 'Doorbell, "early"', '0.75', b, expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), 'Oslo', 'house']);
    expect(rows[2]).toEqual([userId(12), 'S01', 'Doorbell, "early"', '0.75', b, rows[0][5], 'Zürich, "Nord"', 'house']);
    // A formula arrives as text: the OWASP quote mark in front, so a spreadsheet does not run it.
    expect(rows[3][7]).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(rows[10].slice(0, 3)).toEqual([userId(20), 'S03', 'Alarm']);
    expect(rows[1][2]).toBe('Caméras\nextérieures');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('exports JSONL, one object per line', async () => {
    const out = join(dir, 'segments.jsonl');
    await exportSegments(db, { format: 'jsonl', out });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(50);
    expect(lines[1]).toEqual({ user_id: userId(11), segment_id: 'S02', segment_label: 'Caméras\nextérieures', confidence: 0.75, run_id: b, updated_at: expect.any(String) });
  });

  it('exports only the changes since an earlier run: joined, left, moved', async () => {
    const out = join(dir, 'delta.csv');
    const result = await exportSegments(db, { format: 'csv', out, changedSince: a });
    expect(result).toMatchObject({ runId: b, changedSince: a, rows: 30 });
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['user_id', 'segment_id', 'segment_label', 'confidence', 'run_id', 'updated_at', 'change', 'previous_segment_id']);
    const byUser = new Map(rows.map((r) => [r[0], r]));
    expect(byUser.get(userId(3))).toEqual([userId(3), '', '', '', b, expect.any(String), 'left', 'S02']);
    expect(byUser.get(userId(21))?.slice(0, 3).concat(byUser.get(userId(21))!.slice(6))).toEqual([userId(21), 'S03', 'Alarm', 'moved', 'S02']);
    expect(byUser.get(userId(55))?.slice(6)).toEqual(['joined', '']);
    expect(byUser.has(userId(15))).toBe(false);
    expect(rows.filter((r) => r[6] === 'left')).toHaveLength(10);
  });

  it('leaves no file behind when it fails: unknown run, no writable folder', async () => {
    const out = join(dir, 'never.csv');
    await expect(exportSegments(db, { format: 'csv', out, changedSince: 'seg-20000101T000000Z-dead' })).rejects.toMatchObject({ code: 'UNKNOWN_RUN' });
    expect(existsSync(out)).toBe(false);
    await expect(exportSegments(db, { format: 'csv', out: join(dir, 'missing', 'x.csv') })).rejects.toMatchObject({ code: 'UNWRITABLE_PATH' });
    await expect(exportSegments(db, { format: 'csv', out, userAttributes: ['bad name'] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    // Any User property used to be exportable by name; only the profile allowlist is now.
    await expect(exportSegments(db, { format: 'csv', out, userAttributes: ['apiToken'] })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('unknown user attribute "apiToken"; exportable attributes: home_type, region, signup_date'),
    });
    expect(readdirSync(dir).filter((f) => f.startsWith('never') || f.includes('.tmp-'))).toEqual([]);
  });

  describe('webhook', () => {
    const secret = 'test-secret';
    // timeoutMs: long enough that a loaded machine never times out an answered request (which
    // would add retries the test does not expect); the 'slow' answer never comes at all.
    const fast = { batchSize: 7, timeoutMs: 3_000, backoff: { baseMs: 5, maxMs: 40 } };
    let receiver: Receiver;
    let url: string;
    beforeEach(async () => {
      receiver = new Receiver(secret);
      url = await receiver.start();
    });
    afterEach(() => receiver.stop());

    const allIds = (n: number) => Array.from({ length: n }, (_, i) => `${b}:${i + 1}`);

    it('delivers every batch, signed, through failures, 429 and a timeout; a rerun sends nothing', async () => {
      receiver.decide = (_r, n) => (n === 2 || n === 6 ? 'fail' : n === 4 ? 'slow' : n === 8 ? 'busy' : 'ok');
      const stateFile = join(dir, 'push-1.json');
      const result = await pushSegments(db, { url, secret, stateFile, ...fast });
      expect(result).toMatchObject({ runId: b, batchesSent: 8, rowsSent: 50, lastBatch: 8, retries: 4, alreadyDone: false });
      expect(receiver.received.every((r) => r.signed)).toBe(true);
      expect(receiver.acked).toEqual(allIds(8));
      const delivered = receiver.received.filter((r) => receiver.acked.includes(r.batchId));
      const users = [...new Map(delivered.map((r) => [r.batchId, r.body.rows])).values()].flat().map((row) => row.user_id);
      expect(users).toEqual(Array.from({ length: 50 }, (_, k) => userId(k + 10)));
      expect(delivered.find((r) => r.body.batch === 8)?.body.last).toBe(true);

      const before = receiver.received.length;
      const again = await pushSegments(db, { url, secret, stateFile, ...fast });
      expect(again).toMatchObject({ batchesSent: 0, alreadyDone: true, lastBatch: 8 });
      expect(receiver.received.length).toBe(before);
      await expect(pushSegments(db, { url, secret, stateFile, ...fast, batchSize: 9 })).resolves.toMatchObject({ alreadyDone: true });
    });

    it('resumes after an interruption at batch k without resending earlier batches', async () => {
      const stateFile = join(dir, 'push-2.json');
      receiver.decide = (r) => (r.body.batch >= 4 ? 'fail' : 'ok');
      await expect(pushSegments(db, { url, secret, stateFile, ...fast, maxRetries: 2 })).rejects.toMatchObject({
        code: 'WEBHOOK_FAILED',
        message: expect.stringMatching(/gave up on batch 4 after 3 attempts.*HTTP 500/),
      });
      expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ runId: b, lastBatch: 3, done: false });
      expect(receiver.acked).toEqual(allIds(3));
      await expect(pushSegments(db, { url, secret, stateFile, ...fast, batchSize: 5 })).rejects.toMatchObject({ code: 'STATE_MISMATCH' });

      const sentBefore = receiver.received.length;
      receiver.decide = () => 'ok';
      const resumed = await pushSegments(db, { url, secret, stateFile, ...fast });
      expect(resumed).toMatchObject({ batchesSent: 5, lastBatch: 8 });
      expect(receiver.received.slice(sentBefore).map((r) => r.batchId)).toEqual(allIds(8).slice(3));
      expect(receiver.acked).toEqual(allIds(8));
    });

    it('pushes a delta with its own batch ids', async () => {
      const result = await pushSegments(db, { url, secret, stateFile: join(dir, 'push-3.json'), changedSince: a, batchSize: 100 });
      expect(result).toMatchObject({ batchesSent: 1, rowsSent: 30, changedSince: a });
      expect(receiver.acked).toEqual([`${a}..${b}:1`]);
    });

    it.each([301, 302, 303, 307, 308] as const)('treats a redirect (HTTP %i) as a failure and follows nothing', async (status) => {
      const elsewhere = new Receiver(secret);
      receiver.location = await elsewhere.start();
      try {
        receiver.decide = (r) => (r.body.batch === 2 ? status : 'ok');
        const stateFile = join(dir, `push-redirect-${status}.json`);
        const error = await pushSegments(db, { url, secret, stateFile, ...fast }).catch((e: Error) => e);
        expect(error).toMatchObject({ code: 'WEBHOOK_REJECTED', message: expect.stringContaining(`answered batch 2 with a redirect (HTTP ${status})`) });
        // A 307/308 used to re-POST the signed batch to the Location, a 302/303 to GET it there and
        // count the 200 as a delivery: now nothing reaches the other host and batch 2 is not recorded.
        expect(elsewhere.received).toEqual([]);
        expect(receiver.received.map((r) => r.body.batch)).toEqual([1, 2]);
        expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ lastBatch: 1, done: false });
      } finally {
        await elsewhere.stop();
      }
    });

    it('refuses a URL with credentials before sending anything, and never prints them', async () => {
      const withCredentials = url.replace('http://', 'http://crm-user:hunter2@');
      const error = await pushSegments(db, { url: withCredentials, secret, stateFile: join(dir, 'push-5.json'), ...fast }).catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'BAD_URL', message: expect.stringContaining('carries credentials (user:pass@): refused') });
      expect((error as Error).message).not.toMatch(/hunter2|crm-user/);
      expect(receiver.received).toEqual([]);
      expect(existsSync(join(dir, 'push-5.json'))).toBe(false);
    });

    it('an unreachable URL fails with a clear error', async () => {
      await receiver.stop();
      receiver = new Receiver(secret); // afterEach stops this unused one
      await receiver.start();
      const error = await pushSegments(db, { url, secret, stateFile: join(dir, 'push-4.json'), ...fast, maxRetries: 1 }).catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'WEBHOOK_FAILED' });
      expect(String((error as Error).message)).toMatch(/gave up on batch 1 after 2 attempts; last error: ECONNREFUSED/);
      await expect(pushSegments(db, { url: 'ftp://x', secret, stateFile: join(dir, 'push-4.json') })).rejects.toMatchObject({ code: 'BAD_URL' });
    });
  });
});
