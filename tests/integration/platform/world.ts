import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { db, tableName } from '#lib/db/client.ts';
import { customerNameKey } from '#lib/db/keys.ts';

/** What the tests of lib/db/write.ts share: a key nobody else uses, and a strongly consistent read. */

export const exhausted = () => new Error('exhausted');
export const anyKey = () => customerNameKey(ulid(), 'name');
export const read = async (key: { pk: string; sk: string }) =>
  (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
