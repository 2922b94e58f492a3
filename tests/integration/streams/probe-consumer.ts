import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { db, tableName } from '#lib/db/client.ts';
import { eachInOrder, imagesOf } from '#lib/db/stream.ts';
import { transact } from '#lib/db/write.ts';

/**
 * A stream consumer for tests of failures and replay, with an injected fault: a `probe` item marked
 * `poison` fails every delivery until its run is cured (an item the test writes). Otherwise it
 * applies each record exactly once, as the real consumers do: a marker per stream event and the
 * run's counter in one transaction, so a record delivered twice counts once.
 */

export const probeKeys = (run: string) => ({
  item: (id: string) => ({ pk: `PROBE#${run}`, sk: `ITEM#${id}` }),
  cured: { pk: `PROBE#${run}`, sk: 'CURED' },
  counter: { pk: `PROBE#${run}`, sk: 'COUNT' },
  seen: (eventId: string) => ({ pk: `PROBE#${run}`, sk: `SEEN#${eventId}` }),
});

class AlreadyApplied extends Error {}

export const handler = (event: DynamoDBStreamEvent) =>
  eachInOrder('stream-probe', event.Records, async (record) => {
    const { after } = imagesOf(record);
    const run = after?.run as string;
    const keys = probeKeys(run);
    if (after?.poison) {
      const cured = await db().send(
        new GetCommand({ TableName: tableName(), Key: keys.cured, ConsistentRead: true }),
      );
      if (!cured.Item) throw new Error(`probe ${after.id} is poisoned`);
    }
    try {
      await transact(
        [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.seen(record.eventID as string), type: 'probeSeen' },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: keys.counter,
              UpdateExpression: 'ADD applied :one SET ids = list_append(if_not_exists(ids, :none), :id)',
              ExpressionAttributeValues: { ':one': 1, ':none': [], ':id': [after?.id] },
            },
          },
        ],
        (failed) => (failed === 0 ? new AlreadyApplied() : new Error('probe counter failed')),
      );
    } catch (error) {
      if (!(error instanceof AlreadyApplied)) throw error;
    }
  });
