import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getContracts } from '#functions/analytics/get-contracts.ts';
import { handler as getDashboard } from '#functions/analytics/get-dashboard.ts';
import { handler as getDistribution } from '#functions/analytics/get-distribution.ts';
import { handler as getFollowups } from '#functions/analytics/get-followups.ts';
import { handler as getFunnel } from '#functions/analytics/get-funnel.ts';
import { handler as getRankings } from '#functions/analytics/get-rankings.ts';
import { handler as getResults } from '#functions/analytics/get-results.ts';
import { handler as getTargets } from '#functions/analytics/get-targets.ts';
import { handler as getTrend } from '#functions/analytics/get-trend.ts';
import { handler as putTargets } from '#functions/analytics/put-targets.ts';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as createFollowUp } from '#functions/followups/create-followup.ts';
import { localDate } from '#lib/analytics/rules.ts';
import * as org from '#lib/org/service.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant, type TestUser } from '#tests/support/tenants.ts';
import { expectOk, startProjection } from './world.ts';

let streams: Awaited<ReturnType<typeof startProjection>>;
let w: Awaited<ReturnType<typeof world>>;

/**
 * 管理员 > 销售经理 > 组长 (赵组长, 钱组长: peers) > 组员 (张三, 李四). 张三 has two customers from
 * the first source, 李四 one from the second, each lead one: the admin sees 5, a lead 4 (their own
 * and the members'), 张三 2.
 */
async function world() {
  const t = await newTenant();
  // Team leads without analytics.viewAll (the default 销售经理 role holds it).
  const lead = await org.createRole(t.auth, { name: '组长', parentId: t.roles.manager.id, permissions: [] });
  const member = await org.createRole(t.auth, { name: '组员', parentId: lead.id, permissions: [] });
  const [zhao, qian, zhang, li] = (await Promise.all([
    t.addUser('赵组长', lead),
    t.addUser('钱组长', lead),
    t.addUser('张三', member),
    t.addUser('李四', member),
  ])) as [TestUser, TestUser, TestUser, TestUser];
  const [s1, s2] = await listDictionary(t.tenantId, 'source');
  const create = async (as: Caller, name: string, sourceId?: string) =>
    expectOk(
      await invoke('POST /v1/customers', createCustomer, {
        as,
        body: { name, ...(sourceId ? { sourceId } : {}) },
      }),
      201,
      'create',
    );
  const first = await create(zhang, '甲公司', s1?.id);
  await create(zhang, '乙公司', s1?.id);
  await create(li, '丙公司', s2?.id);
  await create(zhao, '丁公司');
  await create(qian, '戊公司');
  expectOk(
    await invoke('POST /v1/customers/{id}/followups', createFollowUp, {
      as: zhang,
      params: { id: first.id },
      body: { content: '上门拜访' },
    }),
    201,
    'follow-up',
  );
  const other = await newTenant();
  return {
    ...t,
    lead,
    member,
    zhao,
    qian,
    zhang,
    li,
    s1: s1?.id as string,
    s2: s2?.id as string,
    outsider: other.admin,
  };
}

beforeAll(async () => {
  streams = await startProjection();
  w = await world();
  await streams.caughtUp();
}, 120_000);
afterAll(() => streams.stop());

const owned = async (as: Caller, query: Record<string, string> = {}) => {
  const res = await invoke('GET /v1/analytics/distribution', getDistribution, {
    as,
    query: { by: 'source', ...query },
  });
  return res.status === 200 ? res.body.total : res.status;
};

describe('scope', () => {
  it('gives each caller the customers of the people they may see, and 404 outside it', async () => {
    expect(await owned(w.admin)).toBe(5);
    expect(await owned(w.zhao)).toBe(4);
    expect(await owned(w.qian)).toBe(4);
    expect(await owned(w.zhang)).toBe(2);
    expect(await owned(w.li)).toBe(1);
    expect(await owned(w.outsider)).toBe(0);
    // Narrowed: a rep's own role is just themselves; a manager may pick a rep or the reps' role.
    expect(await owned(w.zhang, { roleId: w.member.id })).toBe(2);
    expect(await owned(w.zhao, { roleId: w.member.id })).toBe(3);
    expect(await owned(w.zhao, { userId: w.li.userId })).toBe(1);
    expect(await owned(w.admin, { roleId: w.lead.id })).toBe(5);
    expect(await owned(w.zhao, { roleId: w.lead.id })).toBe(4);
    // Not theirs to see: a peer, a superior, a colleague, another tenant's people.
    expect(await owned(w.zhao, { userId: w.qian.userId })).toBe(404);
    expect(await owned(w.zhang, { userId: w.li.userId })).toBe(404);
    expect(await owned(w.zhang, { roleId: w.lead.id })).toBe(404);
    expect(await owned(w.outsider, { userId: w.zhang.userId })).toBe(404);
  });

  it('labels dictionary values and counts customers without one as 未设置', async () => {
    const res = await invoke('GET /v1/analytics/distribution', getDistribution, {
      as: w.admin,
      query: { by: 'source' },
    });
    expect(res.body.items).toEqual([
      expect.objectContaining({ key: '-', label: '未设置', count: 2, percent: 40 }),
      expect.objectContaining({ key: w.s1, count: 2, percent: 40 }),
      expect.objectContaining({ key: w.s2, count: 1, percent: 20 }),
    ]);
    expect(res.body.series[0].data).toEqual([2, 2, 1]);
  });

  it('lists per-rep numbers for the people in scope only', async () => {
    const res = await invoke('GET /v1/analytics/distribution', getDistribution, {
      as: w.zhao,
      query: { by: 'owner' },
    });
    expect(Object.fromEntries(res.body.items.map((i: any) => [i.label, i.count]))).toEqual({
      张三: 2,
      李四: 1,
      赵组长: 1,
    });
    const results = await invoke('GET /v1/analytics/results', getResults, { as: w.zhang });
    expect(results.body.items).toEqual([
      expect.objectContaining({ label: '张三', newCustomers: 2, followups: 1 }),
    ]);
    const followups = await invoke('GET /v1/analytics/followups', getFollowups, { as: w.zhang });
    expect(followups.body.items).toEqual([
      expect.objectContaining({ count: 1, customersFollowed: 1, customersOwned: 2, coverage: 50 }),
    ]);
  });
});

describe('reports', () => {
  it('draws the trend of new customers per rep per day, with every day of the range', async () => {
    const today = localDate(new Date().toISOString(), 'Asia/Shanghai');
    const res = await invoke('GET /v1/analytics/trend', getTrend, {
      as: w.zhao,
      query: { from: today, to: today },
    });
    expect(res.status).toBe(200);
    expect(res.body.periods).toEqual([today]);
    expect(Object.fromEntries(res.body.series.map((s: any) => [s.label, s.data]))).toEqual({
      赵组长: [1],
      张三: [2],
      李四: [1],
    });
    const weekly = await invoke('GET /v1/analytics/trend', getTrend, {
      as: w.zhang,
      query: { from: '2026-11-02', to: '2026-11-29', interval: 'week' },
    });
    expect(weekly.body.periods).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
  });

  it('ranks reps by a metric with shared ranks for ties', async () => {
    const res = await invoke('GET /v1/analytics/rankings', getRankings, {
      as: w.admin,
      query: { metric: 'newCustomers' },
    });
    expect(res.body.items.slice(0, 4).map((i: any) => [i.label, i.count, i.rank])).toEqual([
      ['张三', 2, 1],
      ['李四', 1, 2],
      ['钱组长', 1, 2],
      ['赵组长', 1, 2],
    ]);
  });

  it('answers the funnel, the contract periods and the dashboard in their chart shapes', async () => {
    const funnel = await invoke('GET /v1/analytics/funnel', getFunnel, { as: w.admin });
    expect(funnel.body.items.map((i: any) => i.key)).toEqual([
      'initial',
      'needs',
      'proposal',
      'negotiation',
      'won',
      'lost',
    ]);
    const contracts = await invoke('GET /v1/analytics/contracts', getContracts, {
      as: w.admin,
      query: { from: '2026-01-01', to: '2026-12-31', interval: 'quarter' },
    });
    expect(contracts.body.items.map((i: any) => i.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    const dashboard = await invoke('GET /v1/dashboard', getDashboard, { as: w.zhao });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.briefing).toMatchObject({ newCustomers: 4, followups: 1 });
    expect(dashboard.body.customersPerRep.total).toBe(4);
    expect(dashboard.body.customersByStage.total).toBe(4);
  });
});

describe('targets', () => {
  it('lets a manager set a rep’s target and shows its completion; not their own, nor anyone else’s', async () => {
    const period = localDate(new Date().toISOString(), 'Asia/Shanghai').slice(0, 7);
    const set = await invoke('PUT /v1/analytics/targets', putTargets, {
      as: w.zhao,
      body: { period, targets: [{ userId: w.zhang.userId, metric: 'newCustomers', value: 4 }] },
    });
    expect(set.status).toBe(200);
    expect(set.body.items).toEqual([
      expect.objectContaining({ subjectId: w.zhang.userId, target: 4, count: 2, completion: 50 }),
    ]);
    const own = await invoke('PUT /v1/analytics/targets', putTargets, {
      as: w.zhao,
      body: { period, targets: [{ userId: w.zhao.userId, metric: 'newCustomers', value: 4 }] },
    });
    expect(own.status).toBe(403);
    const colleague = await invoke('PUT /v1/analytics/targets', putTargets, {
      as: w.zhang,
      body: { period, targets: [{ userId: w.li.userId, metric: 'newCustomers', value: 4 }] },
    });
    expect(colleague.status).toBe(404);
    // The rep sees the target set for them; the peer manager sees it too (the rep is below both).
    const mine = await invoke('GET /v1/analytics/targets', getTargets, { as: w.zhang, query: { period } });
    expect(mine.body.items).toHaveLength(1);
    const li = await invoke('GET /v1/analytics/targets', getTargets, { as: w.li, query: { period } });
    expect(li.body.items).toEqual([]);
  });

  it('refuses a bad target body with 400 and writes nothing', async () => {
    const res = await invoke('PUT /v1/analytics/targets', putTargets, {
      as: w.admin,
      body: {
        period: '2030-13',
        targets: [{ userId: w.zhang.userId, roleId: w.member.id, metric: 'x', value: -1 }],
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: any) => e.path)).toEqual(
      expect.arrayContaining(['body.period', 'body.targets.0.metric', 'body.targets.0.value']),
    );
    const after = await invoke('GET /v1/analytics/targets', getTargets, {
      as: w.admin,
      query: { period: '2030-12' },
    });
    expect(after.body.items).toEqual([]);
  });
});

describe('bad parameters', () => {
  it.each([
    ['GET /v1/analytics/distribution', getDistribution, { by: 'colour' }, 'query.by'],
    ['GET /v1/analytics/distribution', getDistribution, { by: 'source', userId: 'nobody' }, 'query.userId'],
    ['GET /v1/analytics/results', getResults, { from: '2026-11-30', to: '2026-11-01' }, 'query.to'],
    ['GET /v1/analytics/results', getResults, { from: '2026-02-30' }, 'query.from'],
    [
      'GET /v1/analytics/trend',
      getTrend,
      { from: '2020-01-01', to: '2026-01-01', interval: 'day' },
      'query.from',
    ],
    ['GET /v1/analytics/trend', getTrend, { interval: 'hour' }, 'query.interval'],
    ['GET /v1/analytics/contracts', getContracts, { interval: 'week' }, 'query.interval'],
    ['GET /v1/analytics/rankings', getRankings, { metric: 'happiness' }, 'query.metric'],
    ['GET /v1/analytics/funnel', getFunnel, { stage: 'won' }, 'query'],
    ['GET /v1/analytics/targets', getTargets, { period: '2026-Q5' }, 'query.period'],
  ] as const)('%s %o → 400 at %s', async (route, handler, query, path) => {
    const res = await invoke(route, handler, { as: w.admin, query: query as Record<string, string> });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.path).join(' ')).toContain(path);
  });
});
