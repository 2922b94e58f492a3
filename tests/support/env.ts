import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

// Runs in each test worker before any module reads lib/config.ts.
process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
process.env.TABLE_NAME = inject('tableName');
process.env.RUNTIME = 'local';
process.env.S3_ENDPOINT = inject('s3Endpoint');
process.env.FILES_BUCKET = inject('filesBucket');
process.env.LOG_LEVEL ??= 'SILENT';
process.env.AWS_REGION ??= 'cn-north-1';
// Tests share one table and often fix the clock at the same instants, so the deployment-wide
// per-second SMS counter would couple unrelated tests; the ceiling's own tests inject their rate.
process.env.SMS_GLOBAL_SENDS_PER_SECOND ??= '10000';
// A worker's webhooks are made and signed in that worker: a key of its own will do.
process.env.WEBHOOK_SECRETS_KEK ??= randomBytes(32).toString('base64');
