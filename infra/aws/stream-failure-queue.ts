import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { FailureDestination, PendingFailure, StreamFailure } from '../stream-replay.ts';

/** The StreamFailures SQS queue (stateless-stack) as a failure destination for `npm run replay`. */

/** Long enough to replay a batch of the slowest consumer (900 s) before another run sees it. */
const VISIBILITY_S = 900;

export async function sqsFailureDestination(queueUrl: string, region: string): Promise<FailureDestination> {
  const client = new SQSClient({ region });
  return {
    async pending(max) {
      const found: PendingFailure[] = [];
      while (found.length < max) {
        const out = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(10, max - found.length),
            VisibilityTimeout: VISIBILITY_S,
            WaitTimeSeconds: 1,
          }),
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) break;
        for (const message of messages)
          found.push({
            failure: JSON.parse(message.Body ?? '{}') as StreamFailure,
            remove: async () => {
              await client.send(
                new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
              );
            },
          });
      }
      return found;
    },
  };
}
