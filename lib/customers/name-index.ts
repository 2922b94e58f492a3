import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { batchDelete, batchPut } from '../db/batch.ts';
import { db, tableName } from '../db/client.ts';
import { contactSearchKey, customerSearchKey } from '../db/keys.ts';
import { type Item, imagesOf } from '../db/stream.ts';
import { isConditionFailed } from '../db/write.ts';
import {
  contactItem,
  searchItem as contactTermItem,
  storedScope,
  toContactRecord,
  toStored,
} from './contact-items.ts';
import { contactPinyinTerms, contactSortName, customerPinyinTerms } from './pinyin-terms.ts';
import { termPointer } from './repository.ts';
import type { CustomerState } from './schemas.ts';

/**
 * The `name-search` stream consumer (lib/jobs.ts): what a customer or contact is found and sorted by
 * in pinyin. A request stores the name's own terms with its write (names.ts, contact-terms.ts);
 * this adds the pinyin and initials terms of Chinese names and a contact's pinyin sort name, so the
 * dictionary (pinyin-pro) stays out of every HTTP function.
 *
 * It works from the record's two images alone: the terms of the old name (in the old state) that
 * the new one no longer has are deleted, the new ones written. Records of one item arrive in order
 * and a failed one is delivered again before any later one, so every name an item ever had passes
 * through here as an old image and its terms go: run twice, or again after a crash half-way, the
 * same puts and deletes change nothing more.
 */

type Term<K extends string = string> = { term: string; kinds: K[] };

/** Terms the request stored itself (an item saved before this consumer existed holds its pinyin there). */
const ownTerms = (item: Item) => new Set(((item.searchTerms as Term[] | undefined) ?? []).map((t) => t.term));

/** The terms of `prev` that `next` no longer has. */
const gone = <T extends Term>(prev: T[], next: T[]) => {
  const kept = new Set(next.map((t) => t.term));
  return prev.filter((t) => !kept.has(t.term));
};

interface CustomerSide {
  id: string;
  state: CustomerState;
  terms: Term<'pinyin' | 'initials'>[];
}

const customerSide = (item: Item | undefined): CustomerSide | undefined => {
  if (!item) return undefined;
  const own = ownTerms(item);
  return {
    id: item.id as string,
    state: item.state as CustomerState,
    terms: customerPinyinTerms(item.name as string).filter((t) => !own.has(t.term)) as CustomerSide['terms'],
  };
};

/**
 * A customer's pinyin terms follow its name and, partitioned by state, its moves (pool, bin, back).
 * Each carries all of them (`indexed`), so a search returns the customer at one (term-hits.ts).
 */
async function indexCustomer(tenantId: string, before: Item | undefined, after: Item | undefined) {
  if (before && after && before.name === after.name && before.state === after.state) return;
  const prev = customerSide(before);
  const next = customerSide(after);
  if (next) {
    const indexed = next.terms.map((t) => t.term);
    await batchPut(next.terms.map((t) => ({ ...termPointer(tenantId, next, t), indexed })));
  }
  if (prev) {
    const deleted = next && next.state === prev.state ? gone(prev.terms, next.terms) : prev.terms;
    await batchDelete(deleted.map((t) => customerSearchKey(tenantId, prev.state, t.term, prev.id)));
  }
}

const contactTerms = (item: Item | undefined) => {
  if (!item) return [];
  const own = ownTerms(item);
  return contactPinyinTerms(item.name as string).filter((t) => !own.has(t.term));
};

/**
 * A contact's pinyin terms follow its name. A merge moves a contact to another customer under the
 * same id (a REMOVE and an INSERT, maybe in either order): a term is deleted only while it still
 * points to the customer it was written for.
 */
async function indexContact(tenantId: string, before: Item | undefined, after: Item | undefined) {
  if (!before || !after || before.name !== after.name) {
    const prev = contactTerms(before);
    const next = contactTerms(after);
    if (after) {
      const indexed = next.map((t) => t.term);
      await batchPut(next.map((t) => ({ ...contactTermItem(tenantId, toStored(after), t), indexed })));
    }
    if (before) for (const t of gone(prev, next)) await deleteContactTerm(tenantId, before, t.term);
  }
  if (after) await sortContact(tenantId, after);
}

async function deleteContactTerm(tenantId: string, before: Item, term: string) {
  try {
    await db().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: contactSearchKey(tenantId, term, before.id as string),
        ConditionExpression: 'attribute_not_exists(pk) OR customerId = :customer',
        ExpressionAttributeValues: { ':customer': before.customerId },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/**
 * Sets the contact's pinyin sort name (and its place in the owner's list) at the version and list
 * place read, without a new version: the client's ETag stays valid, and a contact changed meanwhile
 * is sorted when its own record comes.
 */
async function sortContact(tenantId: string, after: Item) {
  const sortName = contactSortName(after.name as string);
  if (after.sortName === sortName) return;
  const resorted = contactItem(tenantId, { ...toContactRecord(after), sortName }, storedScope(after));
  const listed = typeof resorted.contactsByScopeSk === 'string';
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: after.pk, sk: after.sk },
        UpdateExpression: listed ? 'SET sortName = :sort, contactsByScopeSk = :sk' : 'SET sortName = :sort',
        ConditionExpression: listed
          ? 'version = :v AND #name = :name AND contactsByScopeSk = :was'
          : 'version = :v AND #name = :name AND attribute_not_exists(contactsByScopeSk)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':sort': sortName,
          ':v': after.version,
          ':name': after.name,
          ...(listed ? { ':sk': resorted.contactsByScopeSk, ':was': after.contactsByScopeSk } : {}),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/** One stream record of a customer or contact item. */
export async function onNamed(record: DynamoDBRecord): Promise<void> {
  const { before, after, tenantId } = imagesOf(record);
  const type = (after ?? before)?.type;
  if (!tenantId) return;
  if (type === 'customer') await indexCustomer(tenantId, before, after);
  else if (type === 'contact') await indexContact(tenantId, before, after);
}
