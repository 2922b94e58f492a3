import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as createPlan } from '#functions/followups/create-plan.ts';
import { handler as deletePlan } from '#functions/followups/delete-plan.ts';
import { handler as getPlan } from '#functions/followups/get-plan.ts';
import { handler as updatePlan } from '#functions/followups/update-plan.ts';
import { setClock } from '#lib/clock.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import {
  agendaAll,
  at,
  create,
  customerIds,
  followUp,
  plan,
  storedCustomer,
  type World,
  world,
} from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

const patch = (as: Caller, id: string, body: unknown, etag?: string) =>
  invoke('PATCH /v1/plans/{id}', updatePlan, {
    as,
    params: { id },
    body,
    ...(etag ? { headers: { 'if-match': etag } } : {}),
  });
const read = (as: Caller, id: string) => invoke('GET /v1/plans/{id}', getPlan, { as, params: { id } });
const remove = (as: Caller, id: string) =>
  invoke('DELETE /v1/plans/{id}', deletePlan, { as, params: { id } });
const customer = async (id: string) =>
  (await invoke('GET /v1/customers/{id}', getCustomer, { as: w.owner, params: { id } })).body;

const NOW = '2024-05-06T02:00:00.000Z'; // Monday 10:00 in Shanghai
const TONIGHT = '2024-05-06T15:00:00.000Z';
const TOMORROW = '2024-05-07T03:00:00.000Z';

describe('plans', () => {
  it('schedules a plan that becomes the customer’s next follow-up and enters the owner’s lists', async () => {
    at(NOW);
    const c = await create(w.owner);
    const res = await invoke('POST /v1/customers/{id}/plans', createPlan, {
      as: w.owner,
      params: { id: c.id },
      body: { dueAt: '2024-05-06T23:00:00+08:00', note: '确认合同条款' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/plans/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      customerId: c.id,
      ownerId: w.owner.userId,
      dueAt: TONIGHT,
      note: '确认合同条款',
      status: 'open',
      version: 1,
    });
    expect(await customer(c.id)).toMatchObject({ nextFollowUpAt: TONIGHT, nextFollowUpNote: '确认合同条款' });
    expect(customerIds(await agendaAll(w.owner, 'today'))).toContain(c.id);
    const fetched = await read(w.manager, res.body.id);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.etag).toBe('"1"');
  });

  it('moves a plan at the version read, and refuses a stale or missing If-Match', async () => {
    at(NOW);
    const c = await create(w.owner);
    const p = await plan(w.owner, c.id, { dueAt: TONIGHT });
    expect((await patch(w.owner, p.id, { dueAt: TOMORROW })).status).toBe(428);
    const moved = await patch(w.owner, p.id, { dueAt: TOMORROW, note: '改到明天' }, '"1"');
    expect(moved.status).toBe(200);
    expect(moved.headers.etag).toBe('"2"');
    expect(moved.body).toMatchObject({ dueAt: TOMORROW, note: '改到明天', version: 2 });
    expect(await customer(c.id)).toMatchObject({ nextFollowUpAt: TOMORROW, nextFollowUpNote: '改到明天' });
    expect(customerIds(await agendaAll(w.owner, 'today'))).not.toContain(c.id);
    expect(customerIds(await agendaAll(w.owner, 'week'))).toContain(c.id);
    const stale = await patch(w.owner, p.id, { note: 'x' }, '"1"');
    expect(stale.status).toBe(412);
    expect((await read(w.owner, p.id)).body.note).toBe('改到明天');
  });

  it('completes a plan once: it leaves the lists and the next plan takes its place', async () => {
    at(NOW);
    const c = await create(w.owner);
    const first = await plan(w.owner, c.id, { dueAt: TONIGHT, note: '第一次' });
    await plan(w.owner, c.id, { dueAt: TOMORROW, note: '第二次' });
    const done = await patch(w.manager, first.id, { status: 'done' }, '"1"');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', closedBy: w.manager.userId, closedAt: NOW });
    expect(await customer(c.id)).toMatchObject({ nextFollowUpAt: TOMORROW, nextFollowUpNote: '第二次' });
    expect(customerIds(await agendaAll(w.owner, 'today'))).not.toContain(c.id);
    const again = await patch(w.owner, first.id, { status: 'cancelled' }, '"2"');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('plan_closed');
  });

  it('is carried out by a follow-up that names it', async () => {
    at(NOW);
    const c = await create(w.owner);
    const p = await plan(w.owner, c.id, { dueAt: TONIGHT });
    const res = await followUp(w.owner, c.id, { planId: p.id });
    expect(res.status).toBe(201);
    expect(res.body.completedPlanId).toBe(p.id);
    expect((await read(w.owner, p.id)).body).toMatchObject({ status: 'done', version: 2 });
    expect((await customer(c.id)).nextFollowUpAt).toBeNull();
  });

  it('deletes a plan', async () => {
    at(NOW);
    const c = await create(w.owner);
    const p = await plan(w.owner, c.id, { dueAt: TONIGHT });
    expect((await remove(w.owner, p.id)).status).toBe(204);
    expect((await read(w.owner, p.id)).status).toBe(404);
    expect((await customer(c.id)).nextFollowUpAt).toBeNull();
    expect(customerIds(await agendaAll(w.owner, 'today'))).not.toContain(c.id);
    expect((await remove(w.owner, p.id)).status).toBe(404);
  });

  it('answers 404 to a peer and another tenant on every plan route, 403 to a viewer who may not change it', async () => {
    at(NOW);
    const c = await create(w.owner);
    const p = await plan(w.owner, c.id, { dueAt: TONIGHT });
    for (const as of [w.peer, w.outsider]) {
      const created = await invoke('POST /v1/customers/{id}/plans', createPlan, {
        as,
        params: { id: c.id },
        body: { dueAt: TOMORROW, note: 'x' },
      });
      expect(created.status).toBe(404);
      expect((await read(as, p.id)).status).toBe(404);
      expect((await patch(as, p.id, { note: 'x' }, '"1"')).status).toBe(404);
      expect((await remove(as, p.id)).status).toBe(404);
    }
    expect((await read(w.assistant, p.id)).status).toBe(200);
    expect((await patch(w.assistant, p.id, { note: 'x' }, '"1"')).status).toBe(403);
    expect((await read(w.owner, p.id)).body.version).toBe(1);
  });

  it('refuses bad input with nothing written', async () => {
    at(NOW);
    const c = await create(w.owner);
    const post = (body: unknown) =>
      invoke('POST /v1/customers/{id}/plans', createPlan, { as: w.owner, params: { id: c.id }, body });
    const past = await post({ dueAt: '2024-05-06T01:59:59Z', note: '过去' });
    expect(past.status).toBe(400);
    expect(past.body.errors).toContainEqual(
      expect.objectContaining({ path: 'body.dueAt', code: 'not_in_future' }),
    );
    expect((await post({ dueAt: 'tomorrow', note: 'x' })).status).toBe(400);
    expect((await post({ dueAt: TOMORROW })).status).toBe(400);
    expect((await post({ dueAt: TOMORROW, note: 'x', owner: 'me' })).status).toBe(400);
    const p = await plan(w.owner, c.id, { dueAt: TONIGHT });
    expect((await patch(w.owner, p.id, {}, '"1"')).status).toBe(400);
    expect((await patch(w.owner, p.id, { status: 'open' }, '"1"')).status).toBe(400);
    expect((await patch(w.owner, p.id, { dueAt: '2024-05-01T00:00:00Z' }, '"1"')).status).toBe(400);
    expect((await read(w.owner, p.id)).body).toMatchObject({ version: 1, dueAt: TONIGHT });
    expect((await storedCustomer(w.tenantId, c.id)).openPlans).toHaveLength(1);
  });

  it('lets exactly one of many concurrent changes at the same version win', async () => {
    at(NOW);
    const c = await create(w.owner);
    const p = await plan(w.owner, c.id, { dueAt: TONIGHT });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => patch(w.owner, p.id, { note: `版本${i}` }, '"1"')),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(5);
    expect((await read(w.owner, p.id)).body.version).toBe(2);
  });

  it('keeps at most ten open plans per customer under concurrency', async () => {
    at(NOW);
    const c = await create(w.owner);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        invoke('POST /v1/customers/{id}/plans', createPlan, {
          as: w.owner,
          params: { id: c.id },
          body: { dueAt: `2024-05-${String(10 + i).padStart(2, '0')}T02:00:00Z`, note: `计划${i}` },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => r.body.code)).toEqual(['too_many_open_plans', 'too_many_open_plans']);
    expect((await storedCustomer(w.tenantId, c.id)).openPlans).toHaveLength(10);
  });

  it('lets every concurrent writer through or refuses it by the limit, never with a stale 412, under load', async () => {
    at(NOW);
    const customers = await Promise.all(Array.from({ length: 4 }, () => create(w.owner)));

    const results = await Promise.all(
      customers.flatMap((c) =>
        Array.from({ length: 12 }, (_, i) =>
          invoke('POST /v1/customers/{id}/plans', createPlan, {
            as: w.owner,
            params: { id: c.id },
            body: { dueAt: `2024-05-${String(10 + i).padStart(2, '0')}T02:00:00Z`, note: `计划${i}` },
          }),
        ),
      ),
    );

    const outcomes = results.map((r) => (r.status === 201 ? 'created' : r.body.code));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(40);
    expect(outcomes.filter((o) => o !== 'created')).toEqual(Array(8).fill('too_many_open_plans'));
    for (const c of customers) expect((await storedCustomer(w.tenantId, c.id)).openPlans).toHaveLength(10);
  });

  it('follows the customer to its new owner, and leaves every list in the recycle bin', async () => {
    at(NOW);
    const c = await create(w.owner);
    const p = await plan(w.owner, c.id, { dueAt: TONIGHT });
    const moved = await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: w.manager,
      params: { id: c.id },
      body: { userId: w.shared.userId },
    });
    expect(moved.status).toBe(200);
    expect(customerIds(await agendaAll(w.owner, 'today'))).not.toContain(c.id);
    expect(customerIds(await agendaAll(w.shared, 'today'))).toContain(c.id);
    expect((await read(w.shared, p.id)).body.ownerId).toBe(w.shared.userId);

    expect(
      (await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: w.shared, params: { id: c.id } }))
        .status,
    ).toBe(204);
    expect(customerIds(await agendaAll(w.shared, 'today'))).not.toContain(c.id);
    expect(customerIds(await agendaAll(w.shared, 'never'))).not.toContain(c.id);
  });
});
