import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { broadcastWorker } from '#functions/sms/broadcast-worker.ts';
import { handler as createBroadcast } from '#functions/sms/create-broadcast.ts';
import { handler as getBroadcast } from '#functions/sms/get-broadcast.ts';
import { listOutbox } from '#infra/local/outbox.ts';
import { type Caller, invoke } from '#tests/support/api.ts';

export const post = (as: Caller, body: unknown, headers?: Record<string, string>) =>
  invoke('POST /v1/sms/broadcasts', createBroadcast, { as, body, ...(headers ? { headers } : {}) });

export const read = (as: Caller, id: string, query: Record<string, string> = {}) =>
  invoke('GET /v1/sms/broadcasts/{id}', getBroadcast, { as, params: { id }, query });

const context = (): Context =>
  ({
    awsRequestId: crypto.randomUUID(),
    functionName: 'broadcast-worker',
    getRemainingTimeInMillis: () => 900_000,
  }) as Context;

/** The stream record Lambda delivers for a new broadcast item: the parts the worker reads. */
function insertEvent(image: Record<string, string>): DynamoDBStreamEvent {
  const attributes = Object.fromEntries(Object.entries(image).map(([name, value]) => [name, { S: value }]));
  return {
    Records: [
      {
        eventID: crypto.randomUUID(),
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        awsRegion: 'local',
        dynamodb: {
          Keys: { pk: attributes.pk ?? { S: '' }, sk: attributes.sk ?? { S: '' } },
          NewImage: attributes,
          SequenceNumber: '1',
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
  };
}

/** The worker exactly as the table's stream invokes it for a new broadcast item. */
export const runWorker = (tenantId: string, broadcastId: string) =>
  broadcastWorker(insertEvent({ tenantId, id: broadcastId, type: 'smsBroadcast' }), context());

/** How many messages the outbox holds for each number. */
export async function outboxCounts(phones: string[]): Promise<number[]> {
  return Promise.all(phones.map(async (p) => (await listOutbox(p)).length));
}
