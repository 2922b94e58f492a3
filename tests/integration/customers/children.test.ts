import { describe, expect, it } from 'vitest';
import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as createNews } from '#functions/customers/create-news.ts';
import { handler as createRelation } from '#functions/customers/create-relation.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as deleteRelation } from '#functions/customers/delete-relation.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as listNews } from '#functions/customers/list-news.ts';
import { handler as createFollowUp } from '#functions/followups/create-followup.ts';
import { handler as createOpportunity } from '#functions/pipeline/create-opportunity.ts';
import { overview } from '#lib/customers/service.ts';
import { metered } from '#lib/db/metering.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create, world } from './world.ts';

type Who = { tenantId: string; userId: string };
const addNews = (as: Who, id: string, body: unknown, headers?: Record<string, string>) =>
  invoke('POST /v1/customers/{id}/news', createNews, {
    as,
    params: { id },
    body,
    ...(headers ? { headers } : {}),
  });
const news = (as: Who, id: string, query: Record<string, string> = {}) =>
  invoke('GET /v1/customers/{id}/news', listNews, { as, params: { id }, query });
const relate = (as: Who, id: string, body: unknown) =>
  invoke('POST /v1/customers/{id}/relations', createRelation, { as, params: { id }, body });
const view = (as: Who, id: string) =>
  invoke('GET /v1/customers/{id}/overview', getOverview, { as, params: { id } });

describe('news (网络资讯)', () => {
  it('adds news items and lists them newest first, page by page', async () => {
    const t = await newTenant();
    const c = await create(t.admin);

    const first = await addNews(t.admin, c.id, {
      title: '公司获得融资',
      url: 'https://news.example.com/1',
      summary: 'A 轮',
      publishedOn: '2024-05-01',
    });
    await addNews(t.admin, c.id, { title: '第二条' });
    await addNews(t.admin, c.id, { title: '第三条' });
    const page1 = await news(t.admin, c.id, { limit: '2' });
    const page2 = await news(t.admin, c.id, { limit: '2', cursor: page1.body.nextCursor });

    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/v1/customers/${c.id}/news`);
    expect(first.body).toMatchObject({ customerId: c.id, title: '公司获得融资', publishedOn: '2024-05-01' });
    expect([...page1.body.items, ...page2.body.items].map((n: { title: string }) => n.title)).toEqual([
      '第三条',
      '第二条',
      '公司获得融资',
    ]);
  });

  it.each([
    ['no title', { url: 'https://x.cn' }, 'body.title'],
    ['a non-http url', { title: 't', url: 'ftp://x.cn' }, 'body.url'],
    ['a bad date', { title: 't', publishedOn: '2024-13-01' }, 'body.publishedOn'],
    ['an unknown field', { title: 't', source: 'x' }, 'body'],
  ])('rejects %s with 400 naming the field, adding nothing', async (_, body, path) => {
    const t = await newTenant();
    const c = await create(t.admin);

    const res = await addNews(t.admin, c.id, body);

    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe(path);
    expect((await news(t.admin, c.id)).body.items).toEqual([]);
  });

  it('answers 404 to users who cannot see the customer and 403 to viewers who cannot change it', async () => {
    const w = await world();
    const c = await create(w.owner);

    const byPeer = await addNews(w.peer, c.id, { title: 't' });
    const byAssistant = await addNews(w.assistant, c.id, { title: 't' });
    const readByAssistant = await news(w.assistant, c.id);
    const readByOutsider = await news(w.outsider, c.id);

    expect([byPeer.status, byAssistant.status, readByAssistant.status, readByOutsider.status]).toEqual([
      404, 403, 200, 404,
    ]);
  });

  it('adds nothing twice for a retry with the same Idempotency-Key', async () => {
    const t = await newTenant();
    const c = await create(t.admin);

    const a = await addNews(t.admin, c.id, { title: '一次' }, { 'idempotency-key': 'news-1' });
    const b = await addNews(t.admin, c.id, { title: '一次' }, { 'idempotency-key': 'news-1' });

    expect(b.body).toEqual(a.body);
    expect((await news(t.admin, c.id)).body.items).toHaveLength(1);
  });

  it('refuses news on a customer in the recycle bin', async () => {
    const t = await newTenant();
    const c = await create(t.admin);
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: t.admin, params: { id: c.id } });

    const res = await addNews(t.admin, c.id, { title: 't' });

    expect(res.status).toBe(409);
  });
});

describe('relations (关联客户)', () => {
  it('relates two customers and gives the other one the reverse relation', async () => {
    const t = await newTenant();
    const parent = await create(t.admin, { name: '母公司集团' });
    const child = await create(t.admin, { name: '子公司甲' });

    const res = await relate(t.admin, parent.id, { relatedId: child.id, type: 'subsidiary' });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/customers/${parent.id}/relations/${child.id}`);
    expect(res.body).toMatchObject({ customerId: parent.id, relatedId: child.id, type: 'subsidiary' });
    expect((await view(t.admin, parent.id)).body.relations).toEqual([
      expect.objectContaining({ relatedId: child.id, relatedName: '子公司甲', type: 'subsidiary' }),
    ]);
    expect((await view(t.admin, child.id)).body.relations).toEqual([
      expect.objectContaining({ relatedId: parent.id, relatedName: '母公司集团', type: 'parent' }),
    ]);
  });

  it('answers 409 for a relation that exists, 400 for itself, 404 for an invisible customer', async () => {
    const w = await world();
    const a = await create(w.owner);
    const b = await create(w.owner);
    const hidden = await create(w.peer);
    await relate(w.owner, a.id, { relatedId: b.id, type: 'partner' });

    const again = await relate(w.owner, b.id, { relatedId: a.id, type: 'other' });
    const self = await relate(w.owner, a.id, { relatedId: a.id, type: 'partner' });
    const invisible = await relate(w.owner, a.id, { relatedId: hidden.id, type: 'partner' });
    const badType = await relate(w.owner, a.id, { relatedId: b.id, type: 'friend' });

    expect([again.status, self.status, invisible.status, badType.status]).toEqual([409, 400, 404, 400]);
    expect(again.body.code).toBe('relation_exists');
    expect(self.body.errors[0].path).toBe('body.relatedId');
    expect(badType.body.errors[0].path).toBe('body.type');
    expect((await view(w.peer, hidden.id)).body.relations).toEqual([]);
  });

  it('removes both sides of a relation; a missing one is 404', async () => {
    const t = await newTenant();
    const a = await create(t.admin);
    const b = await create(t.admin);
    await relate(t.admin, a.id, { relatedId: b.id, type: 'partner' });

    const res = await invoke('DELETE /v1/customers/{id}/relations/{relatedId}', deleteRelation, {
      as: t.admin,
      params: { id: b.id, relatedId: a.id },
    });
    const again = await invoke('DELETE /v1/customers/{id}/relations/{relatedId}', deleteRelation, {
      as: t.admin,
      params: { id: b.id, relatedId: a.id },
    });

    expect(res.status).toBe(204);
    expect(again.status).toBe(404);
    expect((await view(t.admin, a.id)).body.relations).toEqual([]);
    expect((await view(t.admin, b.id)).body.relations).toEqual([]);
  });
});

describe('GET /v1/customers/{id}/overview', () => {
  it('returns the customer and every child from one Query, with the ETag', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await create(t.admin, { contacts: [{ name: '甲', mobile: '13800138000' }] });
    const other = await create(t.admin);
    await addNews(t.admin, c.id, { title: '新闻' });
    await relate(t.admin, c.id, { relatedId: other.id, type: 'partner' });
    await invoke('POST /v1/customers/{id}/shares', addShares, {
      as: t.admin,
      params: { id: c.id },
      body: { userIds: [rep.userId] },
    });

    const res = await view(t.admin, c.id);
    const { meter } = await metered(() => overview(t.auth, c.id));

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body.customer).toMatchObject({ id: c.id, sharedWith: [rep.userId] });
    expect(res.body.contacts).toEqual([expect.objectContaining({ name: '甲', mobile: '+8613800138000' })]);
    expect(res.body.news).toEqual([expect.objectContaining({ title: '新闻' })]);
    expect(res.body.relations).toEqual([expect.objectContaining({ relatedId: other.id })]);
    expect(res.body.shares).toEqual([
      { userId: rep.userId, sharedBy: t.admin.userId, sharedAt: expect.any(String) },
    ]);
    expect(res.body.history).toEqual([expect.objectContaining({ action: 'create' })]);
    expect(res.body).toMatchObject({ followups: [], plans: [], contracts: [], payments: [] });
    expect(meter.calls).toBe(1);
  });

  it('shows no role path of an owner or author, as no other endpoint does', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const c = await create(rep);
    await invoke('POST /v1/customers/{id}/followups', createFollowUp, {
      as: rep,
      params: { id: c.id },
      body: { content: '电话沟通', nextFollowUpAt: '2099-01-01T02:00:00.000Z', nextFollowUpNote: '再访' },
    });
    await invoke('POST /v1/opportunities', createOpportunity, {
      as: rep,
      body: { customerId: c.id, name: '年度采购', amountFen: 100_000 },
    });

    const res = await view(rep, c.id);

    expect(res.body.followups).toHaveLength(1);
    expect(res.body.plans).toHaveLength(1);
    expect(res.body.opportunities).toHaveLength(1);
    expect(res.text).not.toMatch(/RolePath/);
  });

  it('answers 404 for an unknown id', async () => {
    const t = await newTenant();

    const res = await view(t.admin, '01ARZ3NDEKTSV4RRFFQ69G5FAV');

    expect(res.status).toBe(404);
  });
});
