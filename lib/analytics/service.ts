import { now } from '../clock.ts';
import { type Auth, can } from '../http/auth.ts';
import { BadRequest, Forbidden, NotFound } from '../http/errors.ts';
import {
  getRole,
  getRoles,
  getUser,
  getUsers,
  listUsersBelow,
  listUsersInSubtree,
} from '../org/repository.ts';
import { isAbove } from '../org/rules.ts';
import type { User } from '../org/schemas.ts';
import { getProducts, getStages } from '../pipeline/repository.ts';
import type { Stage } from '../pipeline/schemas.ts';
import { dictionaryLabels } from '../settings/dictionaries.ts';
import { getSettings } from '../settings/repository.ts';
import type { DictionaryKind } from '../settings/schemas.ts';
import { TIERS, type Tier } from '../tiers.ts';
import * as repo from './repository.ts';
import {
  bucketPeriod,
  bucketRanges,
  COMPANY,
  channelMetric,
  DIMENSIONS,
  type Dimension,
  exactRole,
  type Interval,
  localDate,
  moveMetric,
  POOL_OWNER,
  percent,
  periodsBetween,
  productMetric,
  stateMetric,
  subtree,
  type TimeMetric,
  targetPeriodRange,
  UNSET,
} from './rules.ts';
import type {
  ContractsQuery,
  DistributionQuery,
  FunnelQuery,
  ProductsQuery,
  PutTargetsBody,
  RangeQuery,
  RankingMetric,
  RankingsQuery,
  TargetsQuery,
  TiersQuery,
  TrendQuery,
} from './schemas.ts';

/**
 * Reports read only the aggregates (lib/analytics/rules.ts), never the customers: a scope's totals
 * are a few group items (company, a role's subtree) per bucket, whatever the tenant's size; a
 * per-rep report reads one item per rep listed per bucket.
 */

interface Owner {
  id: string;
  label: string;
  rolePath: string | null;
}

const POOL_LABEL = '公海';
const UNSET_LABEL = '未设置';

const seesAll = (auth: Auth) => can(auth, 'analytics.viewAll');
const mayViewRole = (auth: Auth, rolePath: string) =>
  seesAll(auth) || rolePath === auth.rolePath || isAbove(auth.rolePath, rolePath);

/**
 * What a report covers. `plus` minus `minus` are the aggregate keys whose sum is the scope's total
 * (a few items, whatever the tenant's size); `rows` are the people a per-rep report lists.
 */
interface Scope {
  plus: string[];
  minus: string[];
  rows(): Promise<Owner[]>;
}

const asOwner = (u: User): Owner => ({ id: u.id, label: u.name, rolePath: u.rolePath });

/**
 * The caller's own scope (themselves and everyone below; the whole company and the pool with
 * analytics.viewAll), or within it one user (`userId`) or one role's team (`roleId`). Anything
 * outside it is 404, as if it did not exist.
 */
async function scopeOf(
  auth: Auth,
  q: { userId?: string | undefined; roleId?: string | undefined },
): Promise<Scope> {
  if (q.userId) {
    const user = await getUser(auth.tenantId, q.userId);
    const visible =
      user && (seesAll(auth) || user.id === auth.userId || isAbove(auth.rolePath, user.rolePath));
    if (!user || !visible) throw new NotFound('user');
    return { plus: [user.id], minus: [], rows: async () => [asOwner(user)] };
  }
  if (q.roleId && q.roleId !== auth.roleId) {
    const role = await getRole(auth.tenantId, q.roleId);
    if (!role || !mayViewRole(auth, role.path)) throw new NotFound('role');
    return {
      plus: [subtree(role.id)],
      minus: [],
      rows: async () => (await listUsersInSubtree(auth.tenantId, role.path)).map(asOwner),
    };
  }
  if (seesAll(auth) && !q.roleId)
    return {
      plus: [COMPANY],
      minus: [],
      rows: async () => [
        ...(await listUsersInSubtree(auth.tenantId, '/')).map(asOwner),
        { id: POOL_OWNER, label: POOL_LABEL, rolePath: null },
      ],
    };
  if (seesAll(auth))
    return {
      plus: [subtree(auth.roleId)],
      minus: [],
      rows: async () => (await listUsersInSubtree(auth.tenantId, auth.rolePath)).map(asOwner),
    };
  // Peers holding the caller's role are not the caller's to see: the team minus that role, plus the caller.
  return {
    plus: [auth.userId, subtree(auth.roleId)],
    minus: [exactRole(auth.roleId)],
    rows: async () => [
      { id: auth.userId, label: auth.userName, rolePath: auth.rolePath },
      ...(await listUsersBelow(auth.tenantId, auth.rolePath)).map(asOwner),
    ],
  };
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

type Metrics = Record<string, number>;
const get = (metrics: Metrics | undefined, metric: string) => metrics?.[metric] ?? 0;
const addInto = (into: Metrics, metrics: Metrics, sign = 1) => {
  for (const [metric, n] of Object.entries(metrics)) into[metric] = (into[metric] ?? 0) + sign * n;
  return into;
};

/** Each key's state (customers by dimension, deals by stage): one BatchGet. */
const statesOf = (tenantId: string, keys: string[]) => repo.getStates(tenantId, keys);

/** The scope's state: plus − minus. */
async function scopeState(tenantId: string, scope: Scope): Promise<Metrics> {
  const states = await statesOf(tenantId, [...scope.plus, ...scope.minus]);
  const total: Metrics = {};
  for (const key of scope.plus) addInto(total, states.get(key) ?? {});
  for (const key of scope.minus) addInto(total, states.get(key) ?? {}, -1);
  return total;
}

/** Each key's metrics per period (or, without an interval, summed over exactly the range). */
async function seriesOf(
  tenantId: string,
  keys: string[],
  range: { from: string; to: string },
  interval?: Interval,
): Promise<Map<string, Map<string, Metrics>>> {
  const series = await repo.getSeries(tenantId, keys, bucketRanges(range.from, range.to, interval));
  const out = new Map<string, Map<string, Metrics>>();
  for (const [key, buckets] of series) {
    const periods = new Map<string, Metrics>();
    for (const { bucket, metrics } of buckets) {
      const period = interval ? bucketPeriod(bucket, interval) : 'total';
      periods.set(period, addInto(periods.get(period) ?? {}, metrics));
    }
    out.set(key, periods);
  }
  return out;
}

/** The scope's metrics per period (plus − minus). */
async function scopeSeries(
  tenantId: string,
  scope: Scope,
  range: { from: string; to: string },
  interval?: Interval,
): Promise<Map<string, Metrics>> {
  const series = await seriesOf(tenantId, [...scope.plus, ...scope.minus], range, interval);
  const out = new Map<string, Metrics>();
  for (const [sign, keys] of [
    [1, scope.plus],
    [-1, scope.minus],
  ] as const)
    for (const key of keys)
      for (const [period, metrics] of series.get(key) ?? [])
        out.set(period, addInto(out.get(period) ?? {}, metrics, sign));
  return out;
}

/** Each row's metrics summed over exactly the range. */
async function rowTotals(tenantId: string, rows: Owner[], range: { from: string; to: string }) {
  const series = await seriesOf(
    tenantId,
    rows.map((r) => r.id),
    range,
  );
  return new Map(rows.map((r) => [r.id, series.get(r.id)?.get('total') ?? {}]));
}

const metricOf: Record<RankingMetric, TimeMetric> = {
  newCustomers: 'created',
  wonCustomers: 'won',
  followups: 'followups',
  contracts: 'contracts',
  contractFen: 'contractFen',
  receivedFen: 'receivedFen',
};

// ---- reports --------------------------------------------------------------------------------------

/** 客户分布分析: customers by a dictionary dimension or by owner, for a pie chart. */
export async function distribution(auth: Auth, q: DistributionQuery) {
  const scope = await scopeOf(auth, q);
  if (q.by === 'owner') return customersPerRep(auth.tenantId, await scope.rows());
  return distributionOf(auth.tenantId, q.by, await scopeState(auth.tenantId, scope));
}

function pie(by: string, counts: Map<string, number>, labels: Map<string, string>) {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const items = [...counts]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, label: labels.get(key) ?? key, count, percent: percent(count, total) }));
  return { by, total, series: [{ key: 'count', label: '客户数', data: items.map((i) => i.count) }], items };
}

async function distributionOf(tenantId: string, by: Dimension, state: Metrics) {
  const prefix = stateMetric.dimension(by, '');
  const counts = new Map<string, number>();
  for (const [metric, n] of Object.entries(state))
    if (metric.startsWith(prefix)) counts.set(metric.slice(prefix.length), n);
  const labels = await dictionaryLabels(tenantId, by as DictionaryKind);
  labels.set(UNSET, UNSET_LABEL);
  return pie(by, counts, labels);
}

/** 人员拥有客户量: one state item per person listed. */
async function customersPerRep(tenantId: string, rows: Owner[]) {
  const states = await statesOf(
    tenantId,
    rows.map((r) => r.id),
  );
  return pie(
    'owner',
    new Map(rows.map((r) => [r.id, get(states.get(r.id), stateMetric.customers)])),
    new Map(rows.map((r) => [r.id, r.label])),
  );
}

/** 客户发展趋势: new customers per rep per day, week or month, for a line chart. */
export async function trend(auth: Auth, q: TrendQuery) {
  const [scope, zone] = await Promise.all([scopeOf(auth, q), zoneOf(auth.tenantId)]);
  const range = widen(rangeOf(q, zone), q.interval);
  const periods = periodsOf(range, q.interval);
  const rows = await scope.rows();
  const data = await seriesOf(
    auth.tenantId,
    rows.map((r) => r.id),
    range,
    q.interval,
  );
  const series = rows.map((r) => ({
    key: r.id,
    label: r.label,
    data: periods.map((p) => get(data.get(r.id)?.get(p), 'created')),
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
  const [scope, zone] = await Promise.all([scopeOf(auth, q), zoneOf(auth.tenantId)]);
  return followUpsOf(auth.tenantId, await scope.rows(), rangeOf(q, zone));
}

async function followUpsOf(tenantId: string, rows: Owner[], range: { from: string; to: string }) {
  const [totals, states] = await Promise.all([
    rowTotals(tenantId, rows, range),
    statesOf(
      tenantId,
      rows.map((r) => r.id),
    ),
  ]);
  const items = rows.map((r) => {
    const owned = get(states.get(r.id), stateMetric.customers);
    const followed = get(totals.get(r.id), 'followed');
    return {
      key: r.id,
      label: r.label,
      count: get(totals.get(r.id), 'followups'),
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
  const [scope, zone] = await Promise.all([scopeOf(auth, q), zoneOf(auth.tenantId)]);
  const range = rangeOf(q, zone);
  const rows = await scope.rows();
  const totals = await rowTotals(auth.tenantId, rows, range);
  const items = rows.map((r) => {
    const t = totals.get(r.id);
    return {
      key: r.id,
      label: r.label,
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
  const scope = await scopeOf(auth, q);
  const [state, { stages }] = await Promise.all([scopeState(auth.tenantId, scope), getStages(auth.tenantId)]);
  return funnelOf(stages, state);
}

function funnelOf(stages: Stage[], state: Metrics) {
  const sums = new Map<string, { count: number; amountFen: number }>();
  for (const [metric, n] of Object.entries(state)) {
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
  const [scope, zone] = await Promise.all([scopeOf(auth, q), zoneOf(auth.tenantId)]);
  const range = widen(rangeOf(q, zone), q.interval);
  const periods = periodsOf(range, q.interval);
  const data = await scopeSeries(auth.tenantId, scope, range, q.interval);
  const items = periods.map((period) => {
    const m = data.get(period);
    return {
      key: period,
      label: period,
      count: get(m, 'contracts'),
      contractFen: get(m, 'contractFen'),
      contractReceivedFen: get(m, 'contractReceivedFen'),
      outstandingFen: get(m, 'outstandingFen'),
      receivedFen: get(m, 'receivedFen'),
    };
  });
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
  const [scope, zone] = await Promise.all([scopeOf(auth, q), zoneOf(auth.tenantId)]);
  const people = (await scope.rows()).filter((r) => r.id !== POOL_OWNER);
  const range = rangeOf(q, zone);
  const totals = await rowTotals(auth.tenantId, people, range);
  const metric = metricOf[q.metric];
  const sorted = people
    .map((r) => ({ key: r.id, label: r.label, count: get(totals.get(r.id), metric) }))
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
  const stored = await repo.getTargets(auth.tenantId, q.period);
  const ids = (type: string) => [
    ...new Set(
      stored.filter((t) => t.subject.startsWith(`${type}:`)).map((t) => t.subject.slice(type.length + 1)),
    ),
  ];
  const [users, roles] = await Promise.all([
    getUsers(auth.tenantId, ids('user')),
    getRoles(auth.tenantId, ids('role')),
  ]);
  const visibleUsers = new Map(
    users
      .filter((u) => seesAll(auth) || u.id === auth.userId || isAbove(auth.rolePath, u.rolePath))
      .map((u) => [`user:${u.id}`, { key: u.id, label: u.name }]),
  );
  const visibleRoles = new Map(
    roles
      .filter((r) => mayViewRole(auth, r.path))
      .map((r) => [`role:${r.id}`, { key: subtree(r.id), label: r.name }]),
  );
  const shown = stored.filter((t) => visibleUsers.has(t.subject) || visibleRoles.has(t.subject));
  const subjects = new Map([...visibleUsers, ...visibleRoles]);
  const series = await seriesOf(
    auth.tenantId,
    [...new Set(shown.map((t) => subjects.get(t.subject)?.key as string))],
    range,
  );
  const items = shown.map((t) => {
    const [type, id] = t.subject.split(':') as ['user' | 'role', string];
    const subject = subjects.get(t.subject) as { key: string; label: string };
    const actual = get(series.get(subject.key)?.get('total'), metricOf[t.metric as RankingMetric]);
    return {
      key: `${t.subject}:${t.metric}`,
      label: subject.label,
      subjectType: type,
      subjectId: id,
      metric: t.metric,
      count: actual,
      target: t.value,
      completion: percent(actual, t.value),
    };
  });
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
  const userIds = body.targets.flatMap((t) => (t.userId ? [t.userId] : []));
  const roleIds = body.targets.flatMap((t) => (t.roleId ? [t.roleId] : []));
  const [users, roles] = await Promise.all([
    getUsers(auth.tenantId, [...new Set(userIds)]),
    getRoles(auth.tenantId, [...new Set(roleIds)]),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const roleById = new Map(roles.map((r) => [r.id, r]));
  for (const t of body.targets) {
    if (t.userId) {
      const user = userById.get(t.userId);
      if (!user || !(seesAll(auth) || user.id === auth.userId || isAbove(auth.rolePath, user.rolePath)))
        throw new NotFound('user');
      if (!seesAll(auth) && user.id === auth.userId)
        throw new Forbidden('Your own targets are set by your superiors.', 'own_target');
    } else {
      const role = roleById.get(t.roleId as string);
      if (!role || !mayViewRole(auth, role.path)) throw new NotFound('role');
      if (!seesAll(auth) && role.path === auth.rolePath)
        throw new Forbidden("Your role's targets are set by your superiors.", 'own_target');
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
  const [scope, zone] = await Promise.all([scopeOf(auth, q), zoneOf(auth.tenantId)]);
  const range = rangeOf({}, zone);
  const [month, state, rows, { stages }] = await Promise.all([
    scopeSeries(auth.tenantId, scope, range),
    scopeState(auth.tenantId, scope),
    scope.rows(),
    getStages(auth.tenantId),
  ]);
  const total = month.get('total');
  const [customersByStage, customersPerRepChart, followupsPerRep] = await Promise.all([
    distributionOf(auth.tenantId, 'maturity', state),
    customersPerRep(auth.tenantId, rows),
    followUpsOf(auth.tenantId, rows, range),
  ]);
  return {
    ...range,
    briefing: {
      newCustomers: get(total, 'created'),
      wonCustomers: get(total, 'won'),
      followups: get(total, 'followups'),
      contracts: get(total, 'contracts'),
      contractFen: get(total, 'contractFen'),
      receivedFen: get(total, 'receivedFen'),
    },
    customersByStage,
    funnel: funnelOf(stages, state),
    customersPerRep: customersPerRepChart,
    followupsPerRep,
  };
}

// ---- customer lifecycle ---------------------------------------------------------------------------

const TIER_LABELS: Record<Tier, string> = {
  potential: '潜在客户',
  new: '新客户',
  repeat: '老客户',
  loyal: '忠诚客户',
  dormant: '沉睡客户',
};

/** The moves a period's metrics hold, most first. */
function movesOf(metrics: Metrics | undefined) {
  const out: Array<{ from: Tier; to: Tier; count: number }> = [];
  for (const from of TIERS)
    for (const to of TIERS) {
      const count = get(metrics, moveMetric(from, to));
      if (count) out.push({ from, to, count });
    }
  return out.sort((a, b) => b.count - a.count);
}

/** 客户分层: customers per tier in the scope now, and who moved between tiers in the range. */
export async function tiers(auth: Auth, q: TiersQuery) {
  const [scope, zone] = await Promise.all([scopeOf(auth, q), zoneOf(auth.tenantId)]);
  const range = rangeOf(q, zone);
  periodsOf(range, q.interval);
  const [state, total, periods] = await Promise.all([
    scopeState(auth.tenantId, scope),
    scopeSeries(auth.tenantId, scope, range),
    scopeSeries(auth.tenantId, scope, range, q.interval),
  ]);
  const counts = TIERS.map((key) => ({ key, count: get(state, stateMetric.tier(key)) }));
  const all = counts.reduce((n, c) => n + c.count, 0);
  return {
    ...range,
    total: all,
    items: counts.map((c) => ({ ...c, label: TIER_LABELS[c.key], percent: percent(c.count, all) })),
    moves: movesOf(total.get('total')),
    periods: [...periods]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([period, metrics]) => ({ period, moves: movesOf(metrics) }))
      .filter((p) => p.moves.length > 0),
  };
}

/**
 * 客户画像 (seed 001 商业智能): the scope's customers by every dimension and by tier, side by side,
 * from one read of the scope's state.
 */
export async function portrait(auth: Auth, q: FunnelQuery) {
  const scope = await scopeOf(auth, q);
  const state = await scopeState(auth.tenantId, scope);
  const dimensions = await Promise.all(DIMENSIONS.map((by) => distributionOf(auth.tenantId, by, state)));
  const tiers = pie(
    'tier',
    new Map(TIERS.map((t) => [t, get(state, stateMetric.tier(t))])),
    new Map(Object.entries(TIER_LABELS)),
  );
  return { total: get(state, stateMetric.customers), distributions: [...dimensions, tiers] };
}

/**
 * 产品分析 (seed 001 商业智能): quantity and amount per product, or per product category, on the
 * contracts signed in the range (a terminated contract leaves the counts), within the scope.
 */
export async function products(auth: Auth, q: ProductsQuery) {
  const [scope, zone] = await Promise.all([scopeOf(auth, q), zoneOf(auth.tenantId)]);
  const range = rangeOf(q, zone);
  const totals = (await scopeSeries(auth.tenantId, scope, range)).get('total') ?? {};
  const perProduct = new Map<string, { quantity: number; amountFen: number }>();
  for (const [metric, n] of Object.entries(totals)) {
    const m = productMetric.parse(metric);
    if (!m || !n) continue;
    const row = perProduct.get(m.productId) ?? { quantity: 0, amountFen: 0 };
    if (m.measure === 'qty') row.quantity += n;
    else row.amountFen += n;
    perProduct.set(m.productId, row);
  }
  const known = await getProducts(auth.tenantId, [...perProduct.keys()]);
  const rows = new Map<string, { label: string; quantity: number; amountFen: number }>();
  const labels =
    q.by === 'category'
      ? await dictionaryLabels(auth.tenantId, 'productCategory')
      : new Map<string, string>();
  for (const [productId, row] of perProduct) {
    const product = known.get(productId);
    const key = q.by === 'product' ? productId : (product?.categoryId ?? UNSET);
    const label =
      q.by === 'product'
        ? (product?.name ?? productId)
        : key === UNSET
          ? UNSET_LABEL
          : (labels.get(key) ?? key);
    const into = rows.get(key) ?? { label, quantity: 0, amountFen: 0 };
    into.quantity += row.quantity;
    into.amountFen += row.amountFen;
    rows.set(key, into);
  }
  const totalFen = [...rows.values()].reduce((n, r) => n + r.amountFen, 0);
  const items = [...rows]
    .map(([key, r]) => ({ key, ...r, percent: percent(r.amountFen, totalFen) }))
    .sort((a, b) => b.amountFen - a.amountFen || a.key.localeCompare(b.key));
  return {
    ...range,
    by: q.by,
    totalFen,
    series: [
      { key: 'amountFen', label: '销售金额', data: items.map((i) => i.amountFen) },
      { key: 'quantity', label: '销售数量', data: items.map((i) => i.quantity) },
    ],
    items,
  };
}

/** The target period a range is exactly (2026-11, 2026-Q4, 2026), if it is one. */
function exactPeriod(range: { from: string; to: string }): string | null {
  const year = range.from.slice(0, 4);
  const month = range.from.slice(0, 7);
  const quarter = `${year}-Q${Math.floor((Number(range.from.slice(5, 7)) - 1) / 3) + 1}`;
  for (const period of [month, quarter, year]) {
    const r = targetPeriodRange(period);
    if (r.from === range.from && r.to === range.to) return period;
  }
  return null;
}

/**
 * 员工业绩 (seed 001 商业智能): per rep, new customers, follow-ups and visits among them, won
 * customers, contract amount and money received in the range, and when the range is a target
 * period, how much of the contract-amount target is done.
 */
export async function performance(auth: Auth, q: RangeQuery) {
  const [scope, zone] = await Promise.all([scopeOf(auth, q), zoneOf(auth.tenantId)]);
  const range = rangeOf(q, zone);
  const period = exactPeriod(range);
  const rows = (await scope.rows()).filter((r) => r.id !== POOL_OWNER);
  const [totals, channels, stored] = await Promise.all([
    rowTotals(auth.tenantId, rows, range),
    dictionaryLabels(auth.tenantId, 'channel'),
    period ? repo.getTargets(auth.tenantId, period) : Promise.resolve([]),
  ]);
  const visitChannels = [...channels].filter(([, label]) => label.includes('拜访')).map(([id]) => id);
  const targetOf = new Map(
    stored.filter((t) => t.metric === 'contractFen').map((t) => [t.subject, t.value] as const),
  );
  const items = rows.map((r) => {
    const t = totals.get(r.id);
    const target = targetOf.get(`user:${r.id}`);
    return {
      key: r.id,
      label: r.label,
      newCustomers: get(t, 'created'),
      followups: get(t, 'followups'),
      visits: visitChannels.reduce((n, id) => n + get(t, channelMetric(id)), 0),
      wonCustomers: get(t, 'won'),
      contractFen: get(t, 'contractFen'),
      receivedFen: get(t, 'receivedFen'),
      targetCompletion: target ? percent(get(t, 'contractFen'), target) : null,
    };
  });
  const column = (
    key: 'newCustomers' | 'followups' | 'visits' | 'contractFen' | 'receivedFen',
    label: string,
  ) => ({
    key,
    label,
    data: items.map((i) => i[key]),
  });
  return {
    ...range,
    period,
    series: [
      column('newCustomers', '新增客户'),
      column('followups', '跟进次数'),
      column('visits', '拜访次数'),
      column('contractFen', '合同金额'),
      column('receivedFen', '回款金额'),
    ],
    items,
  };
}
