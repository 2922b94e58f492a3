import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookSecretsKek } from '#infra/local/webhook-key.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the local webhook secrets key', () => {
  it('is made on a fresh clone (no .local/ yet) and the same on the next start', () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-kek-'));
    const keyFile = join(dir, '.local', 'token-key.json');
    const first = webhookSecretsKek(keyFile);
    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    expect(statSync(join(dir, '.local', 'webhook-secrets-kek')).mode & 0o777).toBe(0o600);
    expect(webhookSecretsKek(keyFile)).toBe(first);
  });
});
