import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type StreamConsumerSpec, streamConsumers } from '#lib/jobs.ts';
import { onBroadcastCreated } from '#lib/sms/dispatch.ts';
import { lambdaContext, loadHandler } from './handlers.ts';

/** Deliveries of one record, as the event source mapping retries a record its handler reports back. */
const ATTEMPTS = 5;
const RETRY_DELAY_MS = 1000;

/** The stream record Lambda delivers for a new item: the parts a handler reads (keys and new image). */
export function insertEvent(image: Record<string, string>): DynamoDBStreamEvent {
  const attributes = Object.fromEntries(Object.entries(image).map(([name, value]) => [name, { S: value }]));
  return {
    Records: [
      {
        eventID: crypto.randomUUID(),
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        awsRegion: process.env.AWS_REGION ?? 'local',
        dynamodb: {
          Keys: { pk: attributes.pk ?? { S: '' }, sk: attributes.sk ?? { S: '' } },
          NewImage: attributes,
          SequenceNumber: String(Date.now()),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
  };
}

/**
 * Stands in for the table's stream, which the local runtime does not have: when a broadcast is
 * stored, its stream consumer (lib/jobs.ts) runs in the background after the request has been
 * answered, one delivery at a time, and a record it reports back is delivered again.
 */
export function startStreamConsumers(log: (line: string) => void) {
  const spec: StreamConsumerSpec = streamConsumers['sms-broadcasts'];
  let queue: Promise<void> = Promise.resolve();

  const deliver = async (image: Record<string, string>) => {
    const handler = await loadHandler(spec.handler);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const result = (await handler(
        insertEvent(image),
        lambdaContext(spec.handler, spec.timeoutSeconds * 1000),
      )) as DynamoDBBatchResponse | undefined;
      if (!result?.batchItemFailures?.length) return;
      await sleep(RETRY_DELAY_MS);
    }
    log(`${spec.handler}: gave up on ${image.id} after ${ATTEMPTS} deliveries`);
  };

  onBroadcastCreated(({ tenantId, broadcastId }) => {
    const image = { tenantId, id: broadcastId, type: spec.on.itemType };
    // setImmediate: the request that stored the broadcast answers first, as with a real stream.
    queue = queue
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => deliver(image))
      .catch((error: unknown) => log(`${spec.handler} failed: ${(error as Error).message}`));
  });

  return {
    /** No more deliveries; waits for the one under way. */
    stop: async () => {
      onBroadcastCreated(undefined);
      await queue;
    },
  };
}
