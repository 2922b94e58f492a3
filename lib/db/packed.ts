import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A record packed into one binary attribute (`rec`). The customer item is stored so (lib/customers/
 * repository.ts customerItem): the list indexes project `rec` alone (lib/db/keys/table.ts
 * CUSTOMER_VIEW), so an index entry weighs its keys and a few hundred bytes instead of the whole
 * item with every other index's keys in it, and costs one write unit instead of two or three each
 * time the customer is saved; and the item keeps beside it only the attributes DynamoDB itself
 * reads (keys, conditions, the to-do lists' projection).
 *
 * The first byte names the format, so a stored record is always read with the dictionary it was
 * packed with. Format 1 is raw DEFLATE of the record's JSON with a preset dictionary of the
 * record's attribute names: a record of about 1.3 KB packs to about 420 bytes, field names cost
 * almost nothing. The dictionary of a format never changes (records packed with it are stored);
 * a better one is a new format beside it, and `unpackRecord` keeps reading the old.
 */

/** Format 1's attribute names: the customer record's, in the order it is usually serialised. Never edit: see above. */
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

export function packRecord(record: object): Uint8Array {
  const body = deflateRawSync(JSON.stringify(record), { level: 9, dictionary: DICTIONARIES[FORMAT] });
  return Buffer.concat([Buffer.of(FORMAT), body]);
}

export function unpackRecord<T = Record<string, unknown>>(packed: Uint8Array): T {
  const dictionary = DICTIONARIES[packed[0] as number];
  if (!dictionary) throw new Error(`unknown packed record format ${packed[0]}`);
  const json = inflateRawSync(packed.subarray(1), { dictionary });
  return JSON.parse(json.toString('utf8')) as T;
}

/**
 * A stored item as whoever reads items whole sees it (the stream's consumers, the jobs, the
 * analytics): its packed record's attributes, under what the item holds beside it (the same values,
 * or newer ones a writer set in place). An item without `rec` is returned as it is.
 */
export function unpacked<T extends Record<string, unknown>>(item: T): T {
  if (!(item.rec instanceof Uint8Array)) return item;
  return { ...unpackRecord(item.rec), ...item };
}
