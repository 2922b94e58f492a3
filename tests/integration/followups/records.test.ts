import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as createFollowUp } from '#functions/followups/create-followup.ts';
import { handler as listFollowUps } from '#functions/followups/list-followups.ts';
import { handler as getPool } from '#functions/pool/get-pool.ts';
import { handler as updatePool } from '#functions/pool/update-pool.ts';
import { setClock } from '#lib/clock.ts';
import { invoke } from '#tests/support/api.ts';
import { at, create, dictionaryId, followUp, storedCustomer, type World, world } from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});
afterEach(() => setClock(undefined));

const customer = (as: World['owner'], id: string) =>
  invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } });
const records = (as: World['owner'], id: string, query: Record<string, string> = {}) =>
  invoke('GET /v1/customers/{id}/followups', listFollowUps, { as, params: { id }, query });

describe('POST /v1/customers/{id}/followups', () => {
  it('records a follow-up and moves the customer’s last follow-up, maturity and next plan in one write', async () => {
    at('2024-05-06T02:00:00.000Z');
    const c = await create(w.owner);
    const [maturity, channel] = await Promise.all([
      dictionaryId(w.tenantId, 'maturity', 1),
      dictionaryId(w.tenantId, 'channel'),
    ]);

    at('2024-05-06T03:00:00.000Z');
    const res = await followUp(w.owner, c.id, {
      content: '上门拜访，演示了产品',
      channel,
      interests: ['价格', '售后'],
      objections: ['实施周期'],
      maturityId: maturity,
      occurredAt: '2024-05-06T10:30:00+08:00',
      nextFollowUpAt: '2024-05-08T09:00:00+08:00',
      nextFollowUpNote: '发送报价单',
    });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/customers/${c.id}/followups`);
    expect(res.body).toMatchObject({
      customerId: c.id,
      authorId: w.owner.userId,
      channel,
      interests: ['价格', '售后'],
      objections: ['实施周期'],
      maturityBefore: null,
      maturityAfter: maturity,
      occurredAt: '2024-05-06T02:30:00.000Z',
      nextFollowUpAt: '2024-05-08T01:00:00.000Z',
      nextFollowUpNote: '发送报价单',
      replies: [],
    });
    expect(res.body.scheduledPlanId).toEqual(expect.any(String));
    const after = await customer(w.owner, c.id);
    expect(after.body).toMatchObject({
      lastFollowUpAt: '2024-05-06T02:30:00.000Z',
      maturityId: maturity,
      nextFollowUpAt: '2024-05-08T01:00:00.000Z',
      nextFollowUpNote: '发送报价单',
      version: c.version + 1,
    });
    expect(after.headers.etag).toBe(`"${c.version + 1}"`);
  });

  it('defaults occurredAt to now and never moves the last follow-up back', async () => {
    at('2024-05-10T08:00:00.000Z');
    const c = await create(w.owner);
    expect((await followUp(w.owner, c.id)).body.occurredAt).toBe('2024-05-10T08:00:00.000Z');
    const earlier = await followUp(w.owner, c.id, { occurredAt: '2024-05-01T08:00:00.000Z' });
    expect(earlier.status).toBe(201);
    expect((await customer(w.owner, c.id)).body.lastFollowUpAt).toBe('2024-05-10T08:00:00.000Z');
  });

  it('lists a customer’s records by when they happened, newest first, page by page', async () => {
    at('2024-05-10T08:00:00.000Z');
    const c = await create(w.owner);
    for (const day of ['03', '09', '01', '05'])
      await followUp(w.owner, c.id, { occurredAt: `2024-05-${day}T08:00:00.000Z` });
    const first = await records(w.manager, c.id, { limit: '3' });
    expect(first.status).toBe(200);
    const second = await records(w.manager, c.id, { limit: '3', cursor: first.body.nextCursor });
    const days = [...first.body.items, ...second.body.items].map((r: { occurredAt: string }) =>
      r.occurredAt.slice(8, 10),
    );
    expect(days).toEqual(['09', '05', '03', '01']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('moves reclaimAt with the follow-up when the pool reclaims neglected customers', async () => {
    at('2024-06-01T00:00:00.000Z');
    const pool = await invoke('GET /v1/pools/{id}', getPool, { as: w.admin, params: { id: 'default' } });
    const patched = await invoke('PATCH /v1/pools/{id}', updatePool, {
      as: w.admin,
      params: { id: 'default' },
      headers: { 'if-match': pool.headers.etag as string },
      body: { reclaim: { enabled: true, noFollowUpDays: 30 } },
    });
    expect(patched.status).toBe(200);
    const c = await create(w.owner);
    const before = (await customer(w.owner, c.id)).body.reclaimAt as string;
    expect(before).toBe('2024-07-01T00:00:00.000Z');

    at('2024-06-20T00:00:00.000Z');
    expect((await followUp(w.owner, c.id)).status).toBe(201);
    expect((await customer(w.owner, c.id)).body.reclaimAt).toBe('2024-07-20T00:00:00.000Z');
    // The reclaim index entry moved in the same write.
    expect((await storedCustomer(w.tenantId, c.id)).reclaimAt).toBe('2024-07-20T00:00:00.000Z');
  });

  it('lets everyone who may change the customer write (superior, shared user), as themselves', async () => {
    const c = await create(w.owner);
    const res = await followUp(w.manager, c.id);
    expect(res.status).toBe(201);
    expect(res.body.authorId).toBe(w.manager.userId);
  });

  it('answers 404 to a peer and to another tenant, and 403 to a viewer who may not change it', async () => {
    const c = await create(w.owner);
    for (const as of [w.peer, w.outsider, w.intern]) {
      const res = await followUp(as, c.id);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await followUp(w.assistant, c.id)).status).toBe(403);
    expect((await records(w.peer, c.id)).status).toBe(404);
    expect((await records(w.outsider, c.id)).status).toBe(404);
    expect((await storedCustomer(w.tenantId, c.id)).version).toBe(c.version);
  });

  describe('bad input changes nothing', () => {
    const cases: Array<[string, Record<string, unknown>, number, string, string]> = [
      [
        'an occurredAt in the future',
        { occurredAt: '2024-05-06T03:00:01.000Z' },
        400,
        'body.occurredAt',
        'in_future',
      ],
      [
        'a next follow-up in the past',
        { nextFollowUpAt: '2024-05-06T02:59:59.000Z' },
        400,
        'body.nextFollowUpAt',
        'not_in_future',
      ],
      [
        'a date that is not an instant',
        { occurredAt: '2024-05-06' },
        400,
        'body.occurredAt',
        'invalid_format',
      ],
      [
        'an impossible date',
        { nextFollowUpAt: '2024-02-30T10:00:00Z' },
        400,
        'body.nextFollowUpAt',
        'invalid_format',
      ],
      [
        'an unknown maturity id',
        { maturityId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' },
        400,
        'body.maturityId',
        'unknown_dictionary_item',
      ],
      [
        'an unknown channel id',
        { channel: '01HZZZZZZZZZZZZZZZZZZZZZZZ' },
        400,
        'body.channel',
        'unknown_dictionary_item',
      ],
      ['an unknown field', { mood: 'good' }, 400, 'body', 'unknown_field'],
      ['empty content', { content: '  ' }, 400, 'body.content', 'too_small'],
      ['a note without a time', { nextFollowUpNote: '报价' }, 400, 'body.nextFollowUpAt', 'custom'],
      [
        'a plan that is not open on the customer',
        { planId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' },
        422,
        '',
        'plan_not_open',
      ],
    ];
    it.each(cases)('refuses %s', async (_name, body, status, path, code) => {
      at('2024-05-06T03:00:00.000Z');
      const c = await create(w.owner);
      const res = await followUp(w.owner, c.id, body);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      if (path) expect(res.body.errors).toContainEqual(expect.objectContaining({ path, code }));
      else expect(res.body.code).toBe(code);
      expect((await storedCustomer(w.tenantId, c.id)).version).toBe(c.version);
      expect((await records(w.owner, c.id)).body.items).toEqual([]);
    });
  });

  it('answers a retry with the same Idempotency-Key with the first record, writing nothing more', async () => {
    const c = await create(w.owner);
    const headers = { 'idempotency-key': `fu-${c.id}` };
    const first = await invokeFollowUp(c.id, headers);
    const again = await invokeFollowUp(c.id, headers);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await records(w.owner, c.id)).body.items).toHaveLength(1);
    expect((await storedCustomer(w.tenantId, c.id)).version).toBe(c.version + 1);
  });

  it('keeps every one of many concurrent follow-ups, with the latest as the last follow-up', async () => {
    at('2024-05-20T00:00:00.000Z');
    const c = await create(w.owner);
    const days = Array.from(
      { length: 8 },
      (_, i) => `2024-05-${String(10 + i).padStart(2, '0')}T08:00:00.000Z`,
    );
    const results = await Promise.all(days.map((occurredAt) => followUp(w.owner, c.id, { occurredAt })));
    expect(results.map((r) => r.status)).toEqual(days.map(() => 201));
    const stored = await storedCustomer(w.tenantId, c.id);
    expect(stored.version).toBe(c.version + days.length);
    expect(stored.lastFollowUpAt).toBe('2024-05-17T08:00:00.000Z');
    expect((await records(w.owner, c.id, { limit: '100' })).body.items).toHaveLength(days.length);
  });
});

function invokeFollowUp(customerId: string, headers: Record<string, string>) {
  return invoke('POST /v1/customers/{id}/followups', createFollowUp, {
    as: w.owner,
    params: { id: customerId },
    headers,
    body: { content: '同一个请求' },
  });
}
