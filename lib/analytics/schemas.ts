import * as z from 'zod/mini';
import { Id, LocalDate } from '../schemas.ts';
import { TIERS } from '../tiers.ts';
import { DIMENSIONS } from './rules.ts';

/** Whose numbers: one user, or everyone in a role's subtree; always within what the caller may see. */
const Scope = {
  userId: z.optional(Id),
  roleId: z.optional(Id),
};
/** A date range in the tenant's time zone (inclusive); the current month by default. */
const Range = {
  from: z.optional(LocalDate),
  to: z.optional(LocalDate),
};

interface ScopeAndRange {
  userId?: string | undefined;
  roleId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}
const oneScope = (q: ScopeAndRange) => !(q.userId && q.roleId);
const ONE_SCOPE = { message: 'Give userId or roleId, not both', path: ['roleId'] };
const ordered = (q: ScopeAndRange) => !(q.from && q.to) || q.from <= q.to;
const ORDERED = { message: 'from must not be after to', path: ['to'] };
const ScopeAndRange = z.strictObject({ ...Scope, ...Range });

export const RANKING_METRICS = [
  'newCustomers',
  'wonCustomers',
  'followups',
  'contracts',
  'contractFen',
  'receivedFen',
] as const;
export const RankingMetric = z.enum(RANKING_METRICS);
export type RankingMetric = z.infer<typeof RankingMetric>;

export const DistributionQuery = z
  .strictObject({ ...Scope, by: z.enum([...DIMENSIONS, 'owner']) })
  .check(z.refine(oneScope, ONE_SCOPE));
export type DistributionQuery = z.output<typeof DistributionQuery>;

export const TrendQuery = z
  .extend(ScopeAndRange, { interval: z._default(z.enum(['day', 'week', 'month']), 'day') })
  .check(z.refine(oneScope, ONE_SCOPE), z.refine(ordered, ORDERED));
export type TrendQuery = z.output<typeof TrendQuery>;

export const RangeQuery = ScopeAndRange.check(z.refine(oneScope, ONE_SCOPE), z.refine(ordered, ORDERED));
export type RangeQuery = z.output<typeof RangeQuery>;

export const FunnelQuery = z.strictObject(Scope).check(z.refine(oneScope, ONE_SCOPE));
export type FunnelQuery = z.output<typeof FunnelQuery>;

export const ContractsQuery = z
  .extend(ScopeAndRange, {
    interval: z._default(z.enum(['month', 'quarter', 'year']), 'month'),
  })
  .check(z.refine(oneScope, ONE_SCOPE), z.refine(ordered, ORDERED));
export type ContractsQuery = z.output<typeof ContractsQuery>;

export const RankingsQuery = z
  .extend(ScopeAndRange, {
    metric: RankingMetric,
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 10),
  })
  .check(z.refine(oneScope, ONE_SCOPE), z.refine(ordered, ORDERED));
export type RankingsQuery = z.output<typeof RankingsQuery>;

/** `2026`, `2026-Q4` or `2026-11`. */
export const TargetPeriod = z
  .string()
  .check(
    z.regex(
      /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/,
      'Must be a year (2026), a quarter (2026-Q4) or a month (2026-11)',
    ),
  );
export const TargetsQuery = z.strictObject({ period: TargetPeriod });
export type TargetsQuery = z.output<typeof TargetsQuery>;
export const PutTargetsBody = z
  .strictObject({
    period: TargetPeriod,
    targets: z
      .array(
        z
          .strictObject({
            userId: z.optional(Id),
            roleId: z.optional(Id),
            metric: RankingMetric,
            /** Fen for amounts, a count otherwise; 0 removes the target. */
            value: z.number().check(z.int(), z.gte(0), z.lte(1e15)),
          })
          .check(
            z.refine((t) => Boolean(t.userId) !== Boolean(t.roleId), {
              message: 'Give exactly one of userId and roleId',
              path: ['userId'],
            }),
          ),
      )
      .check(z.minLength(1), z.maxLength(100)),
  })
  .check(
    z.refine(
      (b) => new Set(b.targets.map((t) => `${t.metric}#${t.userId ?? t.roleId}`)).size === b.targets.length,
      { message: 'Each subject and metric may appear once', path: ['targets'] },
    ),
  );
export type PutTargetsBody = z.output<typeof PutTargetsBody>;

// ---- responses: chart-ready, `series` for the chart and `items` for the legend or table -----------

const Series = z.object({ key: z.string(), label: z.string(), data: z.array(z.number()) });
const Meta = { from: z.optional(z.string()), to: z.optional(z.string()) };

export const Distribution = z.object({
  by: z.string(),
  total: z.number().check(z.int()),
  series: z.array(Series),
  items: z.array(
    z.object({ key: z.string(), label: z.string(), count: z.number().check(z.int()), percent: z.number() }),
  ),
});

export const Trend = z.object({
  ...Meta,
  interval: z.string(),
  periods: z.array(z.string()),
  series: z.array(Series),
  items: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().check(z.int()) })),
});

export const FollowUpWork = z.object({
  ...Meta,
  series: z.array(Series),
  items: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      /** Follow-up records written in the range. */
      count: z.number().check(z.int()),
      /** Owned customers whose latest follow-up falls in the range, of all owned now. */
      customersFollowed: z.number().check(z.int()),
      customersOwned: z.number().check(z.int()),
      /** customersFollowed / customersOwned, in percent. */
      coverage: z.number(),
    }),
  ),
});

const ResultsRow = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().check(z.int()),
  newCustomers: z.number().check(z.int()),
  wonCustomers: z.number().check(z.int()),
  followups: z.number().check(z.int()),
  contracts: z.number().check(z.int()),
  contractFen: z.number().check(z.int()),
  receivedFen: z.number().check(z.int()),
});
export const Results = z.object({ ...Meta, series: z.array(Series), items: z.array(ResultsRow) });

export const Funnel = z.object({
  series: z.array(Series),
  items: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      probability: z.number().check(z.int()),
      count: z.number().check(z.int()),
      amountFen: z.number().check(z.int()),
      /** amountFen × the stage's win probability now. */
      weightedFen: z.number().check(z.int()),
    }),
  ),
});

export const ContractPeriods = z.object({
  ...Meta,
  interval: z.string(),
  series: z.array(Series),
  items: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      count: z.number().check(z.int()),
      contractFen: z.number().check(z.int()),
      /** Received so far, and still outstanding, on the contracts signed in the period. */
      contractReceivedFen: z.number().check(z.int()),
      outstandingFen: z.number().check(z.int()),
      /** Payments received in the period, whichever contract they paid. */
      receivedFen: z.number().check(z.int()),
    }),
  ),
});

export const Rankings = z.object({
  ...Meta,
  metric: z.string(),
  series: z.array(Series),
  items: z.array(
    z.object({ key: z.string(), label: z.string(), count: z.number(), rank: z.number().check(z.int()) }),
  ),
});

export const Targets = z.object({
  period: z.string(),
  from: z.string(),
  to: z.string(),
  series: z.array(Series),
  items: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      subjectType: z.enum(['user', 'role']),
      subjectId: z.string(),
      metric: z.string(),
      count: z.number(),
      target: z.number(),
      /** Actual / target in percent. */
      completion: z.number(),
    }),
  ),
});

export const Dashboard = z.object({
  from: z.string(),
  to: z.string(),
  /** 销售简报: this month's numbers within the caller's scope. */
  briefing: z.object({
    newCustomers: z.number().check(z.int()),
    wonCustomers: z.number().check(z.int()),
    followups: z.number().check(z.int()),
    contracts: z.number().check(z.int()),
    contractFen: z.number().check(z.int()),
    receivedFen: z.number().check(z.int()),
  }),
  /** 客户发展状况: customers by maturity (成熟度), the stage a customer relationship is in. */
  customersByStage: Distribution,
  /** Opportunities by sales stage (销售漏斗). */
  funnel: Funnel,
  /** 人员拥有客户量. */
  customersPerRep: Distribution,
  /** 人员跟进工作量, this month. */
  followupsPerRep: FollowUpWork,
});

// ---- customer lifecycle (客户分层, seed 003) ---------------------------------------------------------

export const TiersQuery = z
  .extend(ScopeAndRange, { interval: z._default(z.enum(['day', 'week', 'month']), 'month') })
  .check(z.refine(oneScope, ONE_SCOPE), z.refine(ordered, ORDERED));
export type TiersQuery = z.output<typeof TiersQuery>;

const TierMove = z.object({ from: z.enum(TIERS), to: z.enum(TIERS), count: z.number().check(z.int()) });

/** Customers per tier now, and the moves between tiers in the range, in total and per period. */
export const TiersReport = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().check(z.int()),
  items: z.array(
    z.object({
      key: z.enum(TIERS),
      label: z.string(),
      count: z.number().check(z.int()),
      percent: z.number(),
    }),
  ),
  moves: z.array(TierMove),
  periods: z.array(z.object({ period: z.string(), moves: z.array(TierMove) })),
});

/** The customer portrait (客户画像): every distribution of the scope's customers in one answer. */
export const Portrait = z.object({
  total: z.number().check(z.int()),
  distributions: z.array(Distribution),
});

// ---- 商业智能 (seed 001): product analysis ----------------------------------------------------------

export const ProductsQuery = z
  .extend(ScopeAndRange, { by: z._default(z.enum(['product', 'category']), 'product') })
  .check(z.refine(oneScope, ONE_SCOPE), z.refine(ordered, ORDERED));
export type ProductsQuery = z.output<typeof ProductsQuery>;

/** Quantity and amount per product or product category on the contracts signed in the range. */
export const ProductsReport = z.object({
  from: z.string(),
  to: z.string(),
  by: z.enum(['product', 'category']),
  totalFen: z.number().check(z.int()),
  series: z.array(Series),
  items: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      quantity: z.number(),
      amountFen: z.number().check(z.int()),
      percent: z.number(),
    }),
  ),
});

// ---- 商业智能 (seed 001): employee performance ------------------------------------------------------

export const PerformanceReport = z.object({
  from: z.string(),
  to: z.string(),
  /** The target period the range is exactly (a month, quarter or year), whose targets are compared. */
  period: z.nullable(z.string()),
  series: z.array(Series),
  items: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      newCustomers: z.number(),
      followups: z.number(),
      /** Follow-ups by visit (the channel labelled 拜访). */
      visits: z.number(),
      wonCustomers: z.number(),
      contractFen: z.number(),
      receivedFen: z.number(),
      /** Completion of the rep's contract-amount target of the period, in percent (null: no target). */
      targetCompletion: z.nullable(z.number()),
    }),
  ),
});
