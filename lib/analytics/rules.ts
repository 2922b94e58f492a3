import { DICTIONARY_FIELDS } from '../customers/schemas.ts';
import { unpacked } from '../db/packed.ts';
import { localDate as zonedDate } from '../local-time.ts';
import { DEFAULT_TIER } from '../tiers.ts';

/**
 * Analytics as a pure function of the source items. Every customer, follow-up, opportunity,
 * contract and payment item contributes a few counters (`contributions`); the stored aggregates
 * are the sum of the contributions of the items that exist now. A stream record therefore applies
 * `contributions(new) − contributions(old)` (`delta`), which makes the order of records across items
 * irrelevant, and a rebuild is the same sum taken over the source items.
 */

/** Pool customers count under this pseudo-owner: only callers who see the whole company see them. */
export const POOL_OWNER = 'pool';

/** Day counters, per owner and local date (also summed into the month, for longer periods). */
export const TIME_METRICS = [
  /** Customers created (新增客户), by creator, while they exist outside the recycle bin. */
  'created',
  /** Customers whose latest deal (成交) falls on the day, by current owner. */
  'won',
  /** Follow-up records written, by author (跟进次数). */
  'followups',
  /** Owned customers whose latest follow-up falls on the day (跟进覆盖). */
  'followed',
  /** Contracts signed (signed or completed), by contract owner, on the signing date. */
  'contracts',
  'contractFen',
  /** What has been received so far on the contracts signed that day, and what is still due. */
  'contractReceivedFen',
  'outstandingFen',
  /** Payments received (回款) on the day, by the contract owner at the time. */
  'receivedFen',
] as const;
export type TimeMetric = (typeof TIME_METRICS)[number];

/** The customer dimensions a distribution can be asked for (each a dictionary), plus `owner`. */
export const DIMENSIONS = Object.values(DICTIONARY_FIELDS);
export type Dimension = (typeof DIMENSIONS)[number];
const DIMENSION_FIELDS = Object.entries(DICTIONARY_FIELDS) as Array<
  [keyof typeof DICTIONARY_FIELDS, Dimension]
>;
/** The value a customer without the field counts under. */
export const UNSET = '-';

/**
 * One counter: `bucket` is `state` (what exists now: customers by dimension, opportunities by
 * stage) or a day `D#yyyy-MM-dd` / month `M#yyyy-MM` of the owner's time series.
 */
export interface Counter {
  owner: string;
  bucket: string;
  metric: string;
  n: number;
}

export const STATE = 'state';
export const dayBucket = (date: string) => `D#${date}`;
export const monthBucket = (date: string) => `M#${date.slice(0, 7)}`;
export const stateMetric = {
  customers: 'customers',
  dimension: (dimension: Dimension, value: string | null | undefined) => `${dimension}:${value ?? UNSET}`,
  stageCount: (stage: string) => `stage:${stage}:n`,
  stageFen: (stage: string) => `stage:${stage}:fen`,
  /** Customers per tier (客户分层, lib/tiers.ts). */
  tier: (tier: string) => `tier:${tier}`,
};

/** Follow-up records of one channel (a `channel` dictionary item), per day and month. */
export const channelMetric = (channelId: string) => `channel:${channelId}`;

/** A product's quantity and amount (fen) on signed contracts, per day and month. */
export const productMetric = {
  quantity: (productId: string) => `product:${productId}:qty`,
  amount: (productId: string) => `product:${productId}:fen`,
  /** The product and the measure of a product metric, or undefined for other metrics. */
  parse: (metric: string) => {
    const m = /^product:([^:]+):(qty|fen)$/.exec(metric);
    return m ? { productId: m[1] as string, measure: m[2] as 'qty' | 'fen' } : undefined;
  },
};

/** A day's (and its month's) moves from one tier to another (lib/lifecycle's tierMove items). */
export const moveMetric = (from: string, to: string) => `move:${from}:${to}`;

/** The local date of an instant in the tenant's time zone. */
export const localDate = (instant: string, zone: string) => zonedDate(instant, zone);

type Item = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The whole company's numbers (every owner, the pool included). */
export const COMPANY = '*';
/** The numbers of the users holding exactly this role, and of everyone at or below it. */
export const exactRole = (roleId: string) => `E#${roleId}`;
export const subtree = (roleId: string) => `S#${roleId}`;

/**
 * Where one user's numbers are also added up: the user, their role exactly, every role on their
 * role path as a subtree, and the company. So any scope a report asks for is a handful of items
 * (a manager's team is subtree(role) − exactRole(role) + themselves), whatever the tenant's size.
 * The role path is the one the item carries, so every item adds to the teams it was counted for.
 */
export function groupsOf(owner: string, rolePath: unknown): string[] {
  if (owner === POOL_OWNER) return [POOL_OWNER, COMPANY];
  const roles = typeof rolePath === 'string' ? rolePath.split('/').filter(Boolean) : [];
  const own = roles.at(-1);
  return [owner, ...(own ? [exactRole(own)] : []), ...roles.map(subtree), COMPANY];
}

const inGroups = (groups: string[], bucket: string, metric: string, n: number): Counter[] =>
  n ? groups.map((owner) => ({ owner, bucket, metric, n })) : [];

/** A day counter, and the same amount in its month. */
const onDay = (groups: string[], date: string, metric: TimeMetric, n: number): Counter[] => [
  ...inGroups(groups, dayBucket(date), metric, n),
  ...inGroups(groups, monthBucket(date), metric, n),
];

function customerCounters(c: Item, zone: string): Counter[] {
  const state = str(c.state);
  if (state !== 'active' && state !== 'pool') return [];
  const owner = state === 'active' ? str(c.ownerId) : POOL_OWNER;
  if (!owner) return [];
  const groups = groupsOf(owner, c.ownerRolePath);
  const out: Counter[] = inGroups(groups, STATE, stateMetric.customers, 1);
  for (const [field, dimension] of DIMENSION_FIELDS)
    out.push(...inGroups(groups, STATE, stateMetric.dimension(dimension, str(c[field])), 1));
  out.push(...inGroups(groups, STATE, stateMetric.tier(str(c.tier) ?? DEFAULT_TIER), 1));
  const createdBy = str(c.createdBy);
  const createdAt = str(c.createdAt);
  if (createdBy && createdAt)
    out.push(...onDay(groupsOf(createdBy, c.createdByRolePath), localDate(createdAt, zone), 'created', 1));
  if (state === 'active') {
    const dealAt = str(c.lastDealAt);
    if (c.won === true && dealAt) out.push(...onDay(groups, localDate(dealAt, zone), 'won', 1));
    const followedAt = str(c.lastFollowUpAt);
    if (followedAt) out.push(...onDay(groups, localDate(followedAt, zone), 'followed', 1));
  }
  return out;
}

function followUpCounters(f: Item, zone: string): Counter[] {
  const author = str(f.authorId);
  const at = str(f.occurredAt);
  if (!author || !at) return [];
  const groups = groupsOf(author, f.authorRolePath);
  const date = localDate(at, zone);
  const channel = str(f.channel);
  // Per channel too: the performance report counts visits (拜访) among them.
  return [
    ...onDay(groups, date, 'followups', 1),
    ...(channel ? inDayAndMonth(groups, date, channelMetric(channel), 1) : []),
  ];
}

function opportunityCounters(o: Item): Counter[] {
  const owner = str(o.ownerId);
  const stage = str(o.stage);
  if (!owner || !stage) return [];
  const groups = groupsOf(owner, o.ownerRolePath);
  return [
    ...inGroups(groups, STATE, stateMetric.stageCount(stage), 1),
    ...inGroups(groups, STATE, stateMetric.stageFen(stage), num(o.amountFen)),
  ];
}

/**
 * Drafts are not deals yet, and a terminated contract no longer counts as one; nor does a contract
 * waiting for its approval (`pending_approval`) or refused (`rejected`): it counts once signed.
 */
const COUNTED_CONTRACTS = new Set(['signed', 'completed']);

function contractCounters(c: Item): Counter[] {
  const owner = str(c.ownerId);
  const signedOn = str(c.signedOn);
  if (!owner || !signedOn || !COUNTED_CONTRACTS.has(str(c.status) ?? '')) return [];
  const groups = groupsOf(owner, c.ownerRolePath);
  // 产品分析 (seed 001): quantity and amount of each product on the day the contract was signed.
  const lines = Array.isArray(c.lines) ? (c.lines as Item[]) : [];
  const perProduct: Counter[] = lines.flatMap((line) => {
    const product = str(line.productId);
    if (!product) return [];
    return [
      ...inDayAndMonth(groups, signedOn, productMetric.quantity(product), num(line.quantity)),
      ...inDayAndMonth(groups, signedOn, productMetric.amount(product), num(line.amountFen)),
    ];
  });
  return [
    ...perProduct,
    ...onDay(groups, signedOn, 'contracts', 1),
    ...onDay(groups, signedOn, 'contractFen', num(c.totalFen)),
    ...onDay(groups, signedOn, 'contractReceivedFen', num(c.receivedFen)),
    ...onDay(groups, signedOn, 'outstandingFen', num(c.outstandingFen)),
  ];
}

/** A counter of a metric outside TIME_METRICS (per product, per tier move) on a day and its month. */
const inDayAndMonth = (groups: string[], date: string, metric: string, n: number): Counter[] => [
  ...inGroups(groups, dayBucket(date), metric, n),
  ...inGroups(groups, monthBucket(date), metric, n),
];

/** A customer's move between tiers, for the owner's teams at the time (the pool's when in a pool). */
function tierMoveCounters(m: Item, zone: string): Counter[] {
  const owner = str(m.state) === 'pool' ? POOL_OWNER : str(m.ownerId);
  const [from, to, at] = [str(m.from), str(m.to), str(m.at)];
  if (!owner || !from || !to || !at) return [];
  const groups = groupsOf(owner, m.ownerRolePath);
  return inDayAndMonth(groups, localDate(at, zone), moveMetric(from, to), 1);
}

function paymentCounters(p: Item): Counter[] {
  const owner = str(p.ownerId) ?? str(p.createdBy);
  const on = str(p.receivedOn);
  return owner && on ? onDay(groupsOf(owner, p.ownerRolePath), on, 'receivedFen', num(p.amountFen)) : [];
}

/** The item types that contribute, and how. Other items contribute nothing. */
const BY_TYPE: Record<string, (item: Item, zone: string) => Counter[]> = {
  customer: customerCounters,
  followup: followUpCounters,
  opportunity: opportunityCounters,
  contract: contractCounters,
  payment: paymentCounters,
  tierMove: tierMoveCounters,
};
export const COUNTED_TYPES = Object.keys(BY_TYPE);

/** What an item, as stored (a customer's record packed in it: lib/db/packed.ts), counts for. */
export function contributions(stored: Item | undefined, zone: string): Counter[] {
  if (!stored) return [];
  const of = BY_TYPE[str(stored.type) ?? ''];
  return of ? of(unpacked(stored), zone) : [];
}

const counterKey = (c: Pick<Counter, 'owner' | 'bucket' | 'metric'>) =>
  `${c.owner}\u0000${c.bucket}\u0000${c.metric}`;

/** Adds counters up by owner, bucket and metric, dropping the ones that cancel out. */
export function sum(counters: Iterable<Counter>): Counter[] {
  const totals = new Map<string, Counter>();
  for (const c of counters) {
    const key = counterKey(c);
    const found = totals.get(key);
    if (found) found.n += c.n;
    else totals.set(key, { ...c });
  }
  return [...totals.values()].filter((c) => c.n !== 0);
}

/** What one change of one item does to the aggregates. */
export const delta = (oldImage: Item | undefined, newImage: Item | undefined, zone: string): Counter[] =>
  sum([...contributions(newImage, zone), ...contributions(oldImage, zone).map((c) => ({ ...c, n: -c.n }))]);

/** Counters grouped per stored item (owner × bucket). */
export function byItem(
  counters: Counter[],
): Array<{ owner: string; bucket: string; metrics: Record<string, number> }> {
  const items = new Map<string, { owner: string; bucket: string; metrics: Record<string, number> }>();
  for (const c of counters) {
    const key = `${c.owner}\u0000${c.bucket}`;
    let item = items.get(key);
    if (!item) {
      item = { owner: c.owner, bucket: c.bucket, metrics: {} };
      items.set(key, item);
    }
    item.metrics[c.metric] = (item.metrics[c.metric] ?? 0) + c.n;
  }
  return [...items.values()];
}

// ---- periods ------------------------------------------------------------------------------------

export type Interval = 'day' | 'week' | 'month' | 'quarter' | 'year';

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const lastDayOfMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const nextMonth = (month: string) => addDays(lastDayOfMonth(month), 1).slice(0, 7);
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** The period a local date falls in: a day, the Monday its ISO week starts, a month, quarter or year. */
export function periodOf(date: string, interval: Interval): string {
  switch (interval) {
    case 'day':
      return date;
    case 'week': {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      return addDays(date, -((weekday + 6) % 7));
    }
    case 'month':
      return date.slice(0, 7);
    case 'quarter':
      return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return date.slice(0, 4);
  }
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(from: string, to: string, interval: Interval): string[] {
  const out: string[] = [];
  const fine = interval === 'day' || interval === 'week';
  for (let at = fine ? from : from.slice(0, 7); at <= (fine ? to : to.slice(0, 7)); ) {
    const period = periodOf(fine ? at : `${at}-01`, interval);
    if (out.at(-1) !== period) out.push(period);
    at = fine ? addDays(at, 1) : nextMonth(at);
  }
  return out;
}

/**
 * The stored buckets that add up to exactly `from`..`to`: whole months as month buckets, the
 * partial months at either end as day buckets. Reports by day or week read days only; by month,
 * quarter or year whole months only (the periods are whole months).
 */
export function bucketRanges(from: string, to: string, interval?: Interval): Array<[string, string]> {
  if (interval === 'day' || interval === 'week') return [[dayBucket(from), dayBucket(to)]];
  if (interval) return [[monthBucket(from), monthBucket(to)]];
  const firstFull = from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const lastFull = to === lastDayOfMonth(to.slice(0, 7)) ? to.slice(0, 7) : previousMonth(to.slice(0, 7));
  if (firstFull > lastFull) return [[dayBucket(from), dayBucket(to)]];
  const ranges: Array<[string, string]> = [[monthBucket(`${firstFull}-01`), monthBucket(`${lastFull}-01`)]];
  if (from < `${firstFull}-01`) ranges.unshift([dayBucket(from), dayBucket(addDays(`${firstFull}-01`, -1))]);
  if (to > lastDayOfMonth(lastFull))
    ranges.push([dayBucket(addDays(lastDayOfMonth(lastFull), 1)), dayBucket(to)]);
  return ranges;
}
const previousMonth = (month: string) => addDays(`${month}-01`, -1).slice(0, 7);

/** The period of a stored day or month bucket. */
export const bucketPeriod = (bucket: string, interval: Interval) =>
  periodOf(bucket.startsWith('M#') ? `${bucket.slice(2)}-01` : bucket.slice(2), interval);

/** A target period: `2026`, `2026-Q4` or `2026-11`, as the dates it spans. */
export function targetPeriodRange(period: string): { from: string; to: string } {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    const from = `${quarter[1]}-${String(first).padStart(2, '0')}-01`;
    return { from, to: lastDayOfMonth(`${quarter[1]}-${String(first + 2).padStart(2, '0')}`) };
  }
  if (/^\d{4}-\d{2}$/.test(period)) return { from: `${period}-01`, to: lastDayOfMonth(period) };
  return { from: `${period}-01-01`, to: `${period}-12-31` };
}

/** Share of a whole in percent, one decimal; 0 of 0 is 0. */
export const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);
