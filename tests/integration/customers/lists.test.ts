import { beforeAll, describe, expect, it } from 'vitest';
import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as setHot } from '#functions/customers/set-hot.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { handler as toPool } from '#functions/recycle-bin/move-to-pool.ts';
import { setClock } from '#lib/clock.ts';
import { setRolePermissions } from '#lib/org/service.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { AUTH_READS, invoke, itemsRead } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { customerNamed, indexNamesOf } from '../streams/world.ts';
import { create, ids, list, listAll, type World, world } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});

describe('GET /v1/customers views', () => {
  it('lists my customers newest update first, every item with hot and reclaimAt', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const a = await create(rep);
    const b = await create(rep);
    await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: rep,
      params: { id: a.id },
      headers: { 'if-match': '"1"' },
      body: { note: 'touched last' },
    });

    const res = await list(rep, { view: 'mine' });

    expect(res.status).toBe(200);
    expect(ids(res.body.items)).toEqual([a.id, b.id]);
    expect(res.body.items.every((i: any) => i.reclaimAt === null && i.hot === false)).toBe(true);
    expect(res.body.nextCursor).toBeNull();
  });

  it('defaults to the mine view', async () => {
    const t = await newTenant();
    const c = await create(t.admin);

    expect(ids((await list(t.admin)).body.items)).toEqual([c.id]);
  });

  it('lists hot customers flagged hot, and only them', async () => {
    const t = await newTenant();
    const hot = await create(t.admin);
    await create(t.admin);
    await invoke('PUT /v1/customers/{id}/hot', setHot, { as: t.admin, params: { id: hot.id } });

    const items = await listAll(t.admin, { view: 'hot' });

    expect(ids(items)).toEqual([hot.id]);
    expect(items[0].hot).toBe(true);
  });

  it('lists customers shared with me, private ones included', async () => {
    const c = await create(w.owner, { private: true });
    await invoke('POST /v1/customers/{id}/shares', addShares, {
      as: w.owner,
      params: { id: c.id },
      body: { userIds: [w.peer.userId] },
    });

    const items = await listAll(w.peer, { view: 'shared' });

    expect(ids(items)).toContain(c.id);
    expect(items.find((i) => i.id === c.id)).toMatchObject({ private: true, ownerId: w.owner.userId });
  });

  it('lists subordinates’ customers for a manager, and one subordinate with ownerId', async () => {
    const mine = await create(w.owner);
    const internsOwn = await create(w.intern);
    const managersOwn = await create(w.manager);

    const all = ids(await listAll(w.manager, { view: 'subordinates' }));
    const one = ids(await listAll(w.manager, { view: 'subordinates', ownerId: w.intern.userId }));
    const repView = ids(await listAll(w.owner, { view: 'subordinates' }));

    expect(all).toEqual(expect.arrayContaining([mine.id, internsOwn.id]));
    expect(all).not.toContain(managersOwn.id);
    expect(one).toEqual([internsOwn.id]);
    expect(repView).toContain(internsOwn.id);
    expect(repView).not.toContain(mine.id);
  });

  it('refuses ownerId of someone not below the caller (404) and ownerId on other views (400)', async () => {
    const notBelow = await list(w.owner, { view: 'subordinates', ownerId: w.peer.userId });
    const wrongView = await list(w.manager, { view: 'mine', ownerId: w.owner.userId });

    expect(notBelow.status).toBe(404);
    expect(wrongView.status).toBe(400);
    expect(wrongView.body.errors[0].path).toBe('query.ownerId');
  });

  it('lists pool customers in the pool view', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await create(t.admin);
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: t.admin, params: { id: c.id } });
    await invoke('POST /v1/recycle-bin/{id}/to-pool', toPool, { as: t.admin, params: { id: c.id } });

    const items = await listAll(rep, { view: 'pool' });

    expect(ids(items)).toEqual([c.id]);
    expect(items[0]).toMatchObject({ state: 'pool', poolId: 'default', ownerId: null, reclaimAt: null });
  });

  it('lists the own bin for a rep, own and subordinates’ for a manager, everything for a purge holder', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const peer = await t.addUser('李四', t.roles.rep);
    const mine = await create(rep);
    const peers = await create(peer);
    for (const [who, c] of [
      [rep, mine],
      [peer, peers],
    ] as const) {
      await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: who, params: { id: c.id } });
    }

    expect(ids(await listAll(rep, { view: 'recycle' }))).toEqual([mine.id]);
    expect(ids(await listAll(t.admin, { view: 'recycle' })).sort()).toEqual([mine.id, peers.id].sort());
    expect(ids(await listAll(rep, { view: 'mine' }))).toEqual([]);
  });

  it('shows a manager without customers.purge their own and their subordinates’ bin, across two queries', async () => {
    const t = await newTenant();
    await setRolePermissions(t.auth, t.roles.manager.id, []);
    const manager = await t.addUser('赵经理', t.roles.manager);
    const rep = await t.addUser('张三', t.roles.rep);
    const own = await create(manager);
    const reps = await Promise.all([create(rep), create(rep)]);
    for (const [who, c] of [
      [manager, own],
      [rep, reps[0]],
      [rep, reps[1]],
    ] as const) {
      await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: who, params: { id: c.id } });
    }

    const paged = await listAll(manager, { view: 'recycle', limit: '1' });

    expect(ids(paged)).toEqual([own.id, ...ids(paged).slice(1)]);
    expect(ids(paged).sort()).toEqual([own.id, ...reps.map((r) => r.id)].sort());
  });
});

describe('pagination', () => {
  it('walks more than one page without losing or repeating an item', async () => {
    const t = await newTenant();
    const created: string[] = [];
    for (let i = 0; i < 12; i++) {
      setClock(new Date(Date.UTC(2024, 0, 1, 0, i)));
      created.push((await create(t.admin)).id);
    }
    setClock(undefined);

    const first = await list(t.admin, { view: 'company', limit: '5' });
    const all = await listAll(t.admin, { view: 'company', limit: '5' });

    expect(first.body.items).toHaveLength(5);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(ids(all)).toEqual([...created].reverse());
  });

  it('refuses a cursor of another list with 400 at query.cursor', async () => {
    const t = await newTenant();
    for (let i = 0; i < 3; i++) await create(t.admin);
    const first = await list(t.admin, { view: 'mine', limit: '1' });

    const res = await list(t.admin, { view: 'company', limit: '1', cursor: first.body.nextCursor });

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'query.cursor', code: 'invalid_cursor' });
  });

  it('rejects unknown query parameters and bad limits with 400', async () => {
    const unknown = await list(w.owner, { view: 'mine', sort: 'name' });
    const badView = await list(w.owner, { view: 'everything' });
    const badLimit = await list(w.owner, { limit: '1000' });

    expect([unknown.status, badView.status, badLimit.status]).toEqual([400, 400, 400]);
    expect(badView.body.errors[0].path).toBe('query.view');
  });
});

describe('filters', () => {
  it('narrows a view by dictionary ids and tag', async () => {
    const t = await newTenant();
    const [a, b] = (await listDictionary(t.tenantId, 'level')).map((l) => l.id);
    if (!a || !b) throw new Error('the level dictionary is seeded with at least two items');
    const gold = await create(t.admin, { levelId: a, tags: ['华东'] });
    await create(t.admin, { levelId: b, tags: ['华东'] });
    await create(t.admin, { levelId: a });

    const items = await listAll(t.admin, { view: 'mine', levelId: a, tag: '华东' });

    expect(ids(items)).toEqual([gold.id]);
  });
});

describe('q= search', () => {
  it('finds by name prefix, pinyin, initials and exact phone, once per customer, within the view', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const zj = await create(rep, { name: '北京字节跳动科技有限公司', phone: '13800138000' });
    const other = await create(rep, { name: '阿里巴巴' });
    const notMine = await create(t.admin, { name: '字节跳动分部' });
    // The name-search consumer indexes the pinyin as the stream delivers the saves.
    await indexNamesOf(...[zj, other, notMine].map((c) => customerNamed(t.tenantId, c.id)));

    const byName = ids(await listAll(rep, { view: 'mine', q: '字节' }));
    const byPinyin = ids(await listAll(rep, { view: 'mine', q: 'zijie' }));
    const byInitials = ids(await listAll(rep, { view: 'mine', q: 'ZJTD' }));
    const byPhone = ids(await listAll(rep, { view: 'mine', q: '138-0013-8000' }));
    const both = ids(await listAll(rep, { view: 'mine', q: 'b' }));
    const company = ids(await listAll(t.admin, { view: 'company', q: '字节' }));

    expect(byName).toEqual([zj.id]);
    expect(byPinyin).toEqual([zj.id]);
    expect(byInitials).toEqual([zj.id]);
    expect(byPhone).toEqual([zj.id]);
    expect(both).toEqual([zj.id]);
    expect(company.sort()).toEqual([zj.id, notMine.id].sort());
    expect(byName).not.toContain(other.id);
  });

  it('pages through search results without repeats', async () => {
    const t = await newTenant();
    const made = [];
    for (let i = 0; i < 7; i++) made.push((await create(t.admin, { name: `翻页搜索${i}号` })).id);

    const found = ids(await listAll(t.admin, { view: 'mine', q: '翻页', limit: '3' }));

    expect(found.sort()).toEqual(made.sort());
  });

  it('renders a name search from the terms alone, with what the customer holds now', async () => {
    const t = await newTenant();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await create(t.admin, { name: `读量搜索${i}号` }));
    const first = made[0] as { id: string; version: number };
    await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: t.admin,
      params: { id: first.id },
      headers: { 'if-match': `"${first.version}"` },
      body: { address: '苏州工业园区' },
    });

    const res = await list(t.admin, { view: 'company', q: '读量搜索' });

    expect(ids(res.body.items)).toEqual(made.map((c) => c.id));
    expect(res.body.items[0]).toMatchObject({ address: '苏州工业园区', version: first.version + 1 });
    // The caller's user and role, then one term item per customer.
    expect(itemsRead(res)).toBe(AUTH_READS + 3);
  });

  it('searches each view among its own state: the pool and the bin apart from the active customers', async () => {
    const t = await newTenant();
    const kept = await create(t.admin, { name: '分区搜索甲' });
    const binned = await create(t.admin, { name: '分区搜索乙' });
    const pooled = await create(t.admin, { name: '分区搜索丙' });
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: t.admin, params: { id: binned.id } });
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: t.admin, params: { id: pooled.id } });
    await invoke('POST /v1/recycle-bin/{id}/to-pool', toPool, {
      as: t.admin,
      params: { id: pooled.id },
      body: {},
    });

    await indexNamesOf(...[kept, binned, pooled].map((c) => customerNamed(t.tenantId, c.id)));

    const q = '分区搜索';
    expect(ids(await listAll(t.admin, { view: 'company', q }))).toEqual([kept.id]);
    expect(ids(await listAll(t.admin, { view: 'recycle', q }))).toEqual([binned.id]);
    expect(ids(await listAll(t.admin, { view: 'pool', q }))).toEqual([pooled.id]);
    expect(ids(await listAll(t.admin, { view: 'company', q: 'fenqu' }))).toEqual([kept.id]);
  });

  it('never returns what the caller may not see', async () => {
    const c = await create(w.owner, { name: '保密搜索测试' });
    await indexNamesOf(customerNamed(w.tenantId, c.id));

    const peerSees = ids(await listAll(w.peer, { view: 'mine', q: '保密搜索' }));
    const assistantSees = ids(await listAll(w.assistant, { view: 'company', q: 'baomi' }));

    expect(peerSees).not.toContain(c.id);
    expect(assistantSees).toContain(c.id);
  });
});
