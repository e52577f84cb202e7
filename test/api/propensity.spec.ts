/**
 * High-value-action propensities through the real stack (issue 11 §5): a generated world in Neo4j,
 * `graphrec train` / `segment` / `train-propensity` as real CLI processes, then the real API process
 * (GraphQL `propensity`, `Segment.averagePropensities`) and `graphrec export propensities` (a file
 * and signed webhook batches). Expectations are about behaviour — roles, typed refusals, one score
 * per user whichever way it is asked, the export's top N equal to a full sort — never a quality figure.
 */
import { GraphDb } from '@graphrec/neo4j';
import { clearServedPropensity, readPropensityUsers, readUserIdsPage, scorePropensityRows } from '@graphrec/serving';
import { currentRun } from '@graphrec/writeback';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli } from '../support/cli';
import { testDb } from '../support/db';
import { trainedWorld } from '../support/world';
import { WebhookReceiver } from '../support/webhook-receiver';
import { codes, gql, KEYS, KEYS_ENV } from './support';

const PROPENSITY = `query($userId: ID!, $action: String!) { propensity(userId: $userId, action: $action) { userId action probability runId asOf windowDays segment segmentBaseRate segmentUsers } }`;
const ACTION = 'outdoor-camera';

describe('propensity: train-propensity → API → export (real Neo4j, real API and CLI processes)', () => {
  let db: GraphDb;
  let api: ApiProcess;
  let url: string;
  let dir: string;
  let users: string[];

  beforeAll(async () => {
    db = testDb();
    clearServedPropensity();
    ({ dir } = await trainedWorld(db, { name: 'propensity', users: 3000, seed: 11 }));
    expect((await runCli(['segment'])).code).toBe(0);
    users = await readUserIdsPage(db, '', 3000);
    api = await startApiProcess({ ...process.env, GRAPHREC_API_KEYS: KEYS_ENV, LOG_LEVEL: 'silent' });
    url = `${api.url}/graphql`;
  }, 900_000);
  afterAll(async () => {
    await api?.close();
    clearServedPropensity();
    await db?.close();
  });

  it('before a model is trained: NOT_FOUND saying how to train one', async () => {
    const answer = await gql(url, KEYS.service, PROPENSITY, { userId: users[0], action: ACTION });
    expect(codes(answer)).toEqual(['NOT_FOUND']);
    expect(answer.errors?.[0].message).toMatch(/no propensity model for "outdoor-camera".*graphrec train-propensity/);
  });

  it('train-propensity saves the models with the served run and records them there', async () => {
    const result = await runCli(['train-propensity', '--model-dir', join(dir, 'models')]);
    expect(result.stderr).not.toMatch(/Error|at .*\.ts:\d+/);
    expect(result.code).toBe(0);
    const run = await currentRun(db, 'embeddings');
    const figures = (run?.metrics as { propensity?: Record<string, { auc: number; ece: number }> }).propensity ?? {};
    expect(Object.keys(figures)).toContain(ACTION);
    expect(figures[ACTION].auc).toBeGreaterThan(0);
    expect(result.stdout).toContain(`recorded`);
  }, 600_000);

  it('serves a calibrated probability with the run, the time and the segment base rate; the next request sees the new model', async () => {
    const run = await currentRun(db, 'embeddings');
    const answer = await gql(url, KEYS.service, PROPENSITY, { userId: users[0], action: ACTION });
    expect(answer.errors).toBeUndefined();
    const p = answer.data?.propensity;
    expect(p).toMatchObject({ userId: users[0], action: ACTION, runId: run?.id, windowDays: 30 });
    expect(p.probability).toBeGreaterThanOrEqual(0);
    expect(p.probability).toBeLessThanOrEqual(1);
    expect(p.segmentBaseRate).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(p.asOf))).toBe(false);
    expect(typeof p.segment).toBe('string');
  });

  it('roles: service and analyst may ask, crm may not', async () => {
    expect((await gql(url, KEYS.analyst, PROPENSITY, { userId: users[1], action: ACTION })).errors).toBeUndefined();
    expect(codes(await gql(url, KEYS.crm, PROPENSITY, { userId: users[1], action: ACTION }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(url, undefined, PROPENSITY, { userId: users[1], action: ACTION }))).toEqual(['UNAUTHENTICATED']);
  });

  it('typed refusals: unknown action names the configured ones, unknown user NOT_FOUND, malformed id BAD_USER_INPUT', async () => {
    const action = await gql(url, KEYS.service, PROPENSITY, { userId: users[0], action: 'yacht' });
    expect(codes(action)).toEqual(['BAD_USER_INPUT']);
    expect(action.errors?.[0].message).toMatch(/unknown action "yacht"; configured actions: alarm-kit, protection-plan, outdoor-camera/);
    expect(action.errors?.[0].extensions.argument).toBe('action');
    expect(codes(await gql(url, KEYS.service, PROPENSITY, { userId: 'U9999999', action: ACTION }))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(url, KEYS.service, PROPENSITY, { userId: 'x'.repeat(5000), action: ACTION }))).toEqual(['BAD_USER_INPUT']);
    // No stack trace leaves the process.
    expect(JSON.stringify(action.errors)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('segments carry each action’s average propensity over their members', async () => {
    const answer = await gql(url, KEYS.analyst, `{ segments { id size averagePropensities { action mean users runId } } }`);
    expect(answer.errors).toBeUndefined();
    const segments = answer.data?.segments as { id: string; size: number; averagePropensities: { action: string; mean: number; users: number }[] }[];
    expect(segments.length).toBeGreaterThan(0);
    for (const s of segments) {
      const mine = s.averagePropensities.find((a) => a.action === ACTION);
      expect(mine?.users).toBe(s.size);
      expect(mine?.mean).toBeGreaterThan(0);
      expect(mine?.mean).toBeLessThan(1);
    }
  });

  it('export propensities (real CLI): the top N of a full sort of every user, best first, the API’s numbers', async () => {
    const rows = await readPropensityUsers(db, users);
    const all = scorePropensityRows(rows, ACTION).sort((a, b) => b.probability - a.probability || (a.userId < b.userId ? -1 : 1));
    const out = join(dir, 'top.jsonl');
    const result = await runCli(['export', 'propensities', '--action', ACTION, '--top', '40', '--format', 'jsonl', '--out', out, '--page-size', '128']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { rank: number; user_id: string; probability: number; action: string });
    expect(lines.map((l) => l.user_id)).toEqual(all.slice(0, 40).map((a) => a.userId));
    expect(lines.map((l) => l.rank)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const top = await gql(url, KEYS.service, PROPENSITY, { userId: lines[0].user_id, action: ACTION });
    expect(top.data?.propensity.probability).toBeCloseTo(lines[0].probability, 12);
    const csv = join(dir, 'top.csv');
    expect((await runCli(['export', 'propensities', '--action', ACTION, '--top', '3', '--out', csv])).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe('rank,user_id,action,probability,segment,segment_base_rate,run_id,as_of,window_days');
  });

  it('export propensities refuses bad input with exit 2 and a reason', async () => {
    const bad = await runCli(['export', 'propensities', '--action', 'yacht', '--top', '5', '--out', join(dir, 'x.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/configured actions: alarm-kit, protection-plan, outdoor-camera/);
    const noOut = await runCli(['export', 'propensities', '--action', ACTION, '--top', '5']);
    expect(noOut.code).toBe(2);
  });

  it('pushes the list in signed batches; a rerun sends nothing', async () => {
    const secret = 'propensity-secret';
    const secretFile = join(dir, 'secret');
    writeFileSync(secretFile, `${secret}\n`);
    const receiver = new WebhookReceiver<{ batch: number; last: boolean; action: string; rows: { rank: number; user_id: string }[] }>(secret);
    const hook = await receiver.start('/targets');
    try {
      const args = ['export', 'propensities', '--action', ACTION, '--top', '25', '--webhook', hook, '--secret-file', secretFile, '--batch-size', '10', '--state', join(dir, 'push.json')];
      const first = await runCli(args);
      expect(first.code).toBe(0);
      const bodies = receiver.bodies;
      expect(receiver.allSigned).toBe(true);
      expect(bodies.map((b) => b.rows.length)).toEqual([10, 10, 5]);
      expect(bodies.flatMap((b) => b.rows.map((r) => r.rank))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(bodies[2].last).toBe(true);
      expect(bodies.every((b) => b.action === ACTION)).toBe(true);
      const again = await runCli(args);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/already pushed completely/);
      expect(receiver.received.length).toBe(3);
    } finally {
      await receiver.stop();
    }
  });
});
