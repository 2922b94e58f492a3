import { afterEach, describe, expect, it } from 'vitest';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as listCustomers } from '#functions/customers/list-customers.ts';
import { setClock } from '#lib/clock.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { at, create, dictionaryId, followUp, plan } from './world.ts';

/**
 * A follow-up or a plan is activity on the customer, not an edit of it (lib/customers/rules.ts
 * afterActivity): the customer shows its last and next follow-up and gets a new version, but keeps
 * its `updatedAt` and its place in the lists, newest edit first. A maturity set by the follow-up is
 * an edit of the customer's own data, and moves it like one.
 */

afterEach(() => setClock(undefined));

type Who = Awaited<ReturnType<typeof newTenant>>['admin'];
const read = async (as: Who, id: string) =>
  (await invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } })).body;
const mine = async (as: Who) =>
  (await invoke('GET /v1/customers', listCustomers, { as, query: { view: 'mine' } })).body.items.map(
    (c: { id: string }) => c.id,
  );

/** A tenant with two customers of its administrator, the newer one created an hour after the older. */
async function twoCustomers() {
  const t = await newTenant();
  at('2024-06-03T01:00:00.000Z');
  const older = await create(t.admin);
  at('2024-06-03T02:00:00.000Z');
  const newer = await create(t.admin);
  return { t, older, newer };
}

describe('activity on a customer', () => {
  it('shows a follow-up and a plan on the customer without moving it in the lists', async () => {
    const { t, older, newer } = await twoCustomers();

    at('2024-06-03T03:00:00.000Z');
    expect((await followUp(t.admin, older.id)).status).toBe(201);
    at('2024-06-03T04:00:00.000Z');
    await plan(t.admin, older.id, { dueAt: '2024-06-05T01:00:00.000Z' });

    expect(await read(t.admin, older.id)).toMatchObject({
      lastFollowUpAt: '2024-06-03T03:00:00.000Z',
      nextFollowUpAt: '2024-06-05T01:00:00.000Z',
      updatedAt: '2024-06-03T01:00:00.000Z',
      version: older.version + 2,
    });
    expect(await mine(t.admin)).toEqual([newer.id, older.id]);
  });

  it('moves the customer like an edit when the follow-up sets its maturity', async () => {
    const { t, older, newer } = await twoCustomers();
    const maturity = await dictionaryId(t.tenantId, 'maturity', 1);

    at('2024-06-03T03:00:00.000Z');
    expect((await followUp(t.admin, older.id, { maturityId: maturity })).status).toBe(201);

    expect(await read(t.admin, older.id)).toMatchObject({
      maturityId: maturity,
      updatedAt: '2024-06-03T03:00:00.000Z',
    });
    expect(await mine(t.admin)).toEqual([older.id, newer.id]);
  });
});
