import { describe, expect, it } from 'vitest';
import { handler as findDuplicates } from '#functions/customers/find-duplicates.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create, setSettings } from './world.ts';

type Who = { tenantId: string; userId: string };
const find = (as: Who, query: Record<string, string>) =>
  invoke('GET /v1/customers/duplicates', findDuplicates, { as, query });

async function company() {
  const t = await newTenant();
  await setSettings(t.tenantId, { allowDuplicateNames: true });
  const rep = await t.addUser('张三', t.roles.rep);
  const peer = await t.addUser('李四', t.roles.rep);
  return { t, rep, peer };
}

describe('GET /v1/customers/duplicates', () => {
  it('shows a candidate the caller cannot see with its name and owner only, no id', async () => {
    const { rep, peer } = await company();
    const hidden = await create(peer, { name: '深圳市腾讯计算机系统有限公司' });
    const own = await create(rep, { name: '腾讯计算机系统' });

    const res = await find(rep, { name: '腾讯计算机系统有限公司' });

    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        { id: own.id, name: '腾讯计算机系统', ownerName: '张三', state: 'active', matchedBy: ['name'] },
        { name: '深圳市腾讯计算机系统有限公司', ownerName: '李四', matchedBy: ['name'] },
      ]),
    );
    expect(res.body.items).toHaveLength(2);
    expect(JSON.stringify(res.body)).not.toContain(hidden.id);
  });

  it('matches partial names both ways: names starting with the input, and names the input starts with', async () => {
    const { rep } = await company();
    const longer = await create(rep, { name: '阿里巴巴网络技术有限公司' });
    const shorter = await create(rep, { name: '阿里' });
    await create(rep, { name: '百度在线' });

    const byPrefix = await find(rep, { name: '阿里巴巴' });
    const byLonger = await find(rep, { name: '阿里巴巴网络技术（中国）有限公司' });

    expect(byPrefix.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      [longer.id, shorter.id].sort(),
    );
    expect(byLonger.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      [longer.id, shorter.id].sort(),
    );
  });

  it('matches the exact phone in any format and ranks name-and-phone matches first', async () => {
    const { rep, peer } = await company();
    const both = await create(rep, { name: '电话科技', phone: '13800138000' });
    await create(peer, { name: '别的名字', phone: '+86 138 0013 8000' });
    await create(rep, { name: '电话无关', phone: '13900139000' });

    const res = await find(rep, { name: '电话科技', phone: '138-0013-8000' });

    expect(res.body.items).toEqual([
      expect.objectContaining({ id: both.id, matchedBy: ['name', 'phone'] }),
      { name: '别的名字', ownerName: '李四', matchedBy: ['phone'] },
    ]);
  });

  it('does not match by pinyin: a duplicate is the same name, not a similar sound', async () => {
    const { rep } = await company();
    await create(rep, { name: '阿里巴巴' });

    const res = await find(rep, { name: 'alibaba' });

    expect(res.body.items).toEqual([]);
  });

  it.each([
    ['neither name nor phone', {}, 'query'],
    ['an invalid phone', { phone: '123' }, 'query.phone'],
    ['an unknown parameter', { name: 'x', email: 'a@b.cn' }, 'query'],
  ])('rejects %s with 400 naming the field', async (_, query, path) => {
    const { rep } = await company();

    const res = await find(rep, query);

    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe(path);
  });

  it('never reaches into another tenant', async () => {
    const { rep } = await company();
    const other = await newTenant();
    await create(other.admin, { name: '跨租户科技' });

    const res = await find(rep, { name: '跨租户科技' });

    expect(res.body.items).toEqual([]);
  });
});
