import { describe, expect, it } from 'vitest';
import { projections } from '#lib/office/activity/projections.ts';

describe('activity entries of check-ins and approvals', () => {
  it('tells a check-in once, at its customer, and says when it was offsite', () => {
    const checkin = {
      id: 'K1',
      userId: 'U1',
      userRolePath: '/R1/R2',
      customerId: 'C1',
      customerName: '甲公司',
      checkedInAt: '2026-06-01T02:00:00.000Z',
      offsite: true,
    };

    expect(projections.checkin?.(undefined, checkin)).toMatchObject({
      id: 'checkin-K1',
      actorId: 'U1',
      actorRolePath: '/R1/R2',
      title: '在客户「甲公司」签到（超出范围）',
      customerId: 'C1',
    });
    expect(projections.checkin?.(checkin, { ...checkin, checkedOutAt: 'x' })).toBeUndefined();
  });

  it("tells a request's submission and its decision by the one who decided, nothing for a step", () => {
    const pending = {
      id: 'A1',
      flowName: '请假',
      title: '年假',
      submitterId: 'U1',
      submitterRolePath: '/R1/R2',
      submittedAt: '2026-06-01T00:00:00.000Z',
      status: 'pending',
      handled: {},
      version: 1,
      customerId: null,
    };
    const stepped = { ...pending, handled: { U2: '2026-06-01T01:00:00.000Z' }, version: 2 };
    const approved = {
      ...stepped,
      status: 'approved',
      handled: { ...stepped.handled, U3: '2026-06-01T02:00:00.000Z' },
      updatedAt: '2026-06-01T02:00:00.000Z',
      version: 3,
    };

    expect(projections.approval?.(undefined, pending)).toMatchObject({ actorId: 'U1', kind: 'approval' });
    expect(projections.approval?.(pending, stepped)).toBeUndefined();
    expect(projections.approval?.(stepped, approved)).toMatchObject({
      actorId: 'U3',
      title: '通过了审批 请假「年假」',
    });
  });
});
