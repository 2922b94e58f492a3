import { describe, expect, it } from 'vitest';
import { leaveCalendar } from '#functions/office/leave-calendar.ts';
import { handler as listEvents } from '#functions/office/list-events.ts';
import { approvalKey } from '#lib/db/keys.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { company, flow, must, request } from '../approvals/world.ts';
import { context, storedItem, streamEvent } from '../streams/world.ts';

const range = (as: Caller, from: string, to: string, userId?: string) =>
  invoke('GET /v1/events', listEvents, { as, query: { from, to, ...(userId ? { userId } : {}) } });
const leaveIn = async (as: Caller, from: string, to: string, userId?: string) =>
  ((await range(as, from, to, userId)).body.items as Array<{ kind: string }>).filter(
    (i) => i.kind === 'leave',
  );

/** Approved leave (请假) is on the submitter's calendar, all day, from the approval's stream. */
describe('approved leave on the calendar', () => {
  it('shows each approved leave once, all day in the tenant zone, to the submitter and their superiors', async () => {
    const c = await company();
    const f = await flow(c.admin, {
      type: 'leave',
      steps: [{ name: '经理', approvers: { kind: 'superior', level: 1 }, mode: 'sequential' }],
    });
    const r = await request(c.rep, {
      flowId: f.id,
      form: { leaveType: 'annual', from: '2027-03-01', to: '2027-03-03', days: 3 },
    });
    const pending = await storedItem(approvalKey(c.tenantId, r.id));
    await must('approve', c.manager, r.id);
    const approved = await storedItem(approvalKey(c.tenantId, r.id));

    const none = await leaveIn(c.rep, '2027-03-01T00:00:00+08:00', '2027-03-08T00:00:00+08:00');
    const change = streamEvent({ before: pending, after: approved });
    await leaveCalendar(change, context('leave-calendar'));
    await leaveCalendar(change, context('leave-calendar'));

    expect(none).toEqual([]);
    expect(await leaveIn(c.rep, '2027-03-01T00:00:00+08:00', '2027-03-08T00:00:00+08:00')).toEqual([
      {
        kind: 'leave',
        id: r.id,
        title: '年假（2027-03-01 ~ 2027-03-03）',
        startsAt: '2027-02-28T16:00:00.000Z',
        endsAt: '2027-03-03T16:00:00.000Z',
        allDay: true,
      },
    ]);
    // A range opening mid-leave shows it, from its first day in the range.
    expect(await leaveIn(c.rep, '2027-03-02T12:00:00+08:00', '2027-03-05T00:00:00+08:00')).toMatchObject([
      { id: r.id, startsAt: '2027-03-01T16:00:00.000Z' },
    ]);
    expect(
      await leaveIn(c.manager, '2027-03-01T00:00:00+08:00', '2027-03-08T00:00:00+08:00', c.rep.userId),
    ).toHaveLength(1);
    expect(await leaveIn(c.peer, '2027-03-01T00:00:00+08:00', '2027-03-08T00:00:00+08:00')).toEqual([]);
  });

  it('puts nothing on the calendar for a rejected leave or another type of request', async () => {
    const c = await company();
    const leave = await flow(c.admin, {
      type: 'leave',
      steps: [{ name: '经理', approvers: { kind: 'superior', level: 1 }, mode: 'sequential' }],
    });
    const r = await request(c.rep, {
      flowId: leave.id,
      form: { leaveType: 'sick', from: '2027-04-01', to: '2027-04-01', days: 1 },
    });
    const pending = await storedItem(approvalKey(c.tenantId, r.id));
    await must('reject', c.manager, r.id);
    const rejected = await storedItem(approvalKey(c.tenantId, r.id));

    await leaveCalendar(streamEvent({ before: pending, after: rejected }), context('leave-calendar'));

    expect(await leaveIn(c.rep, '2027-04-01T00:00:00+08:00', '2027-04-02T00:00:00+08:00')).toEqual([]);
  });
});
