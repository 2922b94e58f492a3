import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as createContact } from '#functions/contacts/create-contact.ts';
import { handler as getContact } from '#functions/contacts/get-contact.ts';
import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as createCustomer } from '#functions/customers/create-customer.ts';
import { handler as createNews } from '#functions/customers/create-news.ts';
import { handler as createRelation } from '#functions/customers/create-relation.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as mergeCustomers } from '#functions/customers/merge-customers.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { handler as createFollowUp } from '#functions/followups/create-followup.ts';
import { handler as getPlan } from '#functions/followups/get-plan.ts';
import { handler as createContract } from '#functions/pipeline/create-contract.ts';
import { handler as createOpportunity } from '#functions/pipeline/create-opportunity.ts';
import { handler as createPayment } from '#functions/pipeline/create-payment.ts';
import { handler as createPaymentPlan } from '#functions/pipeline/create-payment-plan.ts';
import { handler as createProduct } from '#functions/pipeline/create-product.ts';
import { handler as getContract } from '#functions/pipeline/get-contract.ts';
import { handler as getOpportunity } from '#functions/pipeline/get-opportunity.ts';
import { setClock } from '#lib/clock.ts';
import { runMergeSweeps } from '#lib/customers/merge.ts';
import { getCollection } from '#lib/customers/repository.ts';
import { db, tableName } from '#lib/db/client.ts';
import { customerKey, mergeSweepKey, mergeSweepSchedule } from '#lib/db/keys.ts';
import * as org from '#lib/org/service.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { create, listAll, ownedCount, setSettings, world } from './world.ts';

/** Tests that arrange many children through the real handlers take long on a busy machine. */
const SLOW = 120_000;

/** The merges of a tenant whose deferred moves are still pending. */
const pendingMerges = async (tenantId: string) => {
  const { pk } = mergeSweepKey(tenantId, '');
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
};

const merge = (as: Caller | null, body: unknown, headers?: Record<string, string>) =>
  invoke('POST /v1/customers/merge', mergeCustomers, { as, body, ...(headers ? { headers } : {}) });
const get = (as: Caller, id: string) => invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } });
const overview = async (as: Caller, id: string) => {
  const res = await invoke('GET /v1/customers/{id}/overview', getOverview, { as, params: { id } });
  if (res.status !== 200) throw new Error(`overview failed: ${res.status} ${res.text}`);
  return res.body;
};

async function ok<T = any>(
  res: Promise<{ status: number; text: string; body: T }>,
  status = 201,
): Promise<T> {
  const answer = await res;
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${answer.text}`);
  return answer.body;
}

/** A customer with one child of every kind, owned by `as`. */
async function withEveryChild(as: Caller, admin: Caller, name: string, related: string, shareWith: string) {
  const c = await create(as, { name, contacts: [{ name: `${name}联系人`, mobile: '13900139000' }] });
  const id = c.id;
  const contact = await ok(
    invoke('POST /v1/customers/{id}/contacts', createContact, {
      as,
      params: { id },
      body: { name: '第二联系人' },
    }),
  );
  await ok(
    invoke('POST /v1/customers/{id}/followups', createFollowUp, {
      as,
      params: { id },
      body: { content: '上门拜访', nextFollowUpAt: '2099-01-01T02:00:00.000Z', nextFollowUpNote: '再访' },
    }),
  );
  await ok(
    invoke('POST /v1/customers/{id}/news', createNews, {
      as,
      params: { id },
      body: { title: `${name}新闻` },
    }),
  );
  await ok(
    invoke('POST /v1/customers/{id}/relations', createRelation, {
      as,
      params: { id },
      body: { relatedId: related, type: 'partner' },
    }),
  );
  await ok(
    invoke('POST /v1/customers/{id}/shares', addShares, {
      as,
      params: { id },
      body: { userIds: [shareWith] },
    }),
    200,
  );
  const opportunity = await ok(
    invoke('POST /v1/opportunities', createOpportunity, {
      as,
      body: { customerId: id, name: `${name}商机`, amountFen: 100_000 },
    }),
  );
  const product = await ok(
    invoke('POST /v1/products', createProduct, {
      as: admin,
      body: {
        name: `${name}产品`,
        code: `P-${Math.random().toString(36).slice(2, 8)}`,
        unit: '套',
        priceFen: 10_000,
      },
    }),
  );
  const contract = await ok(
    invoke('POST /v1/contracts', createContract, {
      as,
      body: { customerId: id, lines: [{ productId: product.id, quantity: 1 }], signedOn: '2026-01-05' },
    }),
  );
  const contractId = (contract.contract ?? contract).id as string;
  const paymentPlan = await ok(
    invoke('POST /v1/contracts/{id}/payment-plans', createPaymentPlan, {
      as,
      params: { id: contractId },
      body: { dueOn: '2026-03-01', amountFen: 5_000 },
    }),
  );
  await ok(
    invoke('POST /v1/payments', createPayment, {
      as,
      body: {
        contractId,
        planId: (paymentPlan.plan ?? paymentPlan).id,
        amountFen: 2_000,
        receivedOn: '2026-02-01',
      },
    }),
  );
  const view = await overview(as, id);
  return { id, view, contactId: contact.id as string, opportunityId: opportunity.id as string, contractId };
}

describe('POST /v1/customers/merge', () => {
  it(
    'moves every child of the sources to the target and deletes the sources',
    async () => {
      const w = await world();
      const third = await create(w.owner, { name: '第三方伙伴' });
      const target = await create(w.owner, { name: '合并目标', phone: '13800138000' });
      const source = await withEveryChild(w.owner, w.admin, '合并来源', third.id, w.shared.userId);
      const other = await create(w.peer, { name: '另一来源' });
      await ok(
        invoke('POST /v1/customers/{id}/news', createNews, {
          as: w.peer,
          params: { id: other.id },
          body: { title: '另一条' },
        }),
      );
      const before = {
        owner: await ownedCount(w.tenantId, w.owner.userId),
        peer: await ownedCount(w.tenantId, w.peer.userId),
      };

      const res = await merge(w.admin, { targetId: target.id, sourceIds: [source.id, other.id] });

      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(`"${res.body.customer.version}"`);
      expect(res.body.mergedIds).toEqual([source.id, other.id]);
      const after = await overview(w.admin, target.id);
      const s = source.view;
      expect(after.contacts.map((c: any) => c.id).sort()).toEqual(s.contacts.map((c: any) => c.id).sort());
      expect(after.contacts.filter((c: any) => c.primary)).toHaveLength(1);
      expect(after.followups.map((f: any) => f.id)).toEqual(s.followups.map((f: any) => f.id));
      expect(after.plans.map((p: any) => p.id)).toEqual(s.plans.map((p: any) => p.id));
      expect(after.news).toHaveLength(2);
      expect(after.relations).toEqual([
        expect.objectContaining({ customerId: target.id, relatedId: third.id }),
      ]);
      expect(after.shares.map((x: any) => x.userId)).toEqual([w.shared.userId]);
      expect(after.opportunities.map((o: any) => o.id)).toEqual([source.opportunityId]);
      expect(after.contracts.map((c: any) => c.id)).toEqual([source.contractId]);
      expect(after.paymentPlans).toHaveLength(1);
      expect(after.payments).toHaveLength(1);
      for (const section of [
        'contacts',
        'followups',
        'plans',
        'news',
        'opportunities',
        'contracts',
        'paymentPlans',
        'payments',
      ])
        for (const child of after[section]) expect(child.customerId).toBe(target.id);
      expect(after.history.map((h: any) => h.action).sort()).toEqual(['create', 'create', 'create', 'merge']);
      expect(after.customer).toMatchObject({
        name: '合并目标',
        phone: '+8613800138000',
        sharedWith: [w.shared.userId],
        won: true,
        nextFollowUpAt: '2099-01-01T02:00:00.000Z',
      });
      expect(res.body.moved).toMatchObject({ contacts: 2, followups: 1, plans: 1, news: 2, relations: 1 });

      // The sources are gone, with their guards, counts and references.
      expect((await get(w.admin, source.id)).status).toBe(404);
      expect((await get(w.admin, other.id)).status).toBe(404);
      expect(await ownedCount(w.tenantId, w.owner.userId)).toBe(before.owner - 1);
      expect(await ownedCount(w.tenantId, w.peer.userId)).toBe(before.peer - 1);
      expect((await overview(w.owner, third.id)).relations).toEqual([
        expect.objectContaining({ relatedId: target.id, relatedName: '合并目标' }),
      ]);
      const contact = await invoke('GET /v1/contacts/{id}', getContact, {
        as: w.owner,
        params: { id: source.contactId },
      });
      const plan = await invoke('GET /v1/plans/{id}', getPlan, {
        as: w.owner,
        params: { id: s.plans[0].id },
      });
      const opportunity = await invoke('GET /v1/opportunities/{id}', getOpportunity, {
        as: w.owner,
        params: { id: source.opportunityId },
      });
      const contract = await invoke('GET /v1/contracts/{id}', getContract, {
        as: w.owner,
        params: { id: source.contractId },
      });
      for (const found of [contact, plan, opportunity, contract]) {
        expect(found.status).toBe(200);
        expect(JSON.stringify(found.body)).toContain(target.id);
        expect(JSON.stringify(found.body)).not.toContain(source.id);
      }
      const again = await invoke('POST /v1/customers', createCustomer, {
        as: w.owner,
        body: { name: '合并来源' },
      });
      expect(again.status).toBe(201);
      expect((await listAll(w.owner, { view: 'mine', q: '另一来源' })).length).toBe(0);
    },
    SLOW,
  );

  it('takes picked values from the sources, keeps the rest of the target and fills its gaps', async () => {
    const w = await world();
    const target = await create(w.owner, { name: '北京甲公司', email: 'a@jia.cn' });
    const source = await create(w.owner, {
      name: '北京甲科技有限公司',
      phone: '13700137000',
      email: 'b@jia.cn',
      website: 'https://jia.cn',
      tags: ['老客户'],
    });

    const res = await merge(w.admin, {
      targetId: target.id,
      sourceIds: [source.id],
      pick: { name: source.id, email: target.id },
    });

    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({
      id: target.id,
      name: '北京甲科技有限公司',
      email: 'a@jia.cn',
      phone: '+8613700137000',
      website: 'https://jia.cn',
      tags: ['老客户'],
      ownerId: w.owner.userId,
    });
    // The name moved with the pick: the target's old name is free, the picked one is taken.
    const oldName = await invoke('POST /v1/customers', createCustomer, {
      as: w.peer,
      body: { name: '北京甲公司' },
    });
    const pickedName = await invoke('POST /v1/customers', createCustomer, {
      as: w.peer,
      body: { name: '北京甲科技' },
    });
    expect(oldName.status).toBe(201);
    expect(pickedName.status).toBe(409);
    expect(pickedName.body.code).toBe('duplicate_name');
  });

  it('merges customers of the same name (where allowed) into one that holds the name once', async () => {
    const w = await world();
    await setSettings(w.tenantId, { allowDuplicateNames: true });
    const target = await create(w.owner, { name: '重名公司' });
    const source = await create(w.peer, { name: '重名公司' });

    const res = await merge(w.admin, { targetId: target.id, sourceIds: [source.id] });
    await setSettings(w.tenantId, { allowDuplicateNames: false });
    const third = await invoke('POST /v1/customers', createCustomer, {
      as: w.owner,
      body: { name: '重名公司' },
    });

    expect(res.status).toBe(200);
    expect(third.status).toBe(409);
  });

  it('needs customers.merge', async () => {
    const w = await world();
    const target = await create(w.owner, { name: '无权目标' });
    const source = await create(w.owner, { name: '无权来源' });

    const res = await merge(w.owner, { targetId: target.id, sourceIds: [source.id] });

    expect(res.status).toBe(403);
    expect((await get(w.owner, source.id)).status).toBe(200);
  });

  it('answers 404 for customers the caller cannot see, and for other tenants’ ids', async () => {
    const w = await world();
    const mergerRole = await org.createRole(w.auth, {
      name: '合并专员',
      parentId: w.roles.manager.id,
      permissions: ['customers.merge'],
    });
    const merger = await w.addUser('合并员', mergerRole);
    const own = await create(merger, { name: '专员自己的' });
    const hidden = await create(w.owner, { name: '看不到的' });
    const foreign = await create(w.outsider, { name: '别家的' });

    const invisible = await merge(merger, { targetId: own.id, sourceIds: [hidden.id] });
    const otherTenant = await merge(w.admin, {
      targetId: (await create(w.owner, { name: '本家的' })).id,
      sourceIds: [foreign.id],
    });

    expect(invisible.status).toBe(404);
    expect(otherTenant.status).toBe(404);
    expect((await get(w.owner, hidden.id)).body.version).toBe(hidden.version);
  });

  it('refuses with 403 a source the caller sees only because it is shared with them', async () => {
    const w = await world();
    const mergerRole = await org.createRole(w.auth, {
      name: '合并专员',
      parentId: w.roles.manager.id,
      permissions: ['customers.merge'],
    });
    const merger = await w.addUser('合并员', mergerRole);
    const own = await create(merger, { name: '专员自己的' });
    const shared = await create(w.owner, { name: '分享来的' });
    await ok(
      invoke('POST /v1/customers/{id}/shares', addShares, {
        as: w.owner,
        params: { id: shared.id },
        body: { userIds: [merger.userId] },
      }),
      200,
    );

    const res = await merge(merger, { targetId: own.id, sourceIds: [shared.id] });
    const after = await get(w.owner, shared.id);

    expect([res.status, res.body.code]).toEqual([403, 'not_owner']);
    expect(after.body).toMatchObject({ state: 'active', ownerId: w.owner.userId });
  });

  it('refuses a pick of more keys than the customer has fields', async () => {
    const w = await world();
    const target = await create(w.admin, { name: '挑选目标' });
    const source = await create(w.admin, { name: '挑选来源' });
    const pick = Object.fromEntries(
      Array.from({ length: 2_000 }, (_, i) => [`customFields.f${i}`, source.id]),
    );

    const res = await merge(w.admin, { targetId: target.id, sourceIds: [source.id], pick });

    expect([res.status, res.body.errors[0].path]).toEqual([400, 'body.pick']);
    expect((await get(w.admin, source.id)).status).toBe(200);
  });

  it('refuses a source in the recycle bin with 409', async () => {
    const w = await world();
    const target = await create(w.owner, { name: '回收目标' });
    const source = await create(w.owner, { name: '回收来源' });
    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: w.owner, params: { id: source.id } });

    const res = await merge(w.admin, { targetId: target.id, sourceIds: [source.id] });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('customer_recycled');
  });

  it.each([
    ['no source', (t: string) => ({ targetId: t, sourceIds: [] }), 'body.sourceIds'],
    ['eleven sources', (t: string) => ({ targetId: t, sourceIds: Array(11).fill(t) }), 'body.sourceIds'],
    [
      'the target as a source',
      (t: string, s: string) => ({ targetId: t, sourceIds: [s, t] }),
      'body.sourceIds.1',
    ],
    ['a source twice', (t: string, s: string) => ({ targetId: t, sourceIds: [s, s] }), 'body.sourceIds'],
    [
      'an unknown field to pick',
      (t: string, s: string) => ({ targetId: t, sourceIds: [s], pick: { owner: s } }),
      'body.pick.owner',
    ],
    [
      'a pick of a customer outside the merge',
      (t: string, s: string) => ({
        targetId: t,
        sourceIds: [s],
        pick: { name: '01J00000000000000000000000' },
      }),
      'body.pick.name',
    ],
    ['an unknown member', (t: string, s: string) => ({ targetId: t, sourceIds: [s], force: true }), 'body'],
  ])('answers 400 for %s and changes nothing', async (_what, body, path) => {
    const w = await world();
    const target = await create(w.owner, { name: '输入目标' });
    const source = await create(w.owner, { name: '输入来源' });

    const res = await merge(w.admin, body(target.id, source.id));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect((await get(w.owner, target.id)).body.version).toBe(target.version);
    expect((await get(w.owner, source.id)).status).toBe(200);
  });

  it(
    'merges a customer with more children than one transaction holds: the rest follow, and nothing is left pending',
    async () => {
      const w = await world();
      const target = await create(w.owner, { name: '大目标' });
      const source = await create(w.owner, { name: '大来源', contacts: [{ name: '来源联系人' }] });
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          ok(
            invoke('POST /v1/customers/{id}/news', createNews, {
              as: w.owner,
              params: { id: source.id },
              body: { title: `新闻${i}` },
            }),
          ),
        ),
      );
      for (let i = 0; i < 12; i++)
        await ok(
          invoke('POST /v1/customers/{id}/followups', createFollowUp, {
            as: w.owner,
            params: { id: source.id },
            body: { content: `第${i}次跟进` },
          }),
        );

      const res = await merge(w.admin, { targetId: target.id, sourceIds: [source.id] });

      expect(res.status).toBe(200);
      expect(res.body.moved).toMatchObject({ news: 50, followups: 12, contacts: 1 });
      const merged = await overview(w.owner, target.id);
      expect(merged.news).toHaveLength(50);
      expect(merged.followups).toHaveLength(12);
      expect(merged.contacts.map((c: { name: string }) => c.name)).toEqual(['来源联系人']);
      expect((await get(w.owner, source.id)).status).toBe(404);
      expect(await getCollection(w.tenantId, source.id, true)).toEqual([]);
      expect(await pendingMerges(w.tenantId)).toEqual([]);
    },
    SLOW,
  );

  it(
    'finishes a merge whose request died before its children followed (merge-sweeps job), once',
    async () => {
      const w = await world();
      const target = await create(w.owner, { name: '续作目标' });
      const source = await create(w.owner, { name: '续作来源' });
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          ok(
            invoke('POST /v1/customers/{id}/news', createNews, {
              as: w.owner,
              params: { id: source.id },
              body: { title: `续作新闻${i}` },
            }),
          ),
        ),
      );
      // What a merge leaves when its request dies right after the commit: the source is gone, its
      // news still under it, and the pending merge recorded.
      const at = '2030-01-01T00:00:00.000Z';
      await db().send(new DeleteCommand({ TableName: tableName(), Key: customerKey(w.tenantId, source.id) }));
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...mergeSweepKey(w.tenantId, 'M1'),
            ...mergeSweepSchedule(w.tenantId, 'M1', at),
            type: 'mergeSweep',
            tenantId: w.tenantId,
            mergeId: 'M1',
            targetId: target.id,
            sourceIds: [source.id],
          },
        }),
      );
      const run = (iso: string) => {
        setClock(new Date(iso));
        return runMergeSweeps({ tenantIds: [w.tenantId] }).finally(() => setClock(undefined));
      };

      expect(await run('2030-01-01T00:04:00.000Z')).toEqual({ finished: 0, failed: 0 });
      expect(await run('2030-01-01T00:06:00.000Z')).toEqual({ finished: 1, failed: 0 });
      expect(await run('2030-01-01T00:07:00.000Z')).toEqual({ finished: 0, failed: 0 });

      expect((await overview(w.owner, target.id)).news).toHaveLength(25);
      expect(await getCollection(w.tenantId, source.id, true)).toEqual([]);
      expect(await pendingMerges(w.tenantId)).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses with 422 merge_too_large, changing nothing, a merge whose contacts alone exceed one transaction',
    async () => {
      const w = await world();
      const target = await create(w.owner, { name: '联系人目标' });
      const sources = await Promise.all(
        [1, 2, 3].map((n) =>
          create(w.owner, {
            name: `联系人来源${n}`,
            contacts: Array.from({ length: 8 }, (_, i) => ({
              name: `联系人${n}-${i}`,
              mobile: `1390013${n}${i}00`,
            })),
          }),
        ),
      );

      const res = await merge(w.admin, { targetId: target.id, sourceIds: sources.map((s) => s.id) });

      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'merge_too_large', limit: 100 });
      for (const s of sources) expect((await overview(w.owner, s.id)).contacts).toHaveLength(8);
      expect(await pendingMerges(w.tenantId)).toEqual([]);
    },
    SLOW,
  );

  it('replays the first answer for a retry with the same Idempotency-Key', async () => {
    const w = await world();
    const target = await create(w.owner, { name: '幂等目标' });
    const source = await create(w.owner, { name: '幂等来源' });
    const body = { targetId: target.id, sourceIds: [source.id] };
    const headers = { 'idempotency-key': 'merge-1' };

    const first = await merge(w.admin, body, headers);
    const retry = await merge(w.admin, body, headers);

    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(
      (await overview(w.admin, target.id)).history.filter((h: any) => h.action === 'merge'),
    ).toHaveLength(1);
  });

  it(
    'has exactly one outcome when an edit of a source races the merge',
    async () => {
      const w = await world();
      for (let round = 0; round < 3; round += 1) {
        const target = await create(w.owner, { name: `竞争目标${round}` });
        const source = await create(w.owner, { name: `竞争来源${round}` });

        const [merged, edited] = await Promise.all([
          merge(w.admin, { targetId: target.id, sourceIds: [source.id] }),
          invoke('PATCH /v1/customers/{id}', updateCustomer, {
            as: w.owner,
            params: { id: source.id },
            headers: { 'if-match': `"${source.version}"` },
            body: { note: '并发编辑' },
          }),
        ]);

        const sourceNow = await get(w.owner, source.id);
        if (merged.status === 200) {
          // The edit came first (the merge read it) or lost; never both applied to a deleted source.
          expect(sourceNow.status).toBe(404);
          if (edited.status === 200) expect((await get(w.owner, target.id)).body.note).toBe('并发编辑');
          else expect([404, 412]).toContain(edited.status);
        } else {
          expect(merged.status).toBe(412);
          expect(edited.status).toBe(200);
          expect(sourceNow.body.note).toBe('并发编辑');
          expect((await get(w.owner, target.id)).body.version).toBe(target.version);
        }
      }
    },
    SLOW,
  );

  it('leaves no child behind when news are added to a source while it is merged', async () => {
    const w = await world();
    const target = await create(w.owner, { name: '收尾目标' });
    const source = await create(w.owner, { name: '收尾来源' });

    const [merged, ...added] = await Promise.all([
      merge(w.admin, { targetId: target.id, sourceIds: [source.id] }),
      ...Array.from({ length: 5 }, (_, i) =>
        invoke('POST /v1/customers/{id}/news', createNews, {
          as: w.owner,
          params: { id: source.id },
          body: { title: `并发新闻${i}` },
        }),
      ),
    ]);

    expect(merged.status).toBe(200);
    const kept = added
      .filter((a) => a.status === 201)
      .map((a) => a.body.id)
      .sort();
    for (const a of added) expect([201, 404]).toContain(a.status);
    expect((await overview(w.owner, target.id)).news.map((n: { id: string }) => n.id).sort()).toEqual(kept);
    expect(await getCollection(w.tenantId, source.id, true)).toEqual([]);
  });

  it('lets exactly one of two concurrent merges of the same source win', async () => {
    const w = await world();
    const a = await create(w.owner, { name: '争夺目标甲' });
    const b = await create(w.owner, { name: '争夺目标乙' });
    const source = await create(w.owner, { name: '被争夺的来源' });
    const before = await ownedCount(w.tenantId, w.owner.userId);

    const results = await Promise.all([
      merge(w.admin, { targetId: a.id, sourceIds: [source.id] }),
      merge(w.admin, { targetId: b.id, sourceIds: [source.id] }),
    ]);

    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect([404, 412]).toContain(results.find((r) => r.status !== 200)?.status);
    expect(await ownedCount(w.tenantId, w.owner.userId)).toBe(before - 1);
  });
});
