import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { indexNames } from '#functions/customers/index-names.ts';
import { startStreamConsumers } from '#infra/local/streams.ts';
import { db, tableName } from '#lib/db/client.ts';
import { customerChildKey, customerKey, type Key, userKey } from '#lib/db/keys.ts';
import { unpacked } from '#lib/db/packed.ts';
import { streamConsumers } from '#lib/jobs.ts';

/**
 * The consumers that carry one context's change into another (DESIGN rule 13), as they run
 * locally: reading the table's stream from DynamoDB Local and invoking their handlers. Other test
 * files write to the same table meanwhile; their changes are handled too, which changes nothing
 * for ours (the consumers are idempotent).
 */
export async function startOwnerConsumers() {
  const streams = startStreamConsumers({
    endpoint: process.env.DYNAMODB_ENDPOINT as string,
    tableName: process.env.TABLE_NAME as string,
    log: (line) => console.error(line),
    consumers: {
      'customer-owner-sync': streamConsumers['customer-owner-sync'],
      'deal-owner-sync': streamConsumers['deal-owner-sync'],
      'deal-transfers': streamConsumers['deal-transfers'],
    },
    from: 'LATEST',
  });
  await streams.ready;
  return streams;
}

type Item = Record<string, unknown>;

/** An item as stored now (strongly consistent), every attribute: what a stream image holds. */
/** An item as stored, a packed record's attributes unpacked as the stream's images are (lib/db/packed.ts). */
export async function storedItem(key: Key): Promise<Item> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  if (!out.Item) throw new Error(`no item at ${JSON.stringify(key)}`);
  return unpacked(out.Item);
}

export const storedUser = (tenantId: string, userId: string) => storedItem(userKey(tenantId, userId));
export const storedCustomer = (tenantId: string, id: string) => storedItem(customerKey(tenantId, id));

let sequence = 0;

/** A change of one item as the stream carries it: no `before` for an INSERT, no `after` for a REMOVE. */
export interface Change {
  before?: Item;
  after?: Item;
}

/** The stream event Lambda delivers for changes of items, in order (NEW_AND_OLD_IMAGES). */
export function streamEvent(...changes: Change[]): DynamoDBStreamEvent {
  const image = (item: Item) => marshall(item, { removeUndefinedValues: true }) as any;
  return {
    Records: changes.map(({ before, after }) => {
      const item = (after ?? before) as Item;
      sequence += 1;
      return {
        eventID: crypto.randomUUID(),
        eventName: !before ? 'INSERT' : !after ? 'REMOVE' : 'MODIFY',
        eventSource: 'aws:dynamodb',
        awsRegion: 'local',
        dynamodb: {
          Keys: image({ pk: item.pk, sk: item.sk }),
          ...(before ? { OldImage: image(before) } : {}),
          ...(after ? { NewImage: image(after) } : {}),
          SequenceNumber: String(sequence).padStart(21, '0'),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      };
    }),
  };
}

/** The stream event Lambda delivers for a change of one item (NEW_AND_OLD_IMAGES). */
export const modifyEvent = (before: Item, after: Item) => streamEvent({ before, after });

export const context = (functionName: string): Context =>
  ({
    awsRequestId: crypto.randomUUID(),
    functionName,
    getRemainingTimeInMillis: () => 900_000,
  }) as Context;

/**
 * The name-search consumer (pinyin of customer and contact names), delivered the items as stored
 * now, as the stream delivers their saves moments after the request.
 */
export async function indexNamesOf(...keys: Key[]) {
  const items = await Promise.all(keys.map(storedItem));
  await indexNames(streamEvent(...items.map((after) => ({ after }))), context('name-search'));
}

export const customerNamed = (tenantId: string, customerId: string) => customerKey(tenantId, customerId);
export const contactNamed = (tenantId: string, customerId: string, contactId: string) =>
  customerChildKey(tenantId, customerId, 'contact', contactId);
