import type { FailureDestination, PendingFailure, StreamFailure } from '../stream-replay.ts';

/**
 * The StreamFailures SQS queue (stateless-stack) as a failure destination for `npm run replay`.
 *
 * @aws-sdk/client-sqs is not a dependency of the project yet: it is loaded by name only here, so
 * nothing else needs it, and replay from AWS asks for it with a clear message. The subset used is
 * typed below.
 */
interface SqsModule {
  SQSClient: new (config: { region: string }) => { send(command: unknown): Promise<unknown> };
  ReceiveMessageCommand: new (input: Record<string, unknown>) => unknown;
  DeleteMessageCommand: new (input: Record<string, unknown>) => unknown;
}

const SQS_PACKAGE = '@aws-sdk/client-sqs';
/** Long enough to replay a batch of the slowest consumer (900 s) before another run sees it. */
const VISIBILITY_S = 900;

export async function sqsFailureDestination(queueUrl: string, region: string): Promise<FailureDestination> {
  let sqs: SqsModule;
  try {
    sqs = (await import(SQS_PACKAGE)) as SqsModule;
  } catch {
    throw new Error(`Replaying from SQS needs ${SQS_PACKAGE}: npm install --save-dev ${SQS_PACKAGE}`);
  }
  const client = new sqs.SQSClient({ region });
  return {
    async pending(max) {
      const found: PendingFailure[] = [];
      while (found.length < max) {
        const out = (await client.send(
          new sqs.ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(10, max - found.length),
            VisibilityTimeout: VISIBILITY_S,
            WaitTimeSeconds: 1,
          }),
        )) as { Messages?: Array<{ Body?: string; ReceiptHandle?: string }> };
        const messages = out.Messages ?? [];
        if (messages.length === 0) break;
        for (const message of messages)
          found.push({
            failure: JSON.parse(message.Body ?? '{}') as StreamFailure,
            remove: async () => {
              await client.send(
                new sqs.DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
              );
            },
          });
      }
      return found;
    },
  };
}
