import { describe, expect, it } from 'vitest';
import { handler as createItem } from '#functions/settings/create-dictionary-item.ts';
import { handler as deleteItem } from '#functions/settings/delete-dictionary-item.ts';
import { handler as getDictionary } from '#functions/settings/get-dictionary.ts';
import { handler as updateItem } from '#functions/settings/update-dictionary-item.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

type Caller = { tenantId: string; userId: string };
interface Item {
  id: string;
  kind: string;
  label: string;
  parentId: string | null;
  order: number;
  disabled: boolean;
  version: number;
}

const list = async (as: Caller, kind: string): Promise<Item[]> => {
  const res = await invoke('GET /v1/dictionaries/{kind}', getDictionary, { as, params: { kind } });
  expect(res.status).toBe(200);
  return res.body.items;
};
const find = async (as: Caller, kind: string, label: string) => {
  const item = (await list(as, kind)).find((i) => i.label === label);
  if (!item) throw new Error(`no ${kind} item ${label}`);
  return item;
};
const create = (as: Caller, kind: string, body: unknown, headers: Record<string, string> = {}) =>
  invoke('POST /v1/dictionaries/{kind}/items', createItem, { as, params: { kind }, body, headers });
const update = (as: Caller, kind: string, id: string, body: unknown, ifMatch?: string) =>
  invoke('PATCH /v1/dictionaries/{kind}/items/{id}', updateItem, {
    as,
    params: { kind, id },
    body,
    headers: ifMatch ? { 'if-match': ifMatch } : {},
  });
const remove = (as: Caller, kind: string, id: string, headers: Record<string, string> = {}) =>
  invoke('DELETE /v1/dictionaries/{kind}/items/{id}', deleteItem, { as, params: { kind, id }, headers });
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

describe('GET /v1/dictionaries/{kind}', () => {
  it('lists every item of the kind by order, disabled ones flagged', async () => {
    const t = await newTenant();
    const a = await find(t.admin, 'source', '独立开发');
    await update(t.admin, 'source', a.id, { disabled: true }, '"1"');
    const rep = await t.addUser('张三', t.roles.rep);

    const items = await list(rep, 'source');

    expect(items.map((i) => i.label).slice(0, 3)).toEqual(['独立开发', '来电咨询', '客户介绍']);
    expect(items[0]).toMatchObject({ id: a.id, kind: 'source', disabled: true, version: 2, parentId: null });
    expect(items[1]?.disabled).toBe(false);
    expect(items.map((i) => i.order)).toEqual([...items.map((i) => i.order)].sort((x, y) => x - y));
  });

  it('answers 400 for a kind that does not exist', async () => {
    const t = await newTenant();

    const res = await invoke('GET /v1/dictionaries/{kind}', getDictionary, {
      as: t.admin,
      params: { kind: 'colour' },
    });

    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(['params.kind']);
  });
});

describe('POST /v1/dictionaries/{kind}/items', () => {
  it('appends an item after the last one, with Location and ETag', async () => {
    const t = await newTenant();
    const before = await list(t.admin, 'source');

    const res = await create(t.admin, 'source', { label: '展会' });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/dictionaries/source/items/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      kind: 'source',
      label: '展会',
      parentId: null,
      disabled: false,
      version: 1,
    });
    expect(res.body.order).toBeGreaterThan(Math.max(...before.map((i) => i.order)));
    expect((await list(t.admin, 'source')).at(-1)?.label).toBe('展会');
  });

  it('adds a city below a province, placed where asked', async () => {
    const t = await newTenant();
    const guangdong = await find(t.admin, 'region', '广东省');

    const res = await create(t.admin, 'region', { label: '韶关市', parentId: guangdong.id, order: 1 });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ parentId: guangdong.id, order: 1 });
    const cities = (await list(t.admin, 'region')).filter((i) => i.parentId === guangdong.id);
    expect(cities[0]?.label).toBe('韶关市');
  });

  it('refuses a label its siblings have already, however it is spelled, with 409', async () => {
    const t = await newTenant();

    const same = await create(t.admin, 'category', { label: 'KA' });
    const variant = await create(t.admin, 'category', { label: ' ｋａ ' });

    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({ code: 'duplicate_label', label: 'KA' });
    expect(variant.status).toBe(409);
  });

  it('allows the same label below different parents', async () => {
    const t = await newTenant();
    const jiangsu = await find(t.admin, 'region', '江苏省');
    const zhejiang = await find(t.admin, 'region', '浙江省');

    const a = await create(t.admin, 'region', { label: '开发区', parentId: jiangsu.id });
    const b = await create(t.admin, 'region', { label: '开发区', parentId: zhejiang.id });

    expect([a.status, b.status]).toEqual([201, 201]);
  });

  it('answers 400 with the field path for a parent in a flat dictionary, an unknown or a disabled parent', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const level = await find(t.admin, 'level', 'A（重点客户）');
    const foreign = await find(other.admin, 'region', '广东省');
    const tibet = await find(t.admin, 'region', '西藏自治区');
    await update(t.admin, 'region', tibet.id, { disabled: true }, '"1"');
    const count = (await list(t.admin, 'region')).length;

    const flat = await create(t.admin, 'level', { label: 'A+', parentId: level.id });
    const unknown = await create(t.admin, 'region', { label: '新城', parentId: foreign.id });
    const disabled = await create(t.admin, 'region', { label: '新城', parentId: tibet.id });

    expect(flat.status).toBe(400);
    expect(flat.body.errors[0]).toMatchObject({ path: 'body.parentId', code: 'not_a_tree' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ path: 'body.parentId', code: 'unknown_dictionary_item' });
    expect(disabled.status).toBe(400);
    expect(disabled.body.errors[0]).toMatchObject({
      path: 'body.parentId',
      code: 'disabled_dictionary_item',
    });
    expect((await list(t.admin, 'region')).length).toBe(count);
  });

  it.each([
    [{}, 'body.label'],
    [{ label: '   ' }, 'body.label'],
    [{ label: 'x'.repeat(101) }, 'body.label'],
    [{ label: '展会', parentId: 'not-an-id' }, 'body.parentId'],
    [{ label: '展会', order: -1 }, 'body.order'],
    [{ label: '展会', disabled: true }, 'body'],
  ])('answers 400 problem+json for %j at %s and adds nothing', async (body, path) => {
    const t = await newTenant();

    const res = await create(t.admin, 'source', body);

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(paths(res.body)).toContain(path);
    expect((await list(t.admin, 'source')).length).toBe(10);
  });

  it('refuses a rep with 403', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await create(rep, 'source', { label: '展会' });

    expect(res.status).toBe(403);
    expect((await list(t.admin, 'source')).length).toBe(10);
  });

  it('replays a retried request with the same Idempotency-Key and creates one item', async () => {
    const t = await newTenant();
    const headers = { 'idempotency-key': 'add-expo-source' };

    const first = await create(t.admin, 'source', { label: '展会' }, headers);
    const retry = await create(t.admin, 'source', { label: '展会' }, headers);
    const reused = await create(t.admin, 'source', { label: '地推' }, headers);

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    expect((await list(t.admin, 'source')).filter((i) => ['展会', '地推'].includes(i.label))).toHaveLength(1);
  });

  it('lets exactly one of many concurrent creates of the same label win', async () => {
    const t = await newTenant();

    const results = await Promise.all(
      Array.from({ length: 6 }, () => create(t.admin, 'channel', { label: '钉钉' })),
    );

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect((await list(t.admin, 'channel')).filter((i) => i.label === '钉钉')).toHaveLength(1);
  });
});

describe('PATCH /v1/dictionaries/{kind}/items/{id}', () => {
  it('renames, re-orders and disables an item at its version', async () => {
    const t = await newTenant();
    const item = await find(t.admin, 'status', '挂起客户');

    const res = await update(
      t.admin,
      'status',
      item.id,
      { label: '暂停客户', order: 5, disabled: true },
      '"1"',
    );

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({ id: item.id, label: '暂停客户', order: 5, disabled: true, version: 2 });
    expect((await list(t.admin, 'status'))[0]).toEqual(res.body);
  });

  it('frees the old label on rename and takes the new one', async () => {
    const t = await newTenant();
    const item = await find(t.admin, 'channel', 'QQ');

    await update(t.admin, 'channel', item.id, { label: '企业微信' }, '"1"');
    const reuseOld = await create(t.admin, 'channel', { label: 'QQ' });
    const takeNew = await create(t.admin, 'channel', { label: '企业微信' });

    expect(reuseOld.status).toBe(201);
    expect(takeNew.status).toBe(409);
  });

  it('refuses renaming to a sibling label with 409 and changes nothing', async () => {
    const t = await newTenant();
    const item = await find(t.admin, 'channel', 'QQ');

    const res = await update(t.admin, 'channel', item.id, { label: '微信' }, '"1"');

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('duplicate_label');
    expect((await find(t.admin, 'channel', 'QQ')).version).toBe(1);
  });

  it('moves a city to another province, after its last city', async () => {
    const t = await newTenant();
    const sichuan = await find(t.admin, 'region', '四川省');
    const chongqing = await find(t.admin, 'region', '重庆市');
    const mianyang = await find(t.admin, 'region', '绵阳市');

    const res = await update(t.admin, 'region', mianyang.id, { parentId: chongqing.id }, '"1"');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ parentId: chongqing.id, order: 10 });
    // The old province lost the child (its label is free there again) and may now be emptied.
    const back = await create(t.admin, 'region', { label: '绵阳市', parentId: sichuan.id });
    expect(back.status).toBe(201);
  });

  it('moves an item to the top level with parentId null', async () => {
    const t = await newTenant();
    const software = await find(t.admin, 'industry', '软件');

    const res = await update(t.admin, 'industry', software.id, { parentId: null }, '"1"');

    expect(res.status).toBe(200);
    expect((await find(t.admin, 'industry', '软件')).parentId).toBeNull();
  });

  it('refuses moving an item below its own descendant with 422', async () => {
    const t = await newTenant();
    const it = await find(t.admin, 'industry', '信息技术');
    const software = await find(t.admin, 'industry', '软件');

    const below = await update(t.admin, 'industry', it.id, { parentId: software.id }, '"1"');
    const self = await update(t.admin, 'industry', it.id, { parentId: it.id }, '"1"');

    expect(below.status).toBe(422);
    expect(below.body.code).toBe('dictionary_cycle');
    expect(self.status).toBe(422);
    expect((await find(t.admin, 'industry', '信息技术')).parentId).toBeNull();
  });

  it('never closes a cycle when two items are moved below each other at once', async () => {
    const t = await newTenant();
    const finance = await find(t.admin, 'industry', '金融');
    const it = await find(t.admin, 'industry', '信息技术');

    const results = await Promise.all([
      update(t.admin, 'industry', finance.id, { parentId: it.id }, '"1"'),
      update(t.admin, 'industry', it.id, { parentId: finance.id }, '"1"'),
    ]);

    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    const items = await list(t.admin, 'industry');
    const parentOf = new Map(items.map((i) => [i.id, i.parentId]));
    expect(parentOf.get(finance.id) === it.id && parentOf.get(it.id) === finance.id).toBe(false);
  });

  it('refuses a parent in a flat dictionary with 400', async () => {
    const t = await newTenant();
    const a = await find(t.admin, 'level', 'A（重点客户）');
    const b = await find(t.admin, 'level', 'B（重要客户）');

    const res = await update(t.admin, 'level', b.id, { parentId: a.id }, '"1"');

    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'body.parentId', code: 'not_a_tree' });
  });

  it('answers 428 without If-Match and 412 with a stale one', async () => {
    const t = await newTenant();
    const item = await find(t.admin, 'source', '其他');
    await update(t.admin, 'source', item.id, { order: 1 }, '"1"');

    const missing = await update(t.admin, 'source', item.id, { order: 2 });
    const stale = await update(t.admin, 'source', item.id, { order: 2 }, '"1"');

    expect(missing.status).toBe(428);
    expect(stale.status).toBe(412);
    expect((await find(t.admin, 'source', '其他')).order).toBe(1);
  });

  it('answers 404 for an item of another tenant, and for an id of another kind', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const foreign = await find(other.admin, 'source', '其他');
    const region = await find(t.admin, 'region', '广东省');

    const res = await update(t.admin, 'source', foreign.id, { label: '偷改' }, '"1"');
    const wrongKind = await update(t.admin, 'source', region.id, { label: '偷改' }, '"1"');

    expect(res.status).toBe(404);
    expect(wrongKind.status).toBe(404);
    expect((await find(other.admin, 'source', '其他')).version).toBe(1);
  });

  it('refuses a rep with 403 and a bad body with 400', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const item = await find(t.admin, 'source', '其他');

    const forbidden = await update(rep, 'source', item.id, { label: '别的' }, '"1"');
    const invalid = await update(t.admin, 'source', item.id, { label: '' }, '"1"');
    const empty = await update(t.admin, 'source', item.id, {}, '"1"');

    expect(forbidden.status).toBe(403);
    expect(invalid.status).toBe(400);
    expect(paths(invalid.body)).toEqual(['body.label']);
    expect(empty.status).toBe(400);
    expect((await find(t.admin, 'source', '其他')).version).toBe(1);
  });
});

describe('DELETE /v1/dictionaries/{kind}/items/{id}', () => {
  it('deletes a leaf item and frees its label', async () => {
    const t = await newTenant();
    const item = await find(t.admin, 'poolReason', '重复客户');

    const res = await remove(t.admin, 'poolReason', item.id);

    expect(res.status).toBe(204);
    expect((await list(t.admin, 'poolReason')).map((i) => i.id)).not.toContain(item.id);
    expect((await create(t.admin, 'poolReason', { label: '重复客户' })).status).toBe(201);
  });

  it('refuses an item with children with 409, and deletes it once they are gone', async () => {
    const t = await newTenant();
    const hainan = await find(t.admin, 'region', '海南省');
    const cities = (await list(t.admin, 'region')).filter((i) => i.parentId === hainan.id);

    const refused = await remove(t.admin, 'region', hainan.id);
    for (const city of cities) expect((await remove(t.admin, 'region', city.id)).status).toBe(204);
    const deleted = await remove(t.admin, 'region', hainan.id);

    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'has_children', childCount: 4 });
    expect(deleted.status).toBe(204);
  });

  it('checks If-Match when one is given', async () => {
    const t = await newTenant();
    const item = await find(t.admin, 'maturity', '搁置');

    const stale = await remove(t.admin, 'maturity', item.id, { 'if-match': '"7"' });
    const current = await remove(t.admin, 'maturity', item.id, { 'if-match': '"1"' });

    expect(stale.status).toBe(412);
    expect(current.status).toBe(204);
  });

  it('answers 404 for an item of another tenant or one already deleted, and 403 to a rep', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const foreign = await find(other.admin, 'poolReason', '其他');
    const own = await find(t.admin, 'poolReason', '其他');

    expect((await remove(t.admin, 'poolReason', foreign.id)).status).toBe(404);
    expect((await remove(rep, 'poolReason', own.id)).status).toBe(403);
    expect((await remove(t.admin, 'poolReason', own.id)).status).toBe(204);
    expect((await remove(t.admin, 'poolReason', own.id)).status).toBe(404);
    expect((await list(other.admin, 'poolReason')).map((i) => i.id)).toContain(foreign.id);
  });

  it('never leaves a deleted parent behind a child added at the same time', async () => {
    const t = await newTenant();
    const parent = (await create(t.admin, 'industry', { label: '航空航天' })).body as Item;

    const [added, deleted] = await Promise.all([
      create(t.admin, 'industry', { label: '卫星', parentId: parent.id }),
      remove(t.admin, 'industry', parent.id),
    ]);

    const items = await list(t.admin, 'industry');
    const orphans = items.filter((i) => i.parentId === parent.id && !items.some((p) => p.id === parent.id));
    expect(orphans).toEqual([]);
    expect([added.status, deleted.status]).not.toEqual([201, 204]);
  });
});
