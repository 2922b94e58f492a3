import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getDistribution } from '#functions/analytics/get-distribution.ts';
import { handler as getFunnel } from '#functions/analytics/get-funnel.ts';
import { handler as getResults } from '#functions/analytics/get-results.ts';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as mergeCustomers } from '#functions/customers/merge-customers.ts';
import { handler as restoreCustomer } from '#functions/customers/restore-customer.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as createFollowUp } from '#functions/followups/create-followup.ts';
import { handler as createContract } from '#functions/pipeline/create-contract.ts';
import { handler as createOpportunity } from '#functions/pipeline/create-opportunity.ts';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { handler as createProduct } from '#functions/pipeline/create-product.ts';
import { handler as moveOpportunity } from '#functions/pipeline/move-opportunity.ts';
import { handler as claimCustomer } from '#functions/pool/claim-customer.ts';
import { handler as releaseCustomer } from '#functions/pool/release-customer.ts';
import { project } from '#lib/analytics/projector.ts';
import { rebuildAggregates } from '#lib/analytics/rebuild.ts';
import { localDate, POOL_OWNER } from '#lib/analytics/rules.ts';
import { toRecord } from '#lib/customers/repository.ts';
import { customerCollection, customerLists } from '#lib/db/keys.ts';
import { queryAll } from '#lib/db/query.ts';
import * as org from '#lib/org/service.ts';
import { listAllPools } from '#lib/ownership/pools.ts';
import { listDictionary } from '#lib/settings/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant, type TestUser } from '#tests/support/tenants.ts';
import { expectOk, startProjection } from './world.ts';

type Item = Record<string, any>;
let streams: Awaited<ReturnType<typeof startProjection>>;
beforeAll(async () => {
  streams = await startProjection();
});
afterAll(() => streams.stop());

/** A small deterministic generator, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)],
  };
}

const ZONE = 'Asia/Shanghai';
const WHOLE = { from: '2000-01-01', to: '2099-12-31' };

/** Every customer of the tenant and every item of its collection, read straight from the table. */
async function sourceItems(tenantId: string) {
  const pools = await listAllPools(tenantId);
  const lists = [
    customerLists.company(tenantId),
    customerLists.bin(tenantId),
    ...pools.map((p) => customerLists.pool(tenantId, p.id)),
  ];
  // The list indexes project the packed record: read as the lists read it.
  const customers = (
    await Promise.all(lists.map((l) => queryAll<Item>({ tenantId, index: l.index, pk: l.pk })))
  )
    .flat()
    .map((entry) => toRecord(entry) as unknown as Item);
  const children = (
    await Promise.all(
      customers.map((c) => queryAll<Item>({ tenantId, pk: customerCollection(tenantId, c.id).pk })),
    )
  ).flat();
  return { customers, children };
}

const tally = (keys: Array<string | undefined>) => {
  const out: Record<string, number> = {};
  for (const key of keys) if (key !== undefined) out[key] = (out[key] ?? 0) + 1;
  return out;
};
const addUp = (pairs: Array<[string, number]>) => {
  const out: Record<string, number> = {};
  for (const [key, n] of pairs) out[key] = (out[key] ?? 0) + n;
  return out;
};
const asRecord = (items: Array<{ key: string; [k: string]: any }>, field: string) =>
  Object.fromEntries(items.filter((i) => i[field] !== 0).map((i) => [i.key, i[field]]));

/** What the reports must say, counted the slow way from the source items. */
function bruteForce({ customers, children }: Awaited<ReturnType<typeof sourceItems>>) {
  const live = customers.filter((c) => c.state === 'active' || c.state === 'pool');
  const signed = children.filter(
    (i) => i.type === 'contract' && ['signed', 'completed'].includes(i.status) && i.signedOn,
  );
  return {
    bySource: tally(live.map((c) => c.sourceId ?? '-')),
    byOwner: tally(live.map((c) => (c.state === 'pool' ? POOL_OWNER : c.ownerId))),
    newCustomers: tally(live.map((c) => c.createdBy)),
    wonCustomers: tally(
      live.filter((c) => c.state === 'active' && c.won && c.lastDealAt).map((c) => c.ownerId),
    ),
    followups: tally(children.filter((i) => i.type === 'followup').map((i) => i.authorId)),
    contractFen: addUp(signed.map((c) => [c.ownerId, c.totalFen])),
    receivedFen: addUp(
      children.filter((i) => i.type === 'payment').map((p) => [p.ownerId ?? p.createdBy, p.amountFen]),
    ),
    stages: tally(children.filter((i) => i.type === 'opportunity').map((o) => o.stage)),
  };
}

async function reported(admin: Caller) {
  const bySource = expectOk(
    await invoke('GET /v1/analytics/distribution', getDistribution, { as: admin, query: { by: 'source' } }),
    200,
    'distribution',
  );
  const byOwner = expectOk(
    await invoke('GET /v1/analytics/distribution', getDistribution, { as: admin, query: { by: 'owner' } }),
    200,
    'distribution',
  );
  const results = expectOk(
    await invoke('GET /v1/analytics/results', getResults, { as: admin, query: WHOLE }),
    200,
    'results',
  );
  const funnel = expectOk(await invoke('GET /v1/analytics/funnel', getFunnel, { as: admin }), 200, 'funnel');
  return {
    bySource: asRecord(bySource.items, 'count'),
    byOwner: asRecord(byOwner.items, 'count'),
    newCustomers: asRecord(results.items, 'newCustomers'),
    wonCustomers: asRecord(results.items, 'wonCustomers'),
    followups: asRecord(results.items, 'followups'),
    contractFen: asRecord(results.items, 'contractFen'),
    receivedFen: asRecord(results.items, 'receivedFen'),
    stages: asRecord(funnel.items, 'count'),
  };
}

describe('aggregates kept from the stream', () => {
  it('match a brute-force recount after a random sequence of creates, transfers, merges, deletes, follow-ups and deals, and a rebuild agrees', {
    timeout: 180_000,
  }, async () => {
    const t = await newTenant();
    // A team without analytics.viewAll (组长 > 组员), so the lead's numbers come from role subtrees.
    const lead = await org.createRole(t.auth, {
      name: '组长',
      parentId: t.roles.manager.id,
      permissions: [],
    });
    const member = await org.createRole(t.auth, { name: '组员', parentId: lead.id, permissions: [] });
    const reps: TestUser[] = await Promise.all([
      t.addUser('张三', member),
      t.addUser('李四', member),
      t.addUser('赵组长', lead),
    ]);
    const admin = t.admin;
    const [sources, levels, reasons] = await Promise.all([
      listDictionary(t.tenantId, 'source'),
      listDictionary(t.tenantId, 'level'),
      listDictionary(t.tenantId, 'poolReason'),
    ]);
    const product = expectOk(
      await invoke('POST /v1/products', createProduct, {
        as: admin,
        body: { name: '软件', code: 'SW-1', unit: '套', priceFen: 12_345 },
      }),
      201,
      'product',
    );
    const seed = 20261125;
    const rnd = random(seed);
    const active = new Map<string, TestUser | Caller>();
    const recycled = new Map<string, TestUser | Caller>();
    const pooled = new Set<string>();
    const contracts: Array<{ id: string; owner: Caller; left: number }> = [];
    const opportunities: Array<{ id: string; owner: Caller }> = [];
    const done = new Set<string>();
    const anyActive = () => rnd.pick([...active.entries()]);

    for (let step = 0; step < 70; step += 1) {
      const op = step < 8 ? 0 : rnd.int(10);
      const picked = anyActive();
      if (op <= 1 || !picked) {
        const owner = rnd.pick(reps) as TestUser;
        const body: Record<string, unknown> = { name: `属性测试${seed}-${step}` };
        const source = rnd.pick([...sources, undefined]);
        if (source) body.sourceId = source.id;
        const level = rnd.pick(levels);
        if (level) body.levelId = level.id;
        const made = expectOk(
          await invoke('POST /v1/customers', createCustomer, { as: owner, body }),
          201,
          'create',
        );
        done.add('create');
        active.set(made.id, owner);
        continue;
      }
      const [id, owner] = picked;
      switch (op) {
        case 2: {
          const to = rnd.pick(reps.filter((r) => r.userId !== owner.userId));
          if (!to) break;
          expectOk(
            await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
              as: admin,
              params: { id },
              body: { userId: to.userId },
            }),
            200,
            'transfer',
          );
          done.add('transfer');
          active.set(id, to);
          break;
        }
        case 3: {
          expectOk(
            await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: admin, params: { id } }),
            204,
            'delete',
          );
          done.add('delete');
          active.delete(id);
          recycled.set(id, owner);
          break;
        }
        case 4: {
          const back = rnd.pick([...recycled.entries()]);
          if (!back) break;
          expectOk(
            await invoke('POST /v1/customers/{id}/restore', restoreCustomer, {
              as: admin,
              params: { id: back[0] },
            }),
            200,
            'restore',
          );
          done.add('restore');
          recycled.delete(back[0]);
          active.set(back[0], back[1]);
          break;
        }
        case 5: {
          const other = rnd.pick([...active.keys()].filter((k) => k !== id));
          if (!other) break;
          expectOk(
            await invoke('POST /v1/customers/merge', mergeCustomers, {
              as: admin,
              body: { targetId: id, sourceIds: [other] },
            }),
            200,
            'merge',
          );
          done.add('merge');
          active.delete(other);
          break;
        }
        case 6: {
          const daysAgo = rnd.int(40);
          const occurredAt = new Date(Date.now() - daysAgo * 86_400_000 - 60_000).toISOString();
          expectOk(
            await invoke('POST /v1/customers/{id}/followups', createFollowUp, {
              as: owner,
              params: { id },
              body: { content: '电话沟通', occurredAt },
            }),
            201,
            'follow-up',
          );
          done.add('follow-up');
          break;
        }
        case 7: {
          const opp = rnd.pick(opportunities);
          if (opp && rnd.int(2)) {
            const stage = rnd.pick(['needs', 'proposal', 'negotiation', 'won', 'lost']) as string;
            const moved = await invoke('POST /v1/opportunities/{id}/stage', moveOpportunity, {
              as: admin,
              params: { id: opp.id },
              body: { stage },
            });
            if (moved.status === 200) done.add('stage');
          } else {
            const made = expectOk(
              await invoke('POST /v1/opportunities', createOpportunity, {
                as: owner,
                body: { customerId: id, name: `商机${step}`, amountFen: 1000 * (1 + rnd.int(50)) },
              }),
              201,
              'opportunity',
            );
            done.add('opportunity');
            opportunities.push({ id: made.id, owner });
          }
          break;
        }
        case 8: {
          const open = contracts.filter((c) => c.left > 0);
          const due = rnd.pick(open);
          if (due && rnd.int(2)) {
            const amountFen = 1 + rnd.int(due.left);
            expectOk(
              await invoke('POST /v1/payments', createPayment, {
                as: admin,
                body: { contractId: due.id, amountFen, receivedOn: '2026-11-02' },
              }),
              201,
              'payment',
            );
            done.add('payment');
            due.left -= amountFen;
          } else {
            const signedOn = rnd.pick(['2026-10-15', '2026-11-01', '2026-11-20']) as string;
            const made = expectOk(
              await invoke('POST /v1/contracts', createContract, {
                as: owner,
                body: {
                  customerId: id,
                  lines: [{ productId: product.id, quantity: 1 + rnd.int(3) }],
                  signedOn,
                },
              }),
              201,
              'contract',
            );
            done.add('contract');
            contracts.push({ id: made.id, owner, left: made.totalFen });
          }
          break;
        }
        case 9: {
          const reason = reasons[0];
          if (pooled.size > 0 && rnd.int(2)) {
            const back = rnd.pick([...pooled]) as string;
            const claimer = rnd.pick(reps) as TestUser;
            const res = await invoke('POST /v1/customers/{id}/claim', claimCustomer, {
              as: claimer,
              params: { id: back },
            });
            if (res.status === 200) {
              done.add('claim');
              pooled.delete(back);
              active.set(back, claimer);
            }
          } else if (reason) {
            expectOk(
              await invoke('POST /v1/customers/{id}/release', releaseCustomer, {
                as: admin,
                params: { id },
                body: { reasonId: reason.id },
              }),
              200,
              'release',
            );
            done.add('release');
            active.delete(id);
            pooled.add(id);
          }
          break;
        }
      }
    }
    await streams.caughtUp();
    // The sequence exercised every kind of change (a different seed must keep this true).
    expect([...done].sort()).toEqual(
      [
        'claim',
        'contract',
        'create',
        'delete',
        'follow-up',
        'merge',
        'opportunity',
        'payment',
        'release',
        'restore',
        'stage',
        'transfer',
      ].sort(),
    );

    const sources_ = await sourceItems(t.tenantId);
    const expected = bruteForce(sources_);
    expect(await reported(admin)).toEqual(expected);
    // The lead's team (themselves and the members below; no pool), from the role-subtree aggregates.
    const manager = reps[2] as TestUser;
    const team = sources_.customers.filter((c) => c.state === 'active');
    const teamBySource = expectOk(
      await invoke('GET /v1/analytics/distribution', getDistribution, {
        as: manager,
        query: { by: 'source' },
      }),
      200,
      'distribution',
    );
    expect(asRecord(teamBySource.items, 'count')).toEqual(tally(team.map((c) => c.sourceId ?? '-')));
    expect(Object.values(expected.followups).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    await rebuildAggregates(t.tenantId);
    expect(await reported(admin)).toEqual(expected);
  });

  it('counts a replayed stream record once, alone or within a batch of new ones', async () => {
    const t = await newTenant();
    const [source] = await listDictionary(t.tenantId, 'source');
    const record = (n: number) => {
      const id = `01JREPLAYREPLAYREPLAYREP${String(n).padStart(2, '0')}`;
      const customer = {
        pk: customerCollection(t.tenantId, id).pk,
        sk: 'CUSTOMER',
        type: 'customer',
        id,
        state: 'active',
        ownerId: t.admin.userId,
        createdBy: t.admin.userId,
        createdAt: '2026-11-20T02:00:00.000Z',
        sourceId: source?.id,
      };
      return { eventID: `replay-${t.tenantId}-${n}`, dynamodb: { NewImage: marshall(customer) } };
    };
    expect(await project([record(1)])).toEqual([]);
    expect(await project([record(1), record(1)])).toEqual([]);
    expect(await project([record(2), record(3)])).toEqual([]);
    // A retried batch: some records applied already, one new.
    expect(await project([record(2), record(3), record(4), record(1)])).toEqual([]);

    const res = await invoke('GET /v1/analytics/distribution', getDistribution, {
      as: t.admin,
      query: { by: 'source' },
    });
    expect(res.body.items).toEqual([expect.objectContaining({ key: source?.id, count: 4, percent: 100 })]);
    const results = await invoke('GET /v1/analytics/results', getResults, {
      as: t.admin,
      query: { from: '2026-11-20', to: '2026-11-20' },
    });
    expect(results.status, results.text).toBe(200);
    expect(results.body.items.find((i: any) => i.key === t.admin.userId)).toMatchObject({ newCustomers: 4 });
    expect(localDate('2026-11-20T02:00:00.000Z', ZONE)).toBe('2026-11-20');
  });
});
