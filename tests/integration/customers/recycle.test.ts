import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as createNews } from '#functions/customers/create-news.ts';
import { handler as createRelation } from '#functions/customers/create-relation.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as findDuplicates } from '#functions/customers/find-duplicates.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as restoreCustomer } from '#functions/customers/restore-customer.ts';
import { handler as createPool } from '#functions/pool/create-pool.ts';
import { handler as toPool } from '#functions/recycle-bin/move-to-pool.ts';
import { handler as purgeCustomer } from '#functions/recycle-bin/purge-customer.ts';
import { getCollection, searchPage } from '#lib/customers/repository.ts';
import { db, tableName } from '#lib/db/client.ts';
import { contactRefKey, followUpRefKey, pipelineRefKey, SEARCH_STATES } from '#lib/db/keys.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { followUp, plan } from '#tests/integration/followups/world.ts';
import { contract, opportunity, product } from '#tests/integration/pipeline/world.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create, ids, listAll, ownedCount, setSettings } from './world.ts';

type Who = { tenantId: string; userId: string };
const remove = (as: Who, id: string) =>
  invoke('DELETE /v1/customers/{id}', deleteCustomer, { as, params: { id } });
const restore = (as: Who, id: string, headers?: Record<string, string>) =>
  invoke('POST /v1/customers/{id}/restore', restoreCustomer, {
    as,
    params: { id },
    ...(headers ? { headers } : {}),
  });
const purge = (as: Who, id: string) =>
  invoke('DELETE /v1/recycle-bin/{id}', purgeCustomer, { as, params: { id } });
const get = (as: Who, id: string) => invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } });

async function company() {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const peer = await t.addUser('李四', t.roles.rep);
  const manager = await t.addUser('赵经理', t.roles.manager);
  return { t, rep, peer, manager };
}

describe('DELETE /v1/customers/{id} (to the recycle bin)', () => {
  it('moves the customer to the bin: no longer owned, out of mine, into recycle', async () => {
    const { rep } = await company();
    const kept = await create(rep);
    const c = await create(rep);

    const res = await remove(rep, c.id);

    expect(res.status).toBe(204);
    expect((await get(rep, c.id)).body).toMatchObject({ state: 'recycled', deletedAt: expect.any(String) });
    expect(ids(await listAll(rep, { view: 'mine' }))).toEqual([kept.id]);
    expect(ids(await listAll(rep, { view: 'recycle' }))).toEqual([c.id]);
    expect(await ownedCount(rep.tenantId, rep.userId)).toBe(1);
  });

  it('answers 409 customer_recycled for a second delete', async () => {
    const { rep } = await company();
    const c = await create(rep);
    await remove(rep, c.id);

    const again = await remove(rep, c.id);

    expect(again.status).toBe(409);
    expect(again.body.code).toBe('customer_recycled');
  });
});

describe('POST /v1/customers/{id}/restore', () => {
  it('gives the customer back to its owner and counts it again', async () => {
    const { rep, manager } = await company();
    const c = await create(rep);
    await remove(rep, c.id);

    const res = await restore(manager, c.id);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'active', ownerId: rep.userId, deletedAt: null, version: 3 });
    expect(ids(await listAll(rep, { view: 'mine' }))).toEqual([c.id]);
    expect(await ownedCount(rep.tenantId, rep.userId)).toBe(1);
  });

  it('answers 409 quota_exceeded when the owner is full again', async () => {
    const { t, rep } = await company();
    await setSettings(t.tenantId, { maxCustomersPerRep: 1 });
    const c = await create(rep);
    await remove(rep, c.id);
    await create(rep);

    const res = await restore(rep, c.id);

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('quota_exceeded');
    expect((await get(rep, c.id)).body.state).toBe('recycled');
  });

  it('answers 404 to a peer, 409 for a customer not in the bin', async () => {
    const { rep, peer } = await company();
    const c = await create(rep);
    const active = await restore(rep, c.id);
    await remove(rep, c.id);

    const byPeer = await restore(peer, c.id);

    expect(active.status).toBe(409);
    expect(active.body.code).toBe('not_in_recycle_bin');
    expect(byPeer.status).toBe(404);
  });

  it('replays a retry with the same Idempotency-Key', async () => {
    const { rep } = await company();
    const c = await create(rep);
    await remove(rep, c.id);

    const first = await restore(rep, c.id, { 'idempotency-key': 'restore-1' });
    const retry = await restore(rep, c.id, { 'idempotency-key': 'restore-1' });

    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    expect((await get(rep, c.id)).body.version).toBe(3);
  });
});

describe('DELETE /v1/recycle-bin/{id} (purge)', () => {
  it('needs customers.purge (403 for a rep)', async () => {
    const { rep } = await company();
    const c = await create(rep);
    await remove(rep, c.id);

    const res = await purge(rep, c.id);

    expect(res.status).toBe(403);
    expect((await get(rep, c.id)).status).toBe(200);
  });

  it('deletes the whole item collection, the reverse relations, the name guard and the search terms', async () => {
    const { t, rep, manager } = await company();
    const c = await create(rep, {
      name: '清除科技有限公司',
      phone: '13800138000',
      contacts: [{ name: '甲' }, { name: '乙' }],
    });
    const other = await create(rep);
    await invoke('POST /v1/customers/{id}/news', createNews, {
      as: rep,
      params: { id: c.id },
      body: { title: '新闻' },
    });
    await invoke('POST /v1/customers/{id}/relations', createRelation, {
      as: rep,
      params: { id: c.id },
      body: { relatedId: other.id, type: 'partner' },
    });
    await remove(rep, c.id);

    const res = await purge(manager, c.id);

    expect(res.status).toBe(204);
    expect(await getCollection(t.tenantId, c.id)).toEqual([]);
    const otherOverview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: rep,
      params: { id: other.id },
    });
    expect(otherOverview.body.relations).toEqual([]);
    for (const state of SEARCH_STATES)
      expect(
        (await searchPage(t.tenantId, state, '清除', false, { limit: 10, fingerprint: 't' })).items,
      ).toEqual([]);
    const dup = await invoke('GET /v1/customers/duplicates', findDuplicates, {
      as: rep,
      query: { name: '清除科技', phone: '13800138000' },
    });
    expect(dup.body.items).toEqual([]);
    const again = await invoke('POST /v1/customers', createCustomer, { as: rep, body: { name: '清除科技' } });
    expect(again.status).toBe(201);
    expect((await purge(manager, c.id)).status).toBe(404);
  });

  // The last check scans the whole shared test table (a test-only oracle), which grows with the suite.
  it('leaves nothing of the customer behind, reference items outside its collection included', {
    timeout: 120_000,
  }, async () => {
    const { t, rep, manager } = await company();
    const c = await create(rep, {
      name: '彻底清除贸易有限公司',
      contacts: [{ name: '王经理', mobile: '13900139000' }],
    });
    const contactId = (await getCollection(t.tenantId, c.id)).find((i) => i.type === 'contact')?.id as string;
    const record = await followUp(rep, c.id);
    const planned = await plan(rep, c.id, { dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    const deal = await opportunity(rep, c.id);
    const sold = await contract(rep, c.id, (await product(t.admin)).id);
    const refs = [
      contactRefKey(t.tenantId, contactId),
      followUpRefKey(t.tenantId, record.body.id),
      followUpRefKey(t.tenantId, planned.id),
      pipelineRefKey(t.tenantId, deal.id),
      pipelineRefKey(t.tenantId, sold.id),
    ];
    expect(await Promise.all(refs.map(exists))).toEqual(refs.map(() => true));
    await remove(rep, c.id);

    const res = await purge(manager, c.id);

    expect(res.status).toBe(204);
    expect(await Promise.all(refs.map(exists))).toEqual(refs.map(() => false));
    expect(await tenantItemsMentioning(t.tenantId, [c.id, contactId])).toEqual([]);
  });

  it('answers 409 for a customer not in the bin and 404 for another tenant’s', async () => {
    const { t, rep } = await company();
    const other = await newTenant();
    const active = await create(rep);
    const foreign = await create(other.admin);
    await remove(other.admin, foreign.id);

    const notInBin = await purge(t.admin, active.id);
    const otherTenant = await purge(t.admin, foreign.id);

    expect(notInBin.status).toBe(409);
    expect(notInBin.body.code).toBe('not_in_recycle_bin');
    expect(otherTenant.status).toBe(404);
  });
});

describe('POST /v1/recycle-bin/{id}/to-pool', () => {
  it('moves a bin entry into the default pool without an owner', async () => {
    const { rep, manager, peer } = await company();
    const c = await create(rep);
    await remove(rep, c.id);

    const res = await invoke('POST /v1/recycle-bin/{id}/to-pool', toPool, {
      as: manager,
      params: { id: c.id },
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'pool', poolId: 'default', ownerId: null, ownerName: null });
    expect(ids(await listAll(peer, { view: 'pool' }))).toEqual([c.id]);
    expect(await listAll(rep, { view: 'recycle' })).toEqual([]);
    expect(await ownedCount(rep.tenantId, rep.userId)).toBe(0);
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: peer,
      params: { id: c.id },
    });
    expect(overview.body.history.map((h: { action: string }) => h.action)).toEqual([
      'create',
      'delete',
      'toPool',
    ]);
  });

  it('answers 409 for a customer not in the bin, 404 for one the caller cannot see', async () => {
    const { rep, peer } = await company();
    const c = await create(rep);

    const active = await invoke('POST /v1/recycle-bin/{id}/to-pool', toPool, {
      as: rep,
      params: { id: c.id },
    });
    await remove(rep, c.id);
    const hidden = await invoke('POST /v1/recycle-bin/{id}/to-pool', toPool, {
      as: peer,
      params: { id: c.id },
    });

    expect(active.status).toBe(409);
    expect(hidden.status).toBe(404);
  });

  it('moves a bin entry into a named pool with a reason and a note for the history', async () => {
    const { t, rep, manager, peer } = await company();
    const poolId = await newPool(t.admin, { memberRoleIds: [t.roles.manager.id] });
    const [reason] = await listDictionary(t.tenantId, 'poolReason');
    const c = await create(rep);
    await remove(rep, c.id);

    const res = await toPoolOf(manager, c.id, { poolId, reasonId: reason?.id, note: '客户已转行' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'pool', poolId, ownerId: null });
    expect(ids(await listAll(rep, { view: 'pool', poolId }))).toEqual([c.id]);
    expect(await listAll(peer, { view: 'pool' })).toEqual([]);
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: manager,
      params: { id: c.id },
    });
    expect(overview.body.history[2]).toMatchObject({
      action: 'toPool',
      poolId,
      reasonId: reason?.id,
      note: '客户已转行',
    });
  });

  it.each([
    ['an unknown pool', () => ({ poolId: 'nope' }), 'body.poolId', 'unknown_pool'],
    ['a pool the caller is not a member of', (p: string) => ({ poolId: p }), 'body.poolId', 'unknown_pool'],
    ['an unknown reason', () => ({ reasonId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }), 'body.reasonId', undefined],
    ['an empty note', () => ({ note: ' ' }), 'body.note', undefined],
    ['an unknown field', () => ({ ownerId: 'x' }), 'body', 'unknown_field'],
  ])('answers 400 for %s and leaves the entry in the bin', async (_, body, path, code) => {
    const { t, rep, peer } = await company();
    const closed = await newPool(t.admin, { memberUserIds: [peer.userId] });
    const c = await create(rep);
    await remove(rep, c.id);

    const res = await toPoolOf(rep, c.id, body(closed));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path, ...(code ? { code } : {}) })]),
    );
    expect((await get(rep, c.id)).body).toMatchObject({ state: 'recycled', version: 2 });
  });

  it('treats another tenant’s pool as unknown', async () => {
    const { rep } = await company();
    const other = await newTenant();
    const foreign = await newPool(other.admin, {});
    const c = await create(rep);
    await remove(rep, c.id);

    const res = await toPoolOf(rep, c.id, { poolId: foreign });

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'body.poolId', code: 'unknown_pool' });
  });

  it('answers a retry with the same Idempotency-Key with the first answer and moves once', async () => {
    const { t, rep, manager } = await company();
    const poolId = await newPool(t.admin, { memberRoleIds: [t.roles.manager.id] });
    const c = await create(rep);
    await remove(rep, c.id);
    const headers = { 'idempotency-key': 'bin-to-pool-1' };

    const first = await toPoolOf(manager, c.id, { poolId }, headers);
    const retry = await toPoolOf(manager, c.id, { poolId }, headers);

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body).toEqual(first.body);
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: manager,
      params: { id: c.id },
    });
    expect(overview.body.history.filter((h: { action: string }) => h.action === 'toPool')).toHaveLength(1);
  });
});

const toPoolOf = (as: Who, id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  invoke('POST /v1/recycle-bin/{id}/to-pool', toPool, {
    as,
    params: { id },
    body,
    ...(headers ? { headers } : {}),
  });

/** A pool created by the tenant's administrator (arrange step); its id. */
async function newPool(admin: Who, body: Record<string, unknown>): Promise<string> {
  const res = await invoke('POST /v1/pools', createPool, {
    as: admin,
    body: { name: `回收公海${Math.random()}`, ...body },
  });
  if (res.status !== 201) throw new Error(`create pool failed: ${res.status} ${res.text}`);
  return res.body.id;
}

const exists = async (key: { pk: string; sk: string }) =>
  (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item !==
  undefined;

/**
 * Every item of the tenant that names one of these ids anywhere (key or attribute). A test oracle
 * over the tenant's whole data, so it reads with a Scan, which no request path or job may use.
 */
async function tenantItemsMentioning(tenantId: string, ids: string[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: 'begins_with(pk, :tenant)',
        ExpressionAttributeValues: { ':tenant': `T#${tenantId}` },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items.filter((item) => ids.some((id) => JSON.stringify(item).includes(id)));
}
