import { describe, expect, it } from 'vitest';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as createNews } from '#functions/customers/create-news.ts';
import { handler as createRelation } from '#functions/customers/create-relation.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as findDuplicates } from '#functions/customers/find-duplicates.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as restoreCustomer } from '#functions/customers/restore-customer.ts';
import { handler as toPool } from '#functions/recycle-bin/move-to-pool.ts';
import { handler as purgeCustomer } from '#functions/recycle-bin/purge-customer.ts';
import { getCollection, searchPage } from '#lib/customers/repository.ts';
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
    expect((await searchPage(t.tenantId, '清除', false, { limit: 10, fingerprint: 't' })).items).toEqual([]);
    const dup = await invoke('GET /v1/customers/duplicates', findDuplicates, {
      as: rep,
      query: { name: '清除科技', phone: '13800138000' },
    });
    expect(dup.body.items).toEqual([]);
    const again = await invoke('POST /v1/customers', createCustomer, { as: rep, body: { name: '清除科技' } });
    expect(again.status).toBe(201);
    expect((await purge(manager, c.id)).status).toBe(404);
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
});
