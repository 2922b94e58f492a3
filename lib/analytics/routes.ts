import type { RouteTable } from '../http/route.ts';
import * as analytics from './schemas.ts';

/** The analytics context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const analyticsRoutes = {
  // ---- analytics (lib/analytics): reports read aggregates the table's stream keeps, never the customers
  'GET /v1/analytics/distribution': {
    summary:
      'Customers by source, region, industry, category, status, maturity, level or owner (客户分布分析, pie chart)',
    tag: 'Analytics',
    handler: 'functions/analytics/get-distribution.ts',
    access: 'read',
    request: { query: analytics.DistributionQuery },
    response: { status: 200, body: analytics.Distribution },
  },
  'GET /v1/analytics/trend': {
    summary: 'New customers per rep per day, week or month (客户发展趋势, line chart)',
    tag: 'Analytics',
    handler: 'functions/analytics/get-trend.ts',
    access: 'read',
    request: { query: analytics.TrendQuery },
    response: { status: 200, body: analytics.Trend },
  },
  'GET /v1/analytics/followups': {
    summary: 'Follow-ups written and coverage of owned customers per rep (客户跟进分析)',
    tag: 'Analytics',
    handler: 'functions/analytics/get-followups.ts',
    access: 'read',
    request: { query: analytics.RangeQuery },
    response: { status: 200, body: analytics.FollowUpWork },
  },
  'GET /v1/analytics/results': {
    summary: 'New and won customers, contracts and money received per rep (工作成果分析, 员工业绩)',
    tag: 'Analytics',
    handler: 'functions/analytics/get-results.ts',
    access: 'read',
    request: { query: analytics.RangeQuery },
    response: { status: 200, body: analytics.Results },
  },
  'GET /v1/analytics/funnel': {
    summary: 'Opportunities per stage with amounts and weighted amounts (销售漏斗)',
    tag: 'Analytics',
    handler: 'functions/analytics/get-funnel.ts',
    access: 'read',
    request: { query: analytics.FunnelQuery },
    response: { status: 200, body: analytics.Funnel },
  },
  'GET /v1/analytics/contracts': {
    summary: 'Contract amounts, received and outstanding by month, quarter or year (合同报表)',
    tag: 'Analytics',
    handler: 'functions/analytics/get-contracts.ts',
    access: 'read',
    request: { query: analytics.ContractsQuery },
    response: { status: 200, body: analytics.ContractPeriods },
  },
  'GET /v1/analytics/rankings': {
    summary: 'Reps ranked by one metric over a range (排行榜)',
    tag: 'Analytics',
    handler: 'functions/analytics/get-rankings.ts',
    access: 'read',
    request: { query: analytics.RankingsQuery },
    response: { status: 200, body: analytics.Rankings },
  },
  'GET /v1/analytics/targets': {
    summary: 'Targets of a period with what has been achieved (业绩目标完成情况)',
    tag: 'Analytics',
    handler: 'functions/analytics/get-targets.ts',
    access: 'read',
    request: { query: analytics.TargetsQuery },
    response: { status: 200, body: analytics.Targets },
  },
  'GET /v1/dashboard': {
    summary:
      "The home charts (仪表盘): this month's briefing, customers by stage and per rep, follow-ups per rep, funnel",
    tag: 'Analytics',
    handler: 'functions/analytics/get-dashboard.ts',
    access: 'read',
    request: { query: analytics.FunnelQuery },
    response: { status: 200, body: analytics.Dashboard },
  },
  'PUT /v1/analytics/targets': {
    summary:
      'Set targets for users and roles below the caller (anyone, with analytics.viewAll); value 0 removes one',
    tag: 'Analytics',
    handler: 'functions/analytics/put-targets.ts',
    access: 'readWrite',
    request: { body: analytics.PutTargetsBody },
    response: { status: 200, body: analytics.Targets },
  },
  'GET /v1/analytics/tiers': {
    summary:
      'Customers per tier (客户分层) now, and the moves between tiers in the range, in total and per period',
    tag: 'Analytics',
    handler: 'functions/analytics/get-tiers.ts',
    access: 'read',
    request: { query: analytics.TiersQuery },
    response: { status: 200, body: analytics.TiersReport },
  },
  'GET /v1/analytics/portrait': {
    summary:
      'The customer portrait (客户画像): customers by source, region, industry, category, status, maturity, level and tier, side by side',
    tag: 'Analytics',
    handler: 'functions/analytics/get-portrait.ts',
    access: 'read',
    request: { query: analytics.FunnelQuery },
    response: { status: 200, body: analytics.Portrait },
  },
  'GET /v1/analytics/products': {
    summary:
      'Product analysis (产品分析): quantity and amount per product or product category on the contracts signed in the range',
    tag: 'Analytics',
    handler: 'functions/analytics/get-products.ts',
    access: 'read',
    request: { query: analytics.ProductsQuery },
    response: { status: 200, body: analytics.ProductsReport },
  },
  'GET /v1/analytics/performance': {
    summary:
      'Employee performance (员工业绩): per rep, new customers, follow-ups, visits, won customers, contract amount, received, target completion',
    tag: 'Analytics',
    handler: 'functions/analytics/get-performance.ts',
    access: 'read',
    request: { query: analytics.RangeQuery },
    response: { status: 200, body: analytics.PerformanceReport },
  },
} as const satisfies RouteTable;
