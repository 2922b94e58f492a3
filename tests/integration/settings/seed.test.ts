import { describe, expect, it } from 'vitest';
import { handler as getDictionary } from '#functions/settings/get-dictionary.ts';
import { seedDictionaries } from '#lib/settings/service.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';

const dictionary = async (caller: { tenantId: string; userId: string }, kind: string) => {
  const res = await invoke('GET /v1/dictionaries/{kind}', getDictionary, { as: caller, params: { kind } });
  expect(res.status).toBe(200);
  return res.body.items as { id: string; label: string; parentId: string | null; order: number }[];
};

describe('default dictionaries of a new tenant', () => {
  it('has every provincial-level division, with prefecture-level cities below the populous ones', async () => {
    const t = await newTenant();

    const regions = await dictionary(t.admin, 'region');

    const provinces = regions.filter((r) => r.parentId === null);
    expect(provinces).toHaveLength(34);
    expect(provinces.map((p) => p.label)).toEqual(
      expect.arrayContaining([
        '北京市',
        '广东省',
        '新疆维吾尔自治区',
        '台湾省',
        '香港特别行政区',
        '澳门特别行政区',
      ]),
    );
    const citiesOf = (label: string) => {
      const province = provinces.find((p) => p.label === label);
      return regions.filter((r) => r.parentId === province?.id).map((r) => r.label);
    };
    expect(citiesOf('广东省')).toEqual(expect.arrayContaining(['广州市', '深圳市', '东莞市']));
    for (const populous of ['广东省', '山东省', '河南省', '江苏省', '四川省', '河北省', '浙江省', '湖南省']) {
      expect(citiesOf(populous).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('has levels A to E, the statuses and sources of seed 004, and an industry tree', async () => {
    const t = await newTenant();

    const [levels, statuses, sources, industries, reasons] = await Promise.all([
      dictionary(t.admin, 'level'),
      dictionary(t.admin, 'status'),
      dictionary(t.admin, 'source'),
      dictionary(t.admin, 'industry'),
      dictionary(t.admin, 'poolReason'),
    ]);

    expect(levels.map((l) => l.label[0])).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(statuses.map((s) => s.label)).toContain('签约客户');
    expect(sources[0]?.label).toBe('独立开发');
    const it = industries.find((i) => i.label === '信息技术');
    expect(industries.filter((i) => i.parentId === it?.id).map((i) => i.label)).toEqual(
      expect.arrayContaining(['软件', '硬件', '互联网']),
    );
    expect(reasons.map((r) => r.label)).toContain('无法联系');
  });

  it('gives every tenant its own ids, and re-seeding a tenant rewrites the same items', async () => {
    const a = await newTenant();
    const b = await newTenant();

    await seedDictionaries(a.tenantId);

    const [levelsA, levelsB] = await Promise.all([
      dictionary(a.admin, 'level'),
      dictionary(b.admin, 'level'),
    ]);
    expect(levelsA).toHaveLength(5);
    expect(levelsA.map((l) => l.id)).not.toEqual(levelsB.map((l) => l.id));
    expect([...levelsA.map((l) => l.id)].sort()).toEqual(levelsA.map((l) => l.id));
  });
});
