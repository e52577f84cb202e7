import { createHmac } from 'node:crypto';
import { signBody, verifySignature } from './signature';

describe('webhook signature', () => {
  const body = JSON.stringify({ runId: 'seg-x', batch: 1, rows: [{ user_id: 'ü' }] });

  it('is sha256= and the hex HMAC-SHA256 of the exact UTF-8 body', () => {
    const expected = createHmac('sha256', 's3cret').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(signBody(body, 's3cret')).toBe(`sha256=${expected}`);
    // A known vector (RFC 4231-style check with a fixed key and message).
    expect(signBody('hello', 'key')).toBe('sha256=9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b');
  });

  it('verifies, and rejects another secret, another body or a missing header', () => {
    const header = signBody(body, 's3cret');
    expect(verifySignature(body, 's3cret', header)).toBe(true);
    expect(verifySignature(body, 'other', header)).toBe(false);
    expect(verifySignature(body + ' ', 's3cret', header)).toBe(false);
    expect(verifySignature(body, 's3cret', undefined)).toBe(false);
    expect(verifySignature(body, 's3cret', 'sha256=00')).toBe(false);
  });
});
