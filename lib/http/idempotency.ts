import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { now } from '../clock.ts';
import { db, tableName } from '../db/client.ts';
import { idempotencyKey, TTL_ATTRIBUTE } from '../db/keys.ts';
import { isConditionFailed } from '../db/write.ts';
import type { Auth } from './auth.ts';
import { BadRequest, Conflict, Unprocessable } from './errors.ts';
import type { Result } from './respond.ts';

const KEEP_SECONDS = 24 * 60 * 60;
/** A first attempt that crashed mid-way frees its key after this long. */
const LOCK_SECONDS = 60;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
/** Loaded by the first POST that stores or replays a response, never by a GET route. */
const zlib = () => import('node:zlib');

export const fingerprintOf = (method: string, path: string, body: Buffer | string | undefined) =>
  createHash('sha256')
    .update(`${method} ${path}\n`)
    .update(body ?? '')
    .digest('base64url');

/**
 * Runs a POST at most once per Idempotency-Key: the first response is stored for 24 hours and a
 * retry gets it back without running anything; the same key with another request is 422.
 */
export async function idempotent(
  auth: Auth,
  route: string,
  key: string | undefined,
  fingerprint: string,
  run: () => Promise<Result>,
): Promise<Result> {
  if (key === undefined) return run();
  if (!KEY_FORMAT.test(key)) {
    throw new BadRequest('Idempotency-Key must be 1-255 visible ASCII characters.', [
      {
        path: 'headers.idempotency-key',
        code: 'invalid_format',
        message: 'Use a UUID or another unique token.',
      },
    ]);
  }
  const Key = idempotencyKey(auth.tenantId, auth.userId, route, key);
  const nowSeconds = Math.floor(now().getTime() / 1000);
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...Key,
          state: 'running',
          fingerprint,
          lockedUntil: nowSeconds + LOCK_SECONDS,
          [TTL_ATTRIBUTE]: nowSeconds + KEEP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :running AND lockedUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':running': 'running', ':now': nowSeconds },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return replay(Key, fingerprint);
  }

  let result: Result;
  try {
    result = await run();
  } catch (error) {
    // Nothing was committed for this key: let the client fix the request and retry with it.
    await db().send(new DeleteCommand({ TableName: tableName(), Key }));
    throw error;
  }
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key,
      UpdateExpression: 'SET #state = :done, #response = :response REMOVE lockedUntil',
      ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
      ExpressionAttributeValues: {
        ':done': 'done',
        ':response': (await zlib()).gzipSync(JSON.stringify(result)),
      },
    }),
  );
  return result;
}

async function replay(Key: Record<string, string>, fingerprint: string): Promise<Result> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key, ConsistentRead: true }));
  const stored = out.Item;
  if (!stored)
    throw new Conflict(
      'idempotency_in_progress',
      'A request with this Idempotency-Key is in progress; retry shortly.',
    );
  if (stored.fingerprint !== fingerprint) {
    throw new Unprocessable(
      'idempotency_key_reused',
      'This Idempotency-Key was used for a different request; use a new key for a new request.',
    );
  }
  if (stored.state !== 'done') {
    throw new Conflict(
      'idempotency_in_progress',
      'A request with this Idempotency-Key is in progress; retry shortly.',
    );
  }
  const result = JSON.parse(
    (await zlib()).gunzipSync(stored.response as Uint8Array).toString('utf8'),
  ) as Result;
  return { ...result, headers: { ...result.headers, 'idempotent-replayed': 'true' } };
}
