import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getPortrait } from '#functions/analytics/get-portrait.ts';
import { handler as getTiers } from '#functions/analytics/get-tiers.ts';
import { TIERS } from '#lib/tiers.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { listAll } from '../customers/world.ts';
import { world } from '../pipeline/world.ts';
import { contract, customer, expectOk, product, startLifecycle } from './world.ts';

let streams: Awaited<ReturnType<typeof startLifecycle>>;
beforeAll(async () => {
  streams = await startLifecycle(['customer-tiers', 'analytics']);
});
afterAll(() => streams.stop());

const report = (as: Caller, query: Record<string, string> = {}) =>
  invoke('GET /v1/analytics/tiers', getTiers, { as, query });

/** Counts per tier, recounted from the customers a caller's view holds. */
const recount = (items: Array<{ tier: string }>) =>
  Object.fromEntries(TIERS.map((t) => [t, items.filter((c) => c.tier === t).length]));
const counts = (body: { items: Array<{ key: string; count: number }> }) =>
  Object.fromEntries(body.items.map((i) => [i.key, i.count]));

describe('the tiers report', () => {
  it('equals a recount from the customers, with the moves between tiers, within each scope', async () => {
    const w = await world();
    const p = await product(w.admin);
    for (const [as, deals] of [
      [w.owner, 0],
      [w.owner, 1],
      [w.owner, 2],
      [w.peer, 1],
      [w.intern, 2],
    ] as const) {
      const c = await customer(as);
      // Each deal seen by the tier consumer before the next: one move per deal.
      for (let i = 0; i < deals; i++) {
        await contract(as, c.id, p.id, { signedOn: '2026-01-05' });
        await streams.settled();
      }
    }
    await streams.settled();
    await streams.settled();

    const company = expectOk(await report(w.admin), 200, 'tiers');
    expect(counts(company)).toEqual(recount(await listAll(w.admin, { view: 'company' })));
    expect(company.total).toBe(5);
    expect(company.moves).toEqual([
      { from: 'potential', to: 'new', count: 4 },
      { from: 'new', to: 'repeat', count: 2 },
    ]);
    expect(company.periods.flatMap((p: { moves: unknown[] }) => p.moves)).toHaveLength(2);

    const own = expectOk(await report(w.owner), 200, 'tiers');
    // A rep's scope: their own customers and their subordinates' (the intern's).
    const theirs = [
      ...(await listAll(w.owner, { view: 'mine' })),
      ...(await listAll(w.owner, { view: 'subordinates' })),
    ];
    expect(counts(own)).toEqual(recount(theirs));
    expect(own.total).toBe(4);

    // The portrait: every distribution side by side, the tiers among them, for the same scope.
    const portrait = expectOk(
      await invoke('GET /v1/analytics/portrait', getPortrait, { as: w.owner }),
      200,
      'portrait',
    );
    expect(portrait.total).toBe(4);
    const byTier = portrait.distributions.find((d: { by: string }) => d.by === 'tier');
    expect(
      Object.fromEntries(byTier.items.map((i: { key: string; count: number }) => [i.key, i.count])),
    ).toEqual(Object.fromEntries(Object.entries(recount(theirs)).filter(([, n]) => n > 0)));
    expect(portrait.distributions.find((d: { by: string }) => d.by === 'source').items).toMatchObject([
      { key: '-', count: 4 },
    ]);

    const team = expectOk(await report(w.manager), 200, 'tiers');
    expect(team.total).toBe(5);
    expect(counts(expectOk(await report(w.manager, { userId: w.peer.userId }), 200, 'tiers'))).toMatchObject({
      new: 1,
    });
  });

  it("answers 404 for a scope outside the caller's", async () => {
    const w = await world();
    expect((await report(w.owner, { userId: w.peer.userId })).status).toBe(404);
    expect((await report(w.outsider, { userId: w.owner.userId })).status).toBe(404);
    const portrait = await invoke('GET /v1/analytics/portrait', getPortrait, {
      as: w.owner,
      query: { userId: w.peer.userId },
    });
    expect(portrait.status).toBe(404);
  });
});
