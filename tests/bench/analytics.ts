/**
 * The analytics' part of the bench. Nothing to seed: the other seeders' customers, follow-ups and
 * deals reach the aggregates through the runtime's stream reader, which the harness waits for.
 * A scope's totals (company, a team) are a few group items per bucket, so the company-wide
 * reports read the same at both sizes; per-rep reports read one item per rep they list.
 */
import type { BenchEndpoint } from './endpoints.ts';

const year = new Date().toISOString().slice(0, 4);

export const analyticsEndpoints: BenchEndpoint[] = [
  {
    name: 'analytics: distribution by source (company)',
    route: 'GET /v1/analytics/distribution',
    path: () => '/v1/analytics/distribution?by=source',
  },
  {
    name: 'analytics: distribution by level (a rep)',
    route: 'GET /v1/analytics/distribution',
    path: () => '/v1/analytics/distribution?by=level',
    as: 'rep',
  },
  {
    name: 'analytics: funnel (company)',
    route: 'GET /v1/analytics/funnel',
    path: () => '/v1/analytics/funnel',
  },
  {
    name: 'analytics: contracts by month, one year (company)',
    route: 'GET /v1/analytics/contracts',
    path: () => `/v1/analytics/contracts?interval=month&from=${year}-01-01&to=${year}-12-31`,
  },
  {
    name: 'analytics: contracts by quarter, one year (company)',
    route: 'GET /v1/analytics/contracts',
    path: () => `/v1/analytics/contracts?interval=quarter&from=${year}-01-01&to=${year}-12-31`,
  },
  {
    name: 'analytics: new-customer trend by day, this month (a rep)',
    route: 'GET /v1/analytics/trend',
    path: () => '/v1/analytics/trend?interval=day',
    as: 'rep',
  },
  {
    name: 'analytics: follow-up work, this month (a rep)',
    route: 'GET /v1/analytics/followups',
    path: () => '/v1/analytics/followups',
    as: 'rep',
  },
  {
    name: 'analytics: results, this month (a rep)',
    route: 'GET /v1/analytics/results',
    path: () => '/v1/analytics/results',
    as: 'rep',
  },
  {
    name: 'analytics: results of one rep, this year (admin)',
    route: 'GET /v1/analytics/results',
    path: (tenant) =>
      `/v1/analytics/results?userId=${tenant.reps[0]?.userId}&from=${year}-01-01&to=${year}-12-31`,
  },
  {
    name: 'analytics: targets of this year (admin)',
    route: 'GET /v1/analytics/targets',
    path: () => `/v1/analytics/targets?period=${year}`,
  },
  {
    name: 'analytics: dashboard (a rep)',
    route: 'GET /v1/dashboard',
    path: () => '/v1/dashboard',
    as: 'rep',
  },
  {
    name: 'analytics: customers per rep (company: one item per rep)',
    route: 'GET /v1/analytics/distribution',
    path: () => '/v1/analytics/distribution?by=owner',
  },
];
