import { describe, expect, it } from 'vitest';
import { customerItem, toRecord } from '#lib/customers/repository.ts';
import { type CustomerRecord, newCustomer } from '#lib/customers/rules.ts';
import { customerKey } from '#lib/db/keys.ts';
import { packRecord, unpackRecord } from '#lib/db/packed.ts';

const record = (): CustomerRecord =>
  newCustomer({
    id: '01M983M27CWDN7X7GZBS5CZX2A',
    name: '深圳市腾飞科技有限公司',
    phone: '13800138000',
    nameKey: '深圳市腾飞科技有限公司',
    searchTerms: [
      { term: '深圳市腾飞科技有限公司', kinds: ['name'] },
      { term: '腾飞科技有限公司', kinds: ['core'] },
      { term: '13800138000', kinds: ['phone'] },
    ],
    owner: {
      id: '01M983M1QZ9E7M789QF2TP5TWW',
      name: '张三',
      rolePath: '/01M983KZZHHJ61VBRN9BHAPG75/01M983KZZH50MJKFTFXSEX4ZVB/01M983KZZHKV6Y7CS65YBJVH5C',
    },
    createdBy: '01M983M1QZ9E7M789QF2TP5TWW',
    at: '2026-12-07T11:18:30.380Z',
    fields: { address: '深圳市南山区科技园', email: 'sales@tengfei.cn', tags: ['重点客户'] },
  });

/** `record()` as format 1 packed it when the format was made: stored records must keep reading. */
const STORED_FORMAT_1 =
  'AasGp3IlA0NfSwtjXyNz53AXP/MIc/cop2BT56gII0eYnVZKz7ZvfDpn89MdTS9a971cPO/58onPuhqezel8OXPC09Y1T/t3wN1lpWRobGFgACYMlODxqlScmJNa7FCSmpeelpqplwxyN65YRtj2tHf6040bn/bsglj4dPZaJcx4xszLmNGFXo6g5Xb07IOZNPDlFEhejVZ62d77vGnn03WLnnVsB8UFapaprkXKU5BYgGQgKBtaziCiDl6wwWLIMDDK0tXc19zCMtDNKCTANCQ8XAklJyk93bPgyY5OJYySSUkfYoR3VJSHh5eZYZhTkJ+lk4djgLu5KZKUqYGvl7dbiFtEsGuESVSYE5KUd5hZpLlzsJlppJNXmIepsxJ6UQLL79GxWHI7UvmrZGRgZKZraKRrYB5iaGhlaGFlbKBnbGEQpYSSY/H7GUtGpYkXkcpyfO7GKI4xSkN46W6IVAwRlatQarzoalgGJ0YrvPwAZ+LYWh24bmI0gQsdZE2o+RquDpLtY2tjcRbM8LISmtKR6zN8wQqrbMHaagE=';

describe('the packed customer record', () => {
  it('unpacks to the record it packed, nulls and empty collections included', () => {
    const c: CustomerRecord = {
      ...record(),
      shares: [{ userId: 'u2', sharedBy: 'u1', sharedAt: '2026-12-07T11:18:30.380Z' }],
    };
    expect(unpackRecord(packRecord(c))).toStrictEqual(c);
  });

  it('fits a list entry in one write unit: a 1.2 KB record packs to under 500 bytes', () => {
    const c = record();
    expect(Buffer.byteLength(JSON.stringify(c))).toBeGreaterThan(1100);
    expect(packRecord(c).length).toBeLessThan(500);
  });

  it('keeps reading what format 1 stored (its dictionary never changes)', () => {
    expect(unpackRecord(Buffer.from(STORED_FORMAT_1, 'base64'))).toStrictEqual(record());
  });

  it('refuses a format it does not know', () => {
    expect(() => unpackRecord(Buffer.of(9, 1, 2, 3))).toThrow(/format 9/);
  });
});

describe('toRecord', () => {
  it('reads an index entry (keys, rec and tier only) as the whole record', () => {
    const item = customerItem('t', record());
    const entry = { pk: item.pk, sk: item.sk, type: item.type, rec: item.rec };
    expect(toRecord(entry)).toStrictEqual(record());
  });

  it('takes what the lifecycle set in place over what was packed at the last save, and a save keeps it', () => {
    const item = {
      ...customerItem('t', { ...record(), tier: 'new' }),
      tier: 'loyal',
      tierSince: '2026-12-01',
    };
    const read = toRecord(item);
    expect(read).toMatchObject({ tier: 'loyal', tierSince: '2026-12-01' });
    expect(customerItem('t', { ...read, version: 2 })).toMatchObject({
      tier: 'loyal',
      tierSince: '2026-12-01',
    });
  });

  it('reads an item stored before records were packed from its attributes', () => {
    const legacy = { ...customerKey('t', record().id), type: 'customer', ...record() };
    expect(toRecord(legacy)).toStrictEqual(record());
  });
});
