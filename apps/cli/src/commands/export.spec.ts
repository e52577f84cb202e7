import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWebhookSecret } from './export';

describe('webhook secret sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphrec-secret-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an environment variable by name', () => {
    expect(readWebhookSecret({ secretEnv: 'CRM_SECRET' }, { CRM_SECRET: 'k3y' })).toBe('k3y');
    expect(() => readWebhookSecret({ secretEnv: 'CRM_SECRET' }, {})).toThrow('the environment variable CRM_SECRET is unset or empty');
  });

  it('reads a file, without its trailing line break', () => {
    const file = join(dir, 'secret');
    writeFileSync(file, 'k3y with spaces\n');
    expect(readWebhookSecret({ secretFile: file })).toBe('k3y with spaces');
    writeFileSync(file, '\n');
    expect(() => readWebhookSecret({ secretFile: file })).toThrow(/is empty/);
    expect(() => readWebhookSecret({ secretFile: join(dir, 'none') })).toThrow(/cannot read .*none \(ENOENT\)/);
  });

  it('refuses --secret on the command line, both sources at once, or none', () => {
    const refused = () => readWebhookSecret({ secret: 'visible-in-ps' });
    expect(refused).toThrow(/--secret is not accepted \(any local user can read it with ps\)/);
    expect(refused).not.toThrow(/visible-in-ps/);
    expect(() => readWebhookSecret({ secretEnv: 'A', secretFile: 'b' }, { A: 'x' })).toThrow(/not both/);
    expect(() => readWebhookSecret({})).toThrow(/--secret-env NAME .* or --secret-file PATH/);
  });
});
