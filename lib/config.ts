import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import './zod-locale.ts';

/**
 * The process environment, read and validated once. Anything missing fails at cold start, not
 * halfway through a request. Built on the first call, not at import: a module that imports this
 * one but never reads the configuration pays nothing.
 */
const envSchema = () =>
  z.object({
    TABLE_NAME: z.string().check(z.minLength(3)),
    /** Lambda sets it; the default serves local tools (the stack's default region, infra/aws/regions.ts). */
    AWS_REGION: z._default(z.string().check(z.minLength(1)), 'ap-southeast-1'),
    /** Set locally (DynamoDB Local); absent in AWS. */
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    /** The Cognito user pool whose logins user management keeps in step (AWS only). */
    USER_POOL_ID: z.optional(z.string()),
    /**
     * Who signs the tokens: `cognito` (this stack's user pool) or `oidc` (an external issuer, e.g. in
     * the China regions): then the issuer owns sign-in and there are no logins to keep in step.
     */
    IDENTITY_PROVIDER: z._default(z.enum(['cognito', 'oidc']), 'cognito'),
    /** The Lambda authorizer's pool (lib/http/authorizer.ts): its issuer URL and web client. */
    USER_POOL_ISSUER: z.optional(z.url()),
    USER_POOL_CLIENT_ID: z.optional(z.string().check(z.minLength(1))),
    /** How many SMS a broadcast worker sends per second (stay below the account's SNS SMS TPS quota). */
    SMS_SENDS_PER_SECOND: z._default(z.coerce.number().check(z.positive(), z.lte(1000)), 10),
    /**
     * SMS per second across every worker and reminder job of the deployment (a counter item per
     * second on the table): at most the account's SNS SMS TPS quota, 20 by default in most regions.
     */
    SMS_GLOBAL_SENDS_PER_SECOND: z._default(
      z.coerce.number().check(z.int(), z.positive(), z.lte(10_000)),
      20,
    ),
    /** Shown as the sender where carriers allow it (AWS.SNS.SMS.SenderID); none when absent. */
    SMS_SENDER_ID: z.optional(z.string().check(z.regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/))),
    /** `local` routes SMS to the outbox instead of SNS. */
    RUNTIME: z._default(z.enum(['aws', 'local']), 'aws'),
    LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
    // ---- integrations (lib/events, lib/webhooks)
    /** The EventBridge bus domain events go to (AWS only; locally they go to the in-process bus). */
    EVENT_BUS_NAME: z.optional(z.string().check(z.minLength(1))),
    /**
     * Lets webhooks call http://127.0.0.1 / localhost (a receiver in a test): local runtime only,
     * refused in AWS. Every other private, loopback or link-local address stays refused.
     */
    WEBHOOKS_ALLOW_LOOPBACK: z._default(z.stringbool(), false),
    /** Webhook deliveries per tenant per minute; the rest wait for the next minute. */
    WEBHOOK_DELIVERIES_PER_MINUTE: z._default(z.coerce.number().check(z.int(), z.positive()), 600),
    /** The attachments' bucket (lib/files); given only to the functions that reach it. */
    FILES_BUCKET: z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/))),
    /** Set locally (s3rver); absent in AWS. */
    S3_ENDPOINT: z.optional(z.url()),
    // ---- background jobs (lib/background)
    /** An import of more rows than this runs as a background job (202); smaller ones in the request. */
    IMPORT_SYNC_MAX_ROWS: z._default(z.coerce.number().check(z.int(), z.positive()), 500),
    /** An export of more rows than this runs as a background job (202); smaller ones in the request. */
    EXPORT_SYNC_MAX_ROWS: z._default(z.coerce.number().check(z.int(), z.positive()), 2000),
    /**
     * The key that encrypts webhook signing secrets' data keys (lib/webhooks/secrets.ts): a random
     * string of at least 32 characters, whose SHA-256 is the AES key. Locally generated into .local/;
     * in AWS a generated Secrets Manager secret, given only to the functions that read webhooks.
     */
    WEBHOOK_SECRETS_KEK: z.optional(z.string().check(z.minLength(32))),
  });

export type Config = z.infer<ReturnType<typeof envSchema>>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= envSchema().parse(process.env);
  return cached;
}

/** The attachments' bucket, for the functions that were given one; fails fast in any other. */
export function filesBucket(): string {
  const bucket = config().FILES_BUCKET;
  if (!bucket) throw new Error('FILES_BUCKET is not set: this function was not granted the files bucket');
  return bucket;
}

/** The webhook secrets' key-encryption key, for the functions given one; fails fast in any other. */
export function webhookSecretsKek(): Buffer {
  const kek = config().WEBHOOK_SECRETS_KEK;
  if (!kek)
    throw new Error('WEBHOOK_SECRETS_KEK is not set: this function was not given the webhook secrets key');
  return createHash('sha256').update(kek).digest();
}
