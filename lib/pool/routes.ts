import * as customers from '../customers/schemas.ts';
import type { RouteTable } from '../http/route.ts';
import * as pool from './schemas.ts';

/** The pool context's HTTP routes (data only); lib/routes.ts assembles every context's. */
export const poolRoutes = {
  // ---- public pool (lib/pool) --------------------------------------------------------------------
  'GET /v1/pools': {
    summary: 'The public pools (公海) the caller is a member of; every pool for pool managers',
    tag: 'Public pool',
    handler: 'functions/pool/list-pools.ts',
    access: 'read',
    request: { query: pool.PoolListQuery },
    response: { status: 200, body: pool.PoolPage },
  },
  'POST /v1/pools': {
    summary: 'Create a pool with members (roles include their descendants), limits and reclaim rules',
    tag: 'Public pool',
    handler: 'functions/pool/create-pool.ts',
    access: 'readWrite',
    permission: 'pool.manage',
    request: { body: pool.CreatePoolBody },
    response: { status: 201, body: pool.Pool },
  },
  'GET /v1/pools/{id}': {
    summary: 'A pool the caller is a member of (ETag for PATCH)',
    tag: 'Public pool',
    handler: 'functions/pool/get-pool.ts',
    access: 'read',
    request: { params: pool.PoolParams },
    response: { status: 200, body: pool.Pool },
  },
  'PATCH /v1/pools/{id}': {
    summary:
      'Change a pool; needs If-Match. New reclaim rules are applied to its customers in the background',
    tag: 'Public pool',
    handler: 'functions/pool/update-pool.ts',
    access: 'readWrite',
    permission: 'pool.manage',
    request: { params: pool.PoolParams, body: pool.UpdatePoolBody },
    response: { status: 200, body: pool.Pool },
  },
  'DELETE /v1/pools/{id}': {
    summary: 'Delete an empty pool other than the default one',
    tag: 'Public pool',
    handler: 'functions/pool/delete-pool.ts',
    ifMatch: 'optional',
    access: 'readWrite',
    permission: 'pool.manage',
    request: { params: pool.PoolParams },
    response: { status: 204 },
  },
  'GET /v1/pools/{id}/reclaim-preview': {
    summary: 'The customers the reclaim job would return to this pool by `at` (changes nothing)',
    tag: 'Public pool',
    handler: 'functions/pool/preview-reclaim.ts',
    access: 'read',
    request: { params: pool.PoolParams, query: pool.PreviewQuery },
    response: { status: 200, body: pool.Preview },
  },
  'POST /v1/customers/{id}/release': {
    summary: 'Put a customer into a pool (放入公海) with a poolReason; the default pool unless named',
    tag: 'Public pool',
    handler: 'functions/pool/release-customer.ts',
    access: 'readWrite',
    request: { params: customers.CustomerParams, body: pool.ReleaseBody },
    response: { status: 200, body: customers.Customer },
  },
  'POST /v1/customers/{id}/claim': {
    summary:
      'Claim a pool customer (挑选): 409 already_claimed, quota_exceeded, daily_claim_limit, former_owner_cooldown',
    tag: 'Public pool',
    handler: 'functions/pool/claim-customer.ts',
    access: 'readWrite',
    // An exchange pool (exchangeRequired) needs `releaseId`: 422 exchange_required without it.
    request: { params: customers.CustomerParams, body: pool.ClaimBody },
    response: { status: 200, body: customers.Customer },
  },
  'POST /v1/customers/{id}/assign': {
    summary: 'Assign a pool customer to a member (分配); needs pool.assign or to be the pool admin',
    tag: 'Public pool',
    handler: 'functions/pool/assign-customer.ts',
    access: 'readWrite',
    request: { params: customers.CustomerParams, body: pool.AssignBody },
    response: { status: 200, body: customers.Customer },
  },
  'PUT /v1/customers/{id}/lock': {
    summary: 'Lock a customer against automatic reclaim (within lockedCustomersPerRep: 409 lock_limit)',
    tag: 'Public pool',
    handler: 'functions/pool/lock-customer.ts',
    access: 'readWrite',
    request: { params: customers.CustomerParams },
    response: { status: 200, body: customers.Customer },
  },
  'DELETE /v1/customers/{id}/lock': {
    summary: 'Unlock a customer: it is reclaimed by its pool rules again',
    tag: 'Public pool',
    handler: 'functions/pool/unlock-customer.ts',
    access: 'readWrite',
    request: { params: customers.CustomerParams },
    response: { status: 200, body: customers.Customer },
  },
  'GET /v1/customers/{id}/owner-history': {
    summary: 'Every create, claim, assign, transfer, release, reclaim and merge, newest first',
    tag: 'Public pool',
    handler: 'functions/pool/get-owner-history.ts',
    access: 'read',
    request: { params: customers.CustomerParams, query: pool.OwnerHistoryQuery },
    response: { status: 200, body: pool.OwnerHistoryPage },
  },
} as const satisfies RouteTable;
