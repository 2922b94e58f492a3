import { now } from '../clock.ts';
import { type Auth, can } from '../http/auth.ts';
import { BadRequest, Forbidden, NotFound } from '../http/errors.ts';
import { getRole, getRoles, listUsersBelow } from '../org/repository.ts';
import { isAbove } from '../org/rules.ts';
import { getStages } from '../pipeline/repository.ts';
import type { Stage } from '../pipeline/schemas.ts';
import { dictionaryLabels } from '../settings/dictionaries.ts';
import { getSettings } from '../settings/repository.ts';
import type { DictionaryKind } from '../settings/schemas.ts';
import * as repo from './repository.ts';
import {
  bucketPeriod,
  bucketRanges,
  type Interval,
  localDate,
  POOL_OWNER,
  percent,
  periodsBetween,
  stateMetric,
  type TimeMetric,
  targetPeriodRange,
  UNSET,
} from './rules.ts';
import type {
  ContractsQuery,
  DistributionQuery,
  FunnelQuery,
  PutTargetsBody,
  RangeQuery,
  RankingMetric,
  RankingsQuery,
  TargetsQuery,
  TrendQuery,
} from './schemas.ts';

/**
 * Reports read only the aggregates (lib/analytics/rules.ts): one state item per owner in scope and
 * each owner's day or month buckets in the range, never the customers themselves.
 */

interface Owner {
  id: string;
  label: string;
  rolePath: string | null;
}

const POOL_LABEL = '公海';
const UNSET_LABEL = '未设置';

const seesAll = (auth: Auth) => can(auth, 'analytics.viewAll');

/** Everyone whose numbers the caller may see: themselves and everyone below, or the whole company and the pool. */
async function visibleOwners(auth: Auth): Promise<Owner[]> {
  const all = seesAll(auth);
  const users = await listUsersBelow(auth.tenantId, all ? '' : auth.rolePath);
  const owners: Owner[] = users.map((u) => ({ id: u.id, label: u.name, rolePath: u.rolePath }));
  if (!owners.some((o) => o.id === auth.userId))
    owners.unshift({ id: auth.userId, label: auth.userName, rolePath: auth.rolePath });
  if (all) owners.push({ id: POOL_OWNER, label: POOL_LABEL, rolePath: null });
  return owners;
}

/** The owners a report covers: the caller's visible owners, narrowed to one user or one role's subtree. */
async function ownersInScope(auth: Auth, q: { userId?: string | undefined; roleId?: string | undefined }) {
  const owners = await visibleOwners(auth);
  if (q.userId) {
    const owner = owners.find((o) => o.id === q.userId);
    if (!owner) throw new NotFound('user');
    return [owner];
  }
  if (q.roleId) {
    const role = await getRole(auth.tenantId, q.roleId);
    const mayView =
      role && (seesAll(auth) || role.path === auth.rolePath || isAbove(auth.rolePath, role.path));
    if (!role || !mayView) throw new NotFound('role');
    return owners.filter((o) => o.rolePath && (o.rolePath === role.path || isAbove(role.path, o.rolePath)));
  }
  return owners;
}

async function zoneOf(tenantId: string) {
  return (await getSettings(tenantId)).timezone;
}

/** The asked range, or the current month in the tenant's time zone. */
function rangeOf(q: { from?: string | undefined; to?: string | undefined }, zone: string) {
  const today = localDate(now().toISOString(), zone);
  const from = q.from ?? `${(q.to ?? today).slice(0, 7)}-01`;
  // Up to today; a range that starts in the future is that one day.
  const [, to] = [from, today].sort();
  return { from, to: q.to ?? (to as string) };
}

/** A chart has at most this many points per series; a longer range needs a coarser interval. */
const MAX_PERIODS = 400;

function periodsOf(range: { from: string; to: string }, interval: Interval) {
  const periods = periodsBetween(range.from, range.to, interval);
  if (periods.length > MAX_PERIODS)
    throw new BadRequest(`At most ${MAX_PERIODS} periods: choose a shorter range or a longer interval.`, [
      { path: 'query.from', code: 'range_too_long', message: `Spans ${periods.length} ${interval}s` },
    ]);
  return periods;
}

/** Month-based periods cover whole months. */
function widen(range: { from: string; to: string }, interval: Interval) {
  if (interval === 'day' || interval === 'week') return range;
  const last = targetPeriodRange(range.to.slice(0, 7)).to;
  return { from: `${range.from.slice(0, 7)}-01`, to: last };
}

type Totals = Map<string, Record<string, number>>;

/** Each owner's metrics summed over exactly `from`..`to`. */
async function totalsOver(
  tenantId: string,
  owners: Owner[],
  range: { from: string; to: string },
): Promise<Totals> {
  const series = await repo.getSeries(
    tenantId,
    owners.map((o) => o.id),
    bucketRanges(range.from, range.to),
  );
  const totals: Totals = new Map();
  for (const [owner, buckets] of series) {
    const sum: Record<string, number> = {};
    for (const { metrics } of buckets)
      for (const [metric, n] of Object.entries(metrics)) sum[metric] = (sum[metric] ?? 0) + n;
    totals.set(owner, sum);
  }
  return totals;
}

/** Each owner's metrics per period of `interval`. */
async function perPeriod(
  tenantId: string,
  owners: Owner[],
  range: { from: string; to: string },
  interval: Interval,
): Promise<Map<string, Map<string, Record<string, number>>>> {
  const series = await repo.getSeries(
    tenantId,
    owners.map((o) => o.id),
    bucketRanges(range.from, range.to, interval),
  );
  const out = new Map<string, Map<string, Record<string, number>>>();
  for (const [owner, buckets] of series) {
    const periods = new Map<string, Record<string, number>>();
    for (const { bucket, metrics } of buckets) {
      const period = bucketPeriod(bucket, interval);
      const sum = periods.get(period) ?? {};
      for (const [metric, n] of Object.entries(metrics)) sum[metric] = (sum[metric] ?? 0) + n;
      periods.set(period, sum);
    }
    out.set(owner, periods);
  }
  return out;
}

const metricOf: Record<RankingMetric, TimeMetric> = {
  newCustomers: 'created',
  wonCustomers: 'won',
  followups: 'followups',
  contracts: 'contracts',
  contractFen: 'contractFen',
  receivedFen: 'receivedFen',
};
const get = (metrics: Record<string, number> | undefined, metric: string) => metrics?.[metric] ?? 0;

// ---- reports --------------------------------------------------------------------------------------

/** 客户分布分析: customers by a dictionary dimension or by owner, for a pie chart. */
export async function distribution(auth: Auth, q: DistributionQuery) {
  const owners = await ownersInScope(auth, q);
  return distributionOf(auth.tenantId, owners, q.by, await statesOf(auth.tenantId, owners));
}

type States = Map<string, Record<string, number>>;
const statesOf = (tenantId: string, owners: Owner[]): Promise<States> =>
  repo.getStates(
    tenantId,
    owners.map((o) => o.id),
  );

async function distributionOf(
  tenantId: string,
  owners: Owner[],
  by: DistributionQuery['by'],
  states: States,
) {
  const counts = new Map<string, number>();
  const labels = new Map<string, string>();
  if (by === 'owner') {
    for (const o of owners) {
      counts.set(o.id, get(states.get(o.id), stateMetric.customers));
      labels.set(o.id, o.label);
    }
  } else {
    const prefix = stateMetric.dimension(by, '');
    for (const metrics of states.values())
      for (const [metric, n] of Object.entries(metrics))
        if (metric.startsWith(prefix) && n)
          counts.set(metric.slice(prefix.length), (counts.get(metric.slice(prefix.length)) ?? 0) + n);
    for (const [id, label] of await dictionaryLabels(tenantId, by as DictionaryKind)) labels.set(id, label);
    labels.set(UNSET, UNSET_LABEL);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const items = [...counts]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, label: labels.get(key) ?? key, count, percent: percent(count, total) }));
  return {
    by,
    total,
    series: [{ key: 'count', label: '客户数', data: items.map((i) => i.count) }],
    items,
  };
}

/** 客户发展趋势: new customers per rep per day, week or month, for a line chart. */
export async function trend(auth: Auth, q: TrendQuery) {
  const [owners, zone] = await Promise.all([ownersInScope(auth, q), zoneOf(auth.tenantId)]);
  const range = widen(rangeOf(q, zone), q.interval);
  const periods = periodsOf(range, q.interval);
  const data = await perPeriod(auth.tenantId, owners, range, q.interval);
  const series = owners.map((o) => ({
    key: o.id,
    label: o.label,
    data: periods.map((p) => get(data.get(o.id)?.get(p), 'created')),
  }));
  return {
    ...range,
    interval: q.interval,
    periods,
    series,
    items: series.map((s) => ({ key: s.key, label: s.label, count: s.data.reduce((a, b) => a + b, 0) })),
  };
}

/** 客户跟进分析: follow-ups written and the share of owned customers followed, per rep. */
export async function followUps(auth: Auth, q: RangeQuery) {
  const [owners, zone] = await Promise.all([ownersInScope(auth, q), zoneOf(auth.tenantId)]);
  const range = rangeOf(q, zone);
  const [totals, states] = await Promise.all([
    totalsOver(auth.tenantId, owners, range),
    statesOf(auth.tenantId, owners),
  ]);
  return followUpsOf(owners, range, totals, states);
}

function followUpsOf(owners: Owner[], range: { from: string; to: string }, totals: Totals, states: States) {
  const items = owners.map((o) => {
    const owned = get(states.get(o.id), stateMetric.customers);
    const followed = get(totals.get(o.id), 'followed');
    return {
      key: o.id,
      label: o.label,
      count: get(totals.get(o.id), 'followups'),
      customersFollowed: followed,
      customersOwned: owned,
      coverage: percent(followed, owned),
    };
  });
  return {
    ...range,
    series: [
      { key: 'count', label: '跟进次数', data: items.map((i) => i.count) },
      { key: 'coverage', label: '跟进覆盖率', data: items.map((i) => i.coverage) },
    ],
    items,
  };
}

/** 工作成果分析 / 员工业绩: new and won customers, follow-ups, contracts and money received, per rep. */
export async function results(auth: Auth, q: RangeQuery) {
  const [owners, zone] = await Promise.all([ownersInScope(auth, q), zoneOf(auth.tenantId)]);
  const range = rangeOf(q, zone);
  const totals = await totalsOver(auth.tenantId, owners, range);
  const items = owners.map((o) => {
    const t = totals.get(o.id);
    return {
      key: o.id,
      label: o.label,
      count: get(t, 'created'),
      newCustomers: get(t, 'created'),
      wonCustomers: get(t, 'won'),
      followups: get(t, 'followups'),
      contracts: get(t, 'contracts'),
      contractFen: get(t, 'contractFen'),
      receivedFen: get(t, 'receivedFen'),
    };
  });
  const column = (key: keyof (typeof items)[number], label: string) => ({
    key,
    label,
    data: items.map((i) => i[key] as number),
  });
  return {
    ...range,
    series: [
      column('newCustomers', '新增客户'),
      column('wonCustomers', '成交客户'),
      column('contractFen', '合同金额'),
      column('receivedFen', '回款金额'),
    ],
    items,
  };
}

/** 销售漏斗: opportunities per stage with amounts and amounts weighted by today's win probability. */
export async function funnel(auth: Auth, q: FunnelQuery) {
  const owners = await ownersInScope(auth, q);
  const [states, { stages }] = await Promise.all([statesOf(auth.tenantId, owners), getStages(auth.tenantId)]);
  return funnelOf(stages, states);
}

function funnelOf(stages: Stage[], states: States) {
  const sums = new Map<string, { count: number; amountFen: number }>();
  for (const metrics of states.values())
    for (const [metric, n] of Object.entries(metrics)) {
      const match = /^stage:(.+):(n|fen)$/.exec(metric);
      if (!match) continue;
      const stage = sums.get(match[1] as string) ?? { count: 0, amountFen: 0 };
      if (match[2] === 'n') stage.count += n;
      else stage.amountFen += n;
      sums.set(match[1] as string, stage);
    }
  const known = stages.map((s) => ({ key: s.key, label: s.name, probability: s.probability }));
  // Opportunities may still sit in a stage since removed from the list: shown after the list.
  const retired = [...sums.keys()]
    .filter((key) => !stages.some((s) => s.key === key))
    .map((key) => ({ key, label: key, probability: 0 }));
  const items = [...known, ...retired]
    .map((stage) => {
      const sum = sums.get(stage.key) ?? { count: 0, amountFen: 0 };
      return { ...stage, ...sum, weightedFen: Math.round((sum.amountFen * stage.probability) / 100) };
    })
    .filter((item) => item.count > 0 || known.some((k) => k.key === item.key));
  return {
    series: [
      { key: 'count', label: '商机数', data: items.map((i) => i.count) },
      { key: 'amountFen', label: '商机金额', data: items.map((i) => i.amountFen) },
      { key: 'weightedFen', label: '预测金额', data: items.map((i) => i.weightedFen) },
    ],
    items,
  };
}

/** 合同报表: contract amounts by month, quarter or year, with received and outstanding. */
export async function contracts(auth: Auth, q: ContractsQuery) {
  const [owners, zone] = await Promise.all([ownersInScope(auth, q), zoneOf(auth.tenantId)]);
  const range = widen(rangeOf(q, zone), q.interval);
  const periods = periodsOf(range, q.interval);
  const data = await perPeriod(auth.tenantId, owners, range, q.interval);
  const sumOf = (period: string, metric: TimeMetric) =>
    owners.reduce((total, o) => total + get(data.get(o.id)?.get(period), metric), 0);
  const items = periods.map((period) => ({
    key: period,
    label: period,
    count: sumOf(period, 'contracts'),
    contractFen: sumOf(period, 'contractFen'),
    contractReceivedFen: sumOf(period, 'contractReceivedFen'),
    outstandingFen: sumOf(period, 'outstandingFen'),
    receivedFen: sumOf(period, 'receivedFen'),
  }));
  return {
    ...range,
    interval: q.interval,
    series: [
      { key: 'contractFen', label: '合同金额', data: items.map((i) => i.contractFen) },
      { key: 'receivedFen', label: '回款金额', data: items.map((i) => i.receivedFen) },
      { key: 'outstandingFen', label: '未收款金额', data: items.map((i) => i.outstandingFen) },
    ],
    items,
  };
}

/** 排行榜: reps ordered by one metric over the range (the pool is nobody's rank). */
export async function rankings(auth: Auth, q: RankingsQuery) {
  const [owners, zone] = await Promise.all([ownersInScope(auth, q), zoneOf(auth.tenantId)]);
  const people = owners.filter((o) => o.id !== POOL_OWNER);
  const range = rangeOf(q, zone);
  const totals = await totalsOver(auth.tenantId, people, range);
  const metric = metricOf[q.metric];
  const sorted = people
    .map((o) => ({ key: o.id, label: o.label, count: get(totals.get(o.id), metric) }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh'));
  // Competition ranking: equal values share a rank, the next rank skips (1, 2, 2, 4).
  const items = sorted
    .map((item) => ({ ...item, rank: sorted.findIndex((s) => s.count === item.count) + 1 }))
    .slice(0, q.limit);
  return {
    ...range,
    metric: q.metric,
    series: [{ key: q.metric, label: q.metric, data: items.map((i) => i.count) }],
    items,
  };
}

// ---- targets (业绩目标) ----------------------------------------------------------------------------

const subjectOf = (t: { userId?: string | undefined; roleId?: string | undefined }) =>
  t.userId ? `user:${t.userId}` : `role:${t.roleId}`;

/** Targets of the period within the caller's scope, each with what has been achieved and the completion. */
export async function targets(auth: Auth, q: TargetsQuery) {
  const range = targetPeriodRange(q.period);
  const [owners, stored] = await Promise.all([visibleOwners(auth), repo.getTargets(auth.tenantId, q.period)]);
  const roleIds = stored.filter((t) => t.subject.startsWith('role:')).map((t) => t.subject.slice(5));
  const roles = new Map((await getRoles(auth.tenantId, [...new Set(roleIds)])).map((r) => [r.id, r]));
  const people = owners.filter((o) => o.id !== POOL_OWNER);
  const totals = await totalsOver(auth.tenantId, people, range);
  const items = [];
  for (const t of stored) {
    const [type, id] = t.subject.split(':') as ['user' | 'role', string];
    const role = type === 'role' ? roles.get(id) : undefined;
    const members =
      type === 'user'
        ? people.filter((o) => o.id === id)
        : role
          ? people.filter((o) => o.rolePath && (o.rolePath === role.path || isAbove(role.path, o.rolePath)))
          : [];
    const visible =
      type === 'user'
        ? members.length > 0
        : role && (seesAll(auth) || role.path === auth.rolePath || isAbove(auth.rolePath, role.path));
    if (!visible) continue;
    const actual = members.reduce(
      (sum, o) => sum + get(totals.get(o.id), metricOf[t.metric as RankingMetric]),
      0,
    );
    items.push({
      key: `${t.subject}:${t.metric}`,
      label: type === 'user' ? (members[0]?.label ?? id) : (role?.name ?? id),
      subjectType: type,
      subjectId: id,
      metric: t.metric,
      count: actual,
      target: t.value,
      completion: percent(actual, t.value),
    });
  }
  items.sort((a, b) => a.label.localeCompare(b.label, 'zh') || a.metric.localeCompare(b.metric));
  return {
    period: q.period,
    ...range,
    series: [
      { key: 'target', label: '目标', data: items.map((i) => i.target) },
      { key: 'count', label: '完成', data: items.map((i) => i.count) },
    ],
    items,
  };
}

/**
 * Sets targets for users and roles below the caller (or anyone, with analytics.viewAll): a manager
 * sets the team's targets, not their own.
 */
export async function putTargets(auth: Auth, body: PutTargetsBody) {
  const owners = await visibleOwners(auth);
  const roleIds = body.targets.flatMap((t) => (t.roleId ? [t.roleId] : []));
  const roles = new Map((await getRoles(auth.tenantId, [...new Set(roleIds)])).map((r) => [r.id, r]));
  for (const t of body.targets) {
    if (t.userId) {
      const owner = owners.find((o) => o.id === t.userId);
      if (!owner) throw new NotFound('user');
      if (!seesAll(auth) && owner.id === auth.userId)
        throw new Forbidden('Your own targets are set by your superiors.', 'own_target');
    } else {
      const role = roles.get(t.roleId as string);
      if (!role || !(seesAll(auth) || isAbove(auth.rolePath, role.path))) throw new NotFound('role');
    }
  }
  const at = now().toISOString();
  await repo.putTargets(
    auth.tenantId,
    body.targets.map((t) => ({
      period: body.period,
      metric: t.metric,
      subject: subjectOf(t),
      value: t.value,
      updatedAt: at,
      updatedBy: auth.userId,
    })),
  );
  return targets(auth, { period: body.period });
}

// ---- dashboard (首页图表) ---------------------------------------------------------------------------

/** The home charts for this month in the caller's scope: briefing, customers by stage and per rep, follow-ups per rep, funnel. */
export async function dashboard(auth: Auth, q: FunnelQuery) {
  const [owners, zone] = await Promise.all([ownersInScope(auth, q), zoneOf(auth.tenantId)]);
  const range = rangeOf({}, zone);
  const [totals, states, { stages }] = await Promise.all([
    totalsOver(auth.tenantId, owners, range),
    statesOf(auth.tenantId, owners),
    getStages(auth.tenantId),
  ]);
  const [customersByStage, customersPerRep] = await Promise.all([
    distributionOf(auth.tenantId, owners, 'maturity', states),
    distributionOf(auth.tenantId, owners, 'owner', states),
  ]);
  const sumOf = (metric: TimeMetric) => owners.reduce((total, o) => total + get(totals.get(o.id), metric), 0);
  return {
    ...range,
    briefing: {
      newCustomers: sumOf('created'),
      wonCustomers: sumOf('won'),
      followups: sumOf('followups'),
      contracts: sumOf('contracts'),
      contractFen: sumOf('contractFen'),
      receivedFen: sumOf('receivedFen'),
    },
    customersByStage,
    funnel: funnelOf(stages, states),
    customersPerRep,
    followupsPerRep: followUpsOf(owners, range, totals, states),
  };
}
