import { describe, expect, it } from 'vitest';
import { handler as createView } from '#functions/settings/create-saved-view.ts';
import { handler as deleteView } from '#functions/settings/delete-saved-view.ts';
import { handler as listViews } from '#functions/settings/list-saved-views.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

type Caller = { tenantId: string; userId: string };

const list = (as: Caller, query: Record<string, string> = {}) =>
  invoke('GET /v1/saved-views', listViews, { as, query });
const create = (as: Caller, body: unknown, headers: Record<string, string> = {}) =>
  invoke('POST /v1/saved-views', createView, { as, body, headers });
const remove = (as: Caller, id: string) =>
  invoke('DELETE /v1/saved-views/{id}', deleteView, { as, params: { id } });

const hotInGuangdong = {
  name: '广东热点客户',
  filters: { view: 'hot', regionId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', tags: ['展会', '老客户'] },
};

describe('POST /v1/saved-views', () => {
  it("saves the caller's filters under a name, with Location", async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await create(rep, hotInGuangdong);

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/saved-views/${res.body.id}`);
    expect(res.body).toMatchObject({
      ...hotInGuangdong,
      entity: 'customer',
      shared: false,
      ownerId: rep.userId,
      ownerName: '张三',
    });
  });

  it.each([
    [{ filters: {} }, 'body.name'],
    [{ name: '空', filters: { limit: '20' } }, 'body.filters.limit'],
    [{ name: '空', filters: { 'bad key': 'x' } }, 'body.filters.bad key'],
    [{ name: '空', filters: { q: 5 } }, 'body.filters.q'],
    [{ name: '空', filters: {}, entity: 'order' }, 'body.entity'],
    [{ name: '空', filters: {}, pinned: true }, 'body'],
  ])('answers 400 problem+json for %j at %s and saves nothing', async (body, path) => {
    const t = await newTenant();

    const res = await create(t.admin, body);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await list(t.admin)).body.items).toEqual([]);
  });

  it('replays a retried request with the same Idempotency-Key and saves one view', async () => {
    const t = await newTenant();
    const headers = { 'idempotency-key': 'save-hot-gd' };

    const first = await create(t.admin, hotInGuangdong, headers);
    const retry = await create(t.admin, hotInGuangdong, headers);
    const reused = await create(t.admin, { ...hotInGuangdong, name: '别的' }, headers);

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(reused.status).toBe(422);
    expect((await list(t.admin)).body.items).toHaveLength(1);
  });
});

describe('GET /v1/saved-views', () => {
  it("lists only the caller's own views by default, oldest first, page by page", async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const peer = await t.addUser('李四', t.roles.rep);
    for (const name of ['一', '二', '三']) await create(rep, { name, filters: { view: 'mine' } });
    await create(peer, { name: '李四的', filters: {} });

    const first = await list(rep, { limit: '2' });
    const second = await list(rep, { limit: '2', cursor: first.body.nextCursor });

    expect(first.status).toBe(200);
    expect(first.body.items.map((v: { name: string }) => v.name)).toEqual(['一', '二']);
    expect(second.body.items.map((v: { name: string }) => v.name)).toEqual(['三']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('lists the views shared in the company, and no other tenant’s', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const peer = await t.addUser('李四', t.roles.rep);
    await create(rep, { name: '私有', filters: {} });
    await create(peer, { name: '共享的', filters: { view: 'pool' }, shared: true });
    await create(other.admin, { name: '别家共享', filters: {}, shared: true });

    const res = await list(rep, { scope: 'shared' });

    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ name: '共享的', ownerId: peer.userId, ownerName: '李四', shared: true }),
    ]);
  });

  it('refuses a cursor from another list with 400', async () => {
    const t = await newTenant();
    for (const name of ['一', '二']) await create(t.admin, { name, filters: {}, shared: true });
    const mine = await list(t.admin, { limit: '1' });

    const res = await list(t.admin, { scope: 'shared', cursor: mine.body.nextCursor });

    expect(res.status).toBe(400);
  });
});

describe('DELETE /v1/saved-views/{id}', () => {
  it('deletes one of the caller’s views', async () => {
    const t = await newTenant();
    const view = (await create(t.admin, hotInGuangdong)).body;

    const res = await remove(t.admin, view.id);

    expect(res.status).toBe(204);
    expect((await list(t.admin)).body.items).toEqual([]);
  });

  it('lets only the creator delete: a colleague who sees a shared view, or another tenant, gets 404', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const view = (await create(rep, { ...hotInGuangdong, shared: true })).body;

    const byAdmin = await remove(t.admin, view.id);
    const byOtherTenant = await remove(other.admin, view.id);

    expect(byAdmin.status).toBe(404);
    expect(byOtherTenant.status).toBe(404);
    expect((await list(rep, { scope: 'shared' })).body.items).toHaveLength(1);
  });

  it('answers 404 for a view deleted already, and 400 for a malformed id', async () => {
    const t = await newTenant();
    const view = (await create(t.admin, hotInGuangdong)).body;
    await remove(t.admin, view.id);

    expect((await remove(t.admin, view.id)).status).toBe(404);
    expect((await remove(t.admin, 'nope')).status).toBe(400);
  });
});
