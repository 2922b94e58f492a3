import type { RouteTable } from '../http/route.ts';
import { IdParams } from '../schemas.ts';
import * as lifecycle from './schemas.ts';

/** The customer lifecycle's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const lifecycleRoutes = {
  'GET /v1/customers/{id}/timeline': {
    summary:
      'Everything that happened to a customer, newest first: field changes (before/after, who), follow-ups, replies, ownership, plans, deals, contracts, payments, contacts',
    tag: 'Customer lifecycle',
    handler: 'functions/lifecycle/get-timeline.ts',
    access: 'read',
    request: { params: IdParams, query: lifecycle.TimelineQuery },
    response: { status: 200, body: lifecycle.TimelinePage },
  },
  'GET /v1/customers/{id}/tier': {
    summary:
      "A customer's tier (客户分层) with its won deals, when it falls dormant, and the tenant's playbook for it",
    tag: 'Customer lifecycle',
    handler: 'functions/lifecycle/get-tier.ts',
    access: 'read',
    request: { params: IdParams },
    response: { status: 200, body: lifecycle.CustomerTier },
  },
} as const satisfies RouteTable;
