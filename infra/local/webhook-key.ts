import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The local runtime's webhook secrets key (WEBHOOK_SECRETS_KEK), kept beside the token signing key
 * so webhooks made in one run still open in the next (with a persistent DynamoDB); made on first
 * use, the folder too. Without a key file (tests), a key for this process only.
 */
export function webhookSecretsKek(keyFile: string | undefined): string {
  if (!keyFile) return randomBytes(32).toString('base64');
  const file = join(dirname(keyFile), 'webhook-secrets-kek');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const kek = randomBytes(32).toString('base64');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${kek}\n`, { mode: 0o600 });
    return kek;
  }
}
