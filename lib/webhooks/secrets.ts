import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { webhookSecretsKek } from '../config.ts';

/**
 * Webhook signing secrets at rest, by envelope encryption: each secret is encrypted (AES-256-GCM)
 * under a data key of its own, and that data key under the key-encryption key from configuration
 * (WEBHOOK_SECRETS_KEK). The item holds only ciphertexts, so a table export, a backup or a stream
 * record reveals no secret; the additional data binds a box to its webhook, so a box copied onto
 * another webhook does not open. A KMS or Secrets Manager key can replace the KEK by changing only
 * `wrap`/`unwrap` here.
 */

/** What the item stores for one secret; `v` names this layout. */
export interface SealedSecret {
  v: 1;
  /** The data key, encrypted under the KEK: iv (12) | tag (16) | ciphertext (32), base64. */
  key: string;
  /** The secret, encrypted under the data key: iv | tag | ciphertext, base64. */
  box: string;
}

function encrypt(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function decrypt(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

export function seal(secret: string, aad: string): SealedSecret {
  const dataKey = randomBytes(32);
  return {
    v: 1,
    key: encrypt(webhookSecretsKek(), dataKey, aad),
    box: encrypt(dataKey, Buffer.from(secret, 'utf8'), aad),
  };
}

export function open(sealed: SealedSecret, aad: string): string {
  const dataKey = decrypt(webhookSecretsKek(), sealed.key, aad);
  return decrypt(dataKey, sealed.box, aad).toString('utf8');
}
