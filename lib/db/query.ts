import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type IndexName, indexKeys } from './keys.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageQuery {
  tenantId: string;
  index?: IndexName;
  pk: string;
  /** Sort-key condition: a prefix, or an inclusive range. */
  sk?: { beginsWith: string } | { between: [string, string] } | { gte: string } | { lte: string };
  limit: number;
  cursor?: string | undefined;
  /** Newest first when false. */
  ascending?: boolean;
  /** Residue filter only (never to find the page): expression, names and values. */
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  /** Identifies the list for cursor binding (view name and filters). */
  fingerprint: string;
  /** A strongly consistent read (base table only): for a read that a transaction then relies on. */
  consistent?: boolean;
}

/** One page of a Query: the only way lists are read. */
export async function queryPage<T>(q: PageQuery): Promise<Page<T>> {
  // DynamoDB refuses a BETWEEN whose bounds are reversed (a 500 for the caller); nothing lies in it.
  if (q.sk && 'between' in q.sk && q.sk.between[0] > q.sk.between[1]) return { items: [], nextCursor: null };
  const attrs = q.index ? indexKeys(q.index) : { pk: 'pk', sk: 'sk' };
  const names: Record<string, string> = { '#pk': attrs.pk, ...q.filter?.names };
  const values: Record<string, unknown> = { ':pk': q.pk, ...q.filter?.values };
  let condition = '#pk = :pk';
  if (q.sk) {
    names['#sk'] = attrs.sk;
    if ('beginsWith' in q.sk) {
      condition += ' AND begins_with(#sk, :sk)';
      values[':sk'] = q.sk.beginsWith;
    } else if ('between' in q.sk) {
      condition += ' AND #sk BETWEEN :skLo AND :skHi';
      [values[':skLo'], values[':skHi']] = q.sk.between;
    } else if ('gte' in q.sk) {
      condition += ' AND #sk >= :sk';
      values[':sk'] = q.sk.gte;
    } else {
      condition += ' AND #sk <= :sk';
      values[':sk'] = q.sk.lte;
    }
  }
  const input: QueryCommandInput = {
    TableName: tableName(),
    ...(q.index ? { IndexName: q.index } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(q.filter ? { FilterExpression: q.filter.expression } : {}),
    Limit: q.limit,
    ScanIndexForward: q.ascending ?? true,
    ExclusiveStartKey: decodeCursor(q.cursor, q.tenantId, q.fingerprint),
    ...(q.consistent ? { ConsistentRead: true } : {}),
  };
  const out = await db().send(new QueryCommand(input));
  return {
    items: (out.Items ?? []) as T[],
    nextCursor: encodeCursor(out.LastEvaluatedKey, q.tenantId, q.fingerprint),
  };
}

/** Every item of a small, bounded collection (a role tree, a dictionary): follows all pages. */
export async function queryAll<T>(q: Omit<PageQuery, 'limit' | 'cursor' | 'fingerprint'>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<T> = await queryPage<T>({ ...q, limit: 500, cursor, fingerprint: 'all' });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * Internal pages of a job's Query. The job's keys may cross tenants (the reminders schedule) and
 * its cursors never leave the process, so the raw LastEvaluatedKey is used as is.
 */
export async function* jobPages(input: {
  index?: string;
  pkName: string;
  pk: string;
  skName?: string;
  between?: [string, string];
  after?: string;
  upTo?: string;
}): AsyncGenerator<Record<string, unknown>[]> {
  if (input.between && input.between[0] > input.between[1]) return;
  let start: Record<string, unknown> | undefined;
  do {
    const names: Record<string, string> = { '#pk': input.pkName };
    const values: Record<string, unknown> = { ':pk': input.pk };
    let condition = '#pk = :pk';
    if (input.skName && input.between) {
      condition += ' AND #sk BETWEEN :lo AND :hi';
      names['#sk'] = input.skName;
      [values[':lo'], values[':hi']] = input.between;
    } else if (input.skName && input.after !== undefined) {
      condition += ' AND #sk > :after';
      names['#sk'] = input.skName;
      values[':after'] = input.after;
    } else if (input.skName && input.upTo !== undefined) {
      condition += ' AND #sk <= :upTo';
      names['#sk'] = input.skName;
      values[':upTo'] = input.upTo;
    }
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        ...(input.index ? { IndexName: input.index } : {}),
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: 100,
        ExclusiveStartKey: start,
      }),
    );
    yield out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
}

/**
 * The items of a cross-tenant schedule whose sort key is `<instant>#<tenantId>#...` (plans, tasks
 * and events due), with the tenant each belongs to, for the jobs that remind them.
 */
export async function* scheduledBetween(q: {
  index: IndexName;
  pk: string;
  between: [string, string];
}): AsyncGenerator<{ item: Record<string, unknown>; tenantId: string }> {
  const attrs = indexKeys(q.index);
  for await (const page of jobPages({
    index: q.index,
    pkName: attrs.pk,
    pk: q.pk,
    skName: attrs.sk,
    between: q.between,
  }))
    for (const item of page) yield { item, tenantId: String(item[attrs.sk]).split('#')[1] as string };
}
