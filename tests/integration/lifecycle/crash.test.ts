import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { tiersChanged } from '#functions/lifecycle/tiers.ts';
import { timelineChanged } from '#functions/lifecycle/timeline.ts';
import { tierCopyKey, timelinePartition } from '#lib/db/keys.ts';
import { queryAll } from '#lib/db/query.ts';
import { invoke } from '#tests/support/api.ts';
import { world } from '../pipeline/world.ts';
import { context, modifyEvent, storedCustomer, storedItem } from '../streams/world.ts';
import { contract, customer, product } from './world.ts';

/**
 * The lifecycle consumers stopped half-way and delivered again: the timeline's writes are wrapped
 * with a budget (once spent, the next write throws as a crash would); a delivery of the same record
 * twice moves a tier once.
 */
const budget = vi.hoisted(() => ({ left: Number.POSITIVE_INFINITY }));
vi.mock('#lib/lifecycle/repository.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#lib/lifecycle/repository.ts')>();
  return {
    ...original,
    putTimelineEntries: async (...[tenantId, drafts]: Parameters<typeof original.putTimelineEntries>) => {
      let written = 0;
      for (const draft of drafts) {
        if (budget.left <= 0) throw new Error('crashed (write budget spent)');
        budget.left -= 1;
        written += await original.putTimelineEntries(tenantId, [draft]);
      }
      return written;
    },
  };
});
afterEach(() => {
  budget.left = Number.POSITIVE_INFINITY;
});

describe('lifecycle consumers after a crash', () => {
  it('finish a timeline record half-written, each entry once', async () => {
    const w = await world();
    const c = await customer(w.owner);
    const before = await storedCustomer(w.tenantId, c.id);
    const res = await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: w.owner,
      params: { id: c.id },
      headers: { 'if-match': `"${c.version}"` },
      body: { email: 'b@example.cn', note: '备注', website: 'https://b.cn' },
    });
    expect(res.status).toBe(200);
    const event = modifyEvent(before, await storedCustomer(w.tenantId, c.id));

    budget.left = 1;
    const crashed = await timelineChanged(event, context('customer-timeline'));
    expect(crashed.batchItemFailures).toHaveLength(1);
    budget.left = Number.POSITIVE_INFINITY;
    expect((await timelineChanged(event, context('customer-timeline'))).batchItemFailures).toEqual([]);
    expect((await timelineChanged(event, context('customer-timeline'))).batchItemFailures).toEqual([]);

    const entries = await queryAll<{ field?: string }>({
      tenantId: w.tenantId,
      pk: timelinePartition(w.tenantId, c.id).pk,
    });
    expect(entries.map((e) => e.field).sort()).toEqual(['email', 'note', 'website']);
  });

  it('move a tier once when the same record is delivered twice', async () => {
    const w = await world();
    const p = await product(w.admin);
    const c = await customer(w.owner);
    const before = await storedCustomer(w.tenantId, c.id);
    await contract(w.owner, c.id, p.id, { signedOn: '2026-01-05' });
    const event = modifyEvent(before, await storedCustomer(w.tenantId, c.id));
    for (let i = 0; i < 2; i++)
      expect((await tiersChanged(event, context('customer-tiers'))).batchItemFailures).toEqual([]);
    expect((await storedCustomer(w.tenantId, c.id)).tier).toBe('new');
    expect((await storedItem(tierCopyKey(w.tenantId, c.id))).tier).toBe('new');
    const moves = await queryAll({
      tenantId: w.tenantId,
      pk: tierCopyKey(w.tenantId, c.id).pk,
      sk: { beginsWith: 'MOVE#' },
    });
    expect(moves).toHaveLength(1);
  });
});
