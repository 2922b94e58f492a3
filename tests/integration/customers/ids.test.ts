import { beforeAll, describe, expect, it } from 'vitest';
import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as clearHot } from '#functions/customers/clear-hot.ts';
import { handler as createNews } from '#functions/customers/create-news.ts';
import { handler as createRelation } from '#functions/customers/create-relation.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as deleteRelation } from '#functions/customers/delete-relation.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as listNews } from '#functions/customers/list-news.ts';
import { handler as removeShare } from '#functions/customers/remove-share.ts';
import { handler as restoreCustomer } from '#functions/customers/restore-customer.ts';
import { handler as setHot } from '#functions/customers/set-hot.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { handler as toPool } from '#functions/recycle-bin/move-to-pool.ts';
import { handler as purgeCustomer } from '#functions/recycle-bin/purge-customer.ts';
import type { RouteKey } from '#lib/routes.ts';
import { type Call, type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create } from './world.ts';

/** Every route that names a customer in its path: a malformed id is 400, another tenant's id is 404. */
type Handler = Parameters<typeof invoke>[1];
const routes: Array<[RouteKey, Handler, (id: string, other: Caller) => Call]> = [
  ['GET /v1/customers/{id}', getCustomer, (id) => ({ params: { id } })],
  [
    'PATCH /v1/customers/{id}',
    updateCustomer,
    (id) => ({ params: { id }, body: { note: 'x' }, headers: { 'if-match': '"1"' } }),
  ],
  ['DELETE /v1/customers/{id}', deleteCustomer, (id) => ({ params: { id } })],
  ['GET /v1/customers/{id}/overview', getOverview, (id) => ({ params: { id } })],
  ['POST /v1/customers/{id}/restore', restoreCustomer, (id) => ({ params: { id } })],
  ['DELETE /v1/recycle-bin/{id}', purgeCustomer, (id) => ({ params: { id } })],
  ['POST /v1/recycle-bin/{id}/to-pool', toPool, (id) => ({ params: { id } })],
  [
    'POST /v1/customers/{id}/transfer',
    transferCustomer,
    (id, other) => ({ params: { id }, body: { userId: other.userId } }),
  ],
  [
    'POST /v1/customers/{id}/shares',
    addShares,
    (id, other) => ({ params: { id }, body: { userIds: [other.userId] } }),
  ],
  [
    'DELETE /v1/customers/{id}/shares/{userId}',
    removeShare,
    (id, other) => ({ params: { id, userId: other.userId } }),
  ],
  ['PUT /v1/customers/{id}/hot', setHot, (id) => ({ params: { id } })],
  ['DELETE /v1/customers/{id}/hot', clearHot, (id) => ({ params: { id } })],
  ['POST /v1/customers/{id}/news', createNews, (id) => ({ params: { id }, body: { title: 't' } })],
  ['GET /v1/customers/{id}/news', listNews, (id) => ({ params: { id } })],
  [
    'POST /v1/customers/{id}/relations',
    createRelation,
    (id) => ({ params: { id }, body: { relatedId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', type: 'partner' } }),
  ],
  [
    'DELETE /v1/customers/{id}/relations/{relatedId}',
    deleteRelation,
    (id) => ({ params: { id, relatedId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } }),
  ],
];

let caller: Caller;
let foreignId: string;
let foreignBinnedId: string;

beforeAll(async () => {
  const t = await newTenant();
  const other = await newTenant();
  caller = t.admin;
  foreignId = (await create(other.admin)).id;
  foreignBinnedId = (await create(other.admin)).id;
  await invoke('DELETE /v1/customers/{id}', deleteCustomer, {
    as: other.admin,
    params: { id: foreignBinnedId },
  });
});

describe('customer ids in paths', () => {
  it.each(routes)('%s answers 400 at params.id for a malformed id', async (key, handler, call) => {
    const res = await invoke(key, handler, { as: caller, ...call('not-an-id', caller) });

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('params.id');
  });

  it.each(routes)('%s answers 404 for an id of another tenant', async (key, handler, call) => {
    const binRoute = key.includes('recycle-bin') || key.endsWith('/restore');
    const id = binRoute ? foreignBinnedId : foreignId;

    const res = await invoke(key, handler, { as: caller, ...call(id, caller) });

    expect(res.status).toBe(404);
  });
});
