import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as listAgenda } from '#functions/followups/list-agenda.ts';
import { packTenantCustomers } from '#lib/customers/pack-backfill.ts';
import { db, tableName } from '#lib/db/client.ts';
import { stripKeys } from '#lib/db/items.ts';
import { customerKey, customerSearchKey, customerTagKey, customerTagKeys } from '#lib/db/keys.ts';
import { unpacked } from '#lib/db/packed.ts';
import { tierCopyItem } from '#lib/lifecycle/repository.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create, list, listAll } from './world.ts';

/**
 * A table written before customer records were packed: the customer item, its tag copies and its
 * name-search copy as the code of then stored them. The backfill (npm run migrate:pack-customers)
 * gives them `rec`, after which every list reads them as it reads customers saved since.
 */

type Item = Record<string, unknown>;
const get = async (key: { pk: string; sk: string }) =>
  (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item as Item;
const put = (Item: Item) => db().send(new PutCommand({ TableName: tableName(), Item }));

const nameCopyKey = (tenantId: string, item: Item) => {
  const terms = item.searchTerms as Array<{ term: string; kinds: string[] }>;
  const name = terms.find((t) => t.kinds.includes('name'))?.term as string;
  return customerSearchKey(tenantId, 'active', name, item.id as string);
};

/** Rewrites a customer's items (tier copy included) in the shape they had before records were packed. */
async function storeAsBefore(tenantId: string, id: string, tag: string) {
  const {
    rec: _rec,
    customerAgendaPk,
    customerAgendaSk,
    ...item
  } = unpacked(await get(customerKey(tenantId, id)));
  // Its to-do entry (从未跟进) was on agendaByUser then, and its owner's list (我的客户) on customersByOwner.
  const legacy = {
    ...item,
    agendaByUserPk: customerAgendaPk,
    agendaByUserSk: customerAgendaSk,
    customersByOwnerPk: `T#${tenantId}#CUST#OWNED#${item.ownerId}`,
    customersByOwnerSk: `${item.updatedAt}#${id}`,
  };
  await put(legacy);
  const record = stripKeys<Item>(item);
  await put({
    ...customerTagKey(tenantId, id, tag),
    type: 'customerTag',
    ...record,
    ...customerTagKeys(legacy, tag),
  });
  const facts = { wonDeals: 1, lastActivityAt: null, dormantAt: null, tierSince: null };
  await put(tierCopyItem(tenantId, legacy, 'new', facts));
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: nameCopyKey(tenantId, item),
      ConditionExpression: 'attribute_exists(pk)',
      UpdateExpression: 'SET #customer = :customer REMOVE rec',
      ExpressionAttributeNames: { '#customer': 'customer' },
      ExpressionAttributeValues: { ':customer': record },
    }),
  );
}

describe('the backfill of packed customer records', () => {
  it('makes customers stored before packing list, filter, search and show on to-do lists as before, changing nothing else', async () => {
    const t = await newTenant();
    const c = await create(t.admin, {
      name: '旧数据迁移有限公司',
      tags: ['老客户'],
      address: '杭州市西湖区',
    });
    const shown = (await invoke('GET /v1/customers/{id}', getCustomer, { as: t.admin, params: { id: c.id } }))
      .body;
    await storeAsBefore(t.tenantId, c.id, '老客户');
    const before = await get(customerKey(t.tenantId, c.id));

    const run = await packTenantCustomers(t.tenantId);
    expect(run).toStrictEqual({ customers: 1, packed: 4, overtaken: 0 });

    const after = await get(customerKey(t.tenantId, c.id));
    expect(after.rec).toBeInstanceOf(Uint8Array);
    expect(stripKeys(unpacked(after), ['rec'])).toStrictEqual(stripKeys(before));
    expect(after.customerAgendaPk).toBe(before.agendaByUserPk);
    expect(after.agendaByUserPk).toBeUndefined();
    expect(after.customersByOwnerPk).toBeUndefined();
    const never = await invoke('GET /v1/followup-lists/{list}', listAgenda, {
      as: t.admin,
      params: { list: 'never' },
    });
    expect(never.body.items.map((i: { customer: { id: string } }) => i.customer.id)).toStrictEqual([c.id]);
    expect(await listAll(t.admin, { view: 'mine' })).toStrictEqual([shown]);
    expect(await listAll(t.admin, { view: 'mine', tag: '老客户' })).toStrictEqual([shown]);
    expect(await listAll(t.admin, { view: 'mine', tier: 'new' })).toStrictEqual([{ ...shown, tier: 'new' }]);
    const search = await list(t.admin, { view: 'mine', q: '旧数据迁移' });
    expect(search.body.items).toStrictEqual([shown]);
    const copy = await get(nameCopyKey(t.tenantId, unpacked(after)));
    expect(copy.customer).toBeUndefined();
    expect(copy.rec).toBeInstanceOf(Uint8Array);
  });

  it('is idempotent: a second run finds nothing left to pack and changes nothing', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { name: '重复迁移有限公司', tags: ['重跑'] });
    await storeAsBefore(t.tenantId, c.id, '重跑');
    await packTenantCustomers(t.tenantId);
    const packed = await get(customerKey(t.tenantId, c.id));

    expect(await packTenantCustomers(t.tenantId)).toStrictEqual({ customers: 1, packed: 0, overtaken: 0 });

    expect(await get(customerKey(t.tenantId, c.id))).toStrictEqual(packed);
    expect(await listAll(t.admin, { view: 'mine', tag: '重跑' })).toHaveLength(1);
  });
});
