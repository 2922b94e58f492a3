import * as z from 'zod';

/**
 * The process environment, read and validated once. Anything missing fails at cold start, not
 * halfway through a request. Built on the first call, not at import: a module that imports this
 * one but never reads the configuration pays nothing.
 */
const envSchema = () =>
  z.object({
    TABLE_NAME: z.string().min(3),
    AWS_REGION: z.string().min(1).default('cn-north-1'),
    /** Set locally (DynamoDB Local); absent in AWS. */
    DYNAMODB_ENDPOINT: z.url().optional(),
    SMS_TOPIC_ARN: z.string().optional(),
    /** The Cognito user pool whose logins user management keeps in step (AWS only). */
    USER_POOL_ID: z.string().optional(),
    /** How many SMS a broadcast worker sends per second (stay below the account's SNS SMS TPS quota). */
    SMS_SENDS_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
    /** Shown as the sender where carriers allow it (AWS.SNS.SMS.SenderID); none when absent. */
    SMS_SENDER_ID: z
      .string()
      .regex(/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/)
      .optional(),
    /** `local` routes SMS to the outbox instead of SNS. */
    RUNTIME: z.enum(['aws', 'local']).default('aws'),
    LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  });

export type Config = z.infer<ReturnType<typeof envSchema>>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= envSchema().parse(process.env);
  return cached;
}
