import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  belongsToTenant,
  type RECOMPUTE_POINTER_VIEW,
  reclaimIndexKeys,
  reclaimLists,
} from '#lib/db/keys.ts';
import type { RecomputeTask } from '#lib/pool/repository.ts';

describe('reclaim index keys', () => {
  const keys = (reclaimAt: string, id: string) =>
    reclaimIndexKeys('T1', id, { poolId: 'default', ownerId: 'U1', reclaimAt, warnAt: reclaimAt });

  it("put a pool's customers in reclaimAt order in one tenant partition", () => {
    const early = keys('2025-03-01T00:00:00.000Z', 'B');
    const late = keys('2025-03-02T00:00:00.000Z', 'A');

    expect(early.reclaimDuePk).toBe(late.reclaimDuePk);
    expect(early.reclaimDueSk < late.reclaimDueSk).toBe(true);
    expect(belongsToTenant({ pk: 'T#T1#C#B', sk: 'CUSTOMER', ...early }, 'T1')).toBe(true);
  });

  it('include everything due at exactly the instant asked for, and nothing later', () => {
    const { sk } = reclaimLists.due('T1', 'default', '2025-03-01T00:00:00.000Z');
    const exactly = keys('2025-03-01T00:00:00.000Z', '01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const after = keys('2025-03-01T00:00:00.001Z', '01ARZ3NDEKTSV4RRFFQ69G5FAV');

    expect(exactly.reclaimDueSk <= sk.lte).toBe(true);
    expect(after.reclaimDueSk <= sk.lte).toBe(false);
  });

  it("keep one owner's warnings apart from another's", () => {
    const a = reclaimIndexKeys('T1', 'C', { poolId: 'p', ownerId: 'U1', reclaimAt: 'x', warnAt: 'w' });
    const b = reclaimIndexKeys('T1', 'C', { poolId: 'p', ownerId: 'U2', reclaimAt: 'x', warnAt: 'w' });

    expect(a.reclaimSoonPk).not.toBe(b.reclaimSoonPk);
    expect(reclaimLists.soon('T1', 'U1', 'w').pk).toBe(a.reclaimSoonPk);
  });

  it("project every field of a pool's recompute task, which the job reads from its pointer", () => {
    expectTypeOf<keyof RecomputeTask>().toEqualTypeOf<(typeof RECOMPUTE_POINTER_VIEW)[number]>();
  });
});
