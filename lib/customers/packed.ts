import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { CustomerRecord } from './rules.ts';

/**
 * The customer record packed into one binary attribute (`rec`), which is all the list indexes
 * project of a customer (lib/db/keys/table.ts CUSTOMER_VIEW): an index entry then weighs its keys
 * and a few hundred bytes instead of the whole item with every other index's keys in it, and so
 * costs one write unit instead of two or three each time the customer is saved.
 *
 * The first byte names the format, so a stored record is always read with the dictionary it was
 * packed with. Format 1 is raw DEFLATE of the record's JSON with a preset dictionary of the
 * record's attribute names: a record of about 1.3 KB packs to about 420 bytes, field names cost
 * almost nothing. The dictionary of a format never changes (records packed with it are stored);
 * a better one is a new format beside it, and `unpackCustomer` keeps reading the old.
 */

/** Format 1's attribute names, in the order a record is usually serialised. Never edit: see above. */
const NAMES_1 = [
  'location',
  'tier',
  'won',
  'lastDealAt',
  'releasedAt',
  'sourceId',
  'searchTerms',
  'ownerId',
  'reclaimWarnAt',
  'createdAt',
  'industryId',
  'levelId',
  'id',
  'state',
  'locked',
  'ownerRolePath',
  'updatedAt',
  'reclaimPoolId',
  'updatedBy',
  'version',
  'tags',
  'ownedSince',
  'deletedAt',
  'statusId',
  'phone',
  'name',
  'poolId',
  'birthday',
  'note',
  'private',
  'customFields',
  'hot',
  'deletedBy',
  'shares',
  'reclaimAt',
  'ownerName',
  'email',
  'website',
  'address',
  'previousOwnerId',
  'regionId',
  'createdBy',
  'nameKey',
  'maturityId',
  'createdByRolePath',
  'categoryId',
  'purging',
  'lastFollowUpAt',
  'openPlans',
  'nextFollowUpAt',
  'nextFollowUpNote',
];

const DICTIONARIES: Record<number, Buffer> = {
  1: Buffer.from(
    `${JSON.stringify(Object.fromEntries(NAMES_1.map((name) => [name, null])))}"kinds":["core","name","phone","pinyin","initials"],"term":"active","pool","recycled",false,true,`,
  ),
};
const FORMAT = 1;

export function packCustomer(c: CustomerRecord): Uint8Array {
  const body = deflateRawSync(JSON.stringify(c), { level: 9, dictionary: DICTIONARIES[FORMAT] });
  return Buffer.concat([Buffer.of(FORMAT), body]);
}

export function unpackCustomer(packed: Uint8Array): CustomerRecord {
  const dictionary = DICTIONARIES[packed[0] as number];
  if (!dictionary) throw new Error(`unknown packed customer format ${packed[0]}`);
  const json = inflateRawSync(packed.subarray(1), { dictionary });
  return JSON.parse(json.toString('utf8')) as CustomerRecord;
}
