import { describe, expect, it } from 'vitest';
import {
  applyFollowUp,
  birthdayRanges,
  changePlan,
  checkDueAt,
  checkFollowUpTimes,
  dayOf,
  dayRange,
  dormantWindow,
  localDate,
  nextBirthday,
  planReminder,
  reminderWindow,
  replaceOpenPlan,
  utcDays,
  weekOf,
  withOpenPlans,
} from '#lib/followups/rules.ts';
import type { Plan } from '#lib/followups/schemas.ts';
import { HttpError } from '#lib/http/errors.ts';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return error.errors?.[0]?.code ?? error.code;
    throw error;
  }
  return undefined;
}

describe('tenant-local days', () => {
  it('puts 23:59 and 00:01 Shanghai time on different days', () => {
    // 2024-05-01 23:59 in Shanghai is 15:59 UTC; 00:01 the next day is 16:01 UTC.
    expect(localDate(at('2024-05-01T15:59:00Z'), SH)).toBe('2024-05-01');
    expect(localDate(at('2024-05-01T16:01:00Z'), SH)).toBe('2024-05-02');
  });

  it('spans a Shanghai day from 16:00 UTC the day before to the last millisecond', () => {
    expect(dayOf(at('2024-05-01T15:59:00Z'), SH)).toEqual({
      from: '2024-04-30T16:00:00.000Z',
      to: '2024-05-01T15:59:59.999Z',
    });
    expect(dayRange('2024-05-02', SH)).toEqual({
      from: '2024-05-01T16:00:00.000Z',
      to: '2024-05-02T15:59:59.999Z',
    });
  });

  it('follows the tenant zone, not the server zone', () => {
    expect(dayRange('2024-05-02', 'America/New_York')).toEqual({
      from: '2024-05-02T04:00:00.000Z',
      to: '2024-05-03T03:59:59.999Z',
    });
  });

  it('starts the week on Monday and ends it on Sunday night, tenant time', () => {
    // Sunday 2024-05-05 23:59 Shanghai belongs to the week of Monday 29 April.
    expect(weekOf(at('2024-05-05T15:59:00Z'), SH)).toEqual({
      from: '2024-04-28T16:00:00.000Z',
      to: '2024-05-05T15:59:59.999Z',
    });
    // One minute later it is Monday 6 May: a new week.
    expect(weekOf(at('2024-05-05T16:00:00Z'), SH).from).toBe('2024-05-05T16:00:00.000Z');
  });
});

describe('dormant window', () => {
  const now = at('2024-06-30T04:00:00Z'); // 12:00 Shanghai, 30 June

  it('includes whole days exactly 7 and exactly 60 days back', () => {
    const w = dormantWindow(now, SH, 7, 60);
    expect(localDate(at(w.from), SH)).toBe('2024-05-01');
    expect(w.from).toBe('2024-04-30T16:00:00.000Z');
    expect(localDate(at(w.to), SH)).toBe('2024-06-23');
    expect(w.to).toBe('2024-06-23T15:59:59.999Z');
  });

  it('excludes 6 days and 61 days back', () => {
    const w = dormantWindow(now, SH, 7, 60);
    const sixDaysAgo = '2024-06-24T01:00:00.000Z';
    const sixtyOneDaysAgo = '2024-04-30T15:00:00.000Z';
    expect(sixDaysAgo > w.to).toBe(true);
    expect(sixtyOneDaysAgo < w.from).toBe(true);
  });

  it('takes adjusted bounds', () => {
    const w = dormantWindow(now, SH, 0, 0);
    expect(w).toEqual(dayOf(now, SH));
  });
});

describe('birthdays', () => {
  it('covers today through N days ahead', () => {
    expect(birthdayRanges('2024-05-01', 3)).toEqual([{ from: '05-01', to: '05-04' }]);
  });

  it('splits a window across New Year', () => {
    expect(birthdayRanges('2024-12-30', 5)).toEqual([
      { from: '12-30', to: '12-31' },
      { from: '01-01', to: '01-04' },
    ]);
  });

  it('keeps 29 February birthdays on 28 February outside leap years', () => {
    expect(birthdayRanges('2023-02-28', 0)).toEqual([{ from: '02-28', to: '02-29' }]);
    expect(nextBirthday('2000-02-29', '2023-02-27')).toBe('2023-02-28');
    expect(nextBirthday('2000-02-29', '2024-02-27')).toBe('2024-02-29');
  });

  it('names the coming occurrence, next year once this one has passed', () => {
    expect(nextBirthday('1990-05-03', '2024-05-01')).toBe('2024-05-03');
    expect(nextBirthday('1990-01-02', '2024-12-30')).toBe('2025-01-02');
  });
});

describe('follow-ups', () => {
  const now = at('2024-05-01T08:00:00Z');

  it('defaults occurredAt to now and refuses the future', () => {
    expect(checkFollowUpTimes({}, now).occurredAt).toBe('2024-05-01T08:00:00.000Z');
    expect(codeOf(() => checkFollowUpTimes({ occurredAt: '2024-05-01T08:00:01Z' }, now))).toBe('in_future');
    expect(checkFollowUpTimes({ occurredAt: '2024-05-01T16:00:00+08:00' }, now).occurredAt).toBe(
      '2024-05-01T08:00:00.000Z',
    );
  });

  it('needs the next follow-up to lie ahead', () => {
    expect(codeOf(() => checkFollowUpTimes({ nextFollowUpAt: '2024-05-01T08:00:00Z' }, now))).toBe(
      'not_in_future',
    );
  });

  const state = {
    lastFollowUpAt: '2024-04-20T00:00:00.000Z',
    maturityId: 'M1',
    ...withOpenPlans([{ id: 'P1', dueAt: '2024-05-02T00:00:00.000Z', note: 'call' }]),
  };

  it('moves the last follow-up forward only', () => {
    expect(applyFollowUp(state, { occurredAt: '2024-04-25T00:00:00.000Z' }).lastFollowUpAt).toBe(
      '2024-04-25T00:00:00.000Z',
    );
    expect(applyFollowUp(state, { occurredAt: '2024-04-01T00:00:00.000Z' }).lastFollowUpAt).toBe(
      '2024-04-20T00:00:00.000Z',
    );
  });

  it('changes the maturity only when given', () => {
    expect(applyFollowUp(state, { occurredAt: now.toISOString() }).maturityId).toBe('M1');
    expect(applyFollowUp(state, { occurredAt: now.toISOString(), maturityId: 'M2' }).maturityId).toBe('M2');
  });

  it('makes the earliest open plan the next follow-up', () => {
    const next = applyFollowUp(state, {
      occurredAt: now.toISOString(),
      newPlan: { id: 'P2', dueAt: '2024-05-01T12:00:00.000Z', note: 'visit' },
    });
    expect(next.nextFollowUpAt).toBe('2024-05-01T12:00:00.000Z');
    expect(next.nextFollowUpNote).toBe('visit');
    expect(next.openPlans.map((p) => p.id)).toEqual(['P2', 'P1']);
  });

  it('closes the plan it carries out, and only an open one', () => {
    const next = applyFollowUp(state, { occurredAt: now.toISOString(), completedPlanId: 'P1' });
    expect(next.openPlans).toEqual([]);
    expect(next.nextFollowUpAt).toBeNull();
    expect(codeOf(() => applyFollowUp(state, { occurredAt: now.toISOString(), completedPlanId: 'P9' }))).toBe(
      'plan_not_open',
    );
  });

  it('refuses an eleventh open plan', () => {
    const ten = withOpenPlans(
      Array.from({ length: 10 }, (_, i) => ({
        id: `P${i}`,
        dueAt: `2024-06-${10 + i}T00:00:00.000Z`,
        note: '',
      })),
    );
    const full = { ...state, ...ten };
    expect(
      codeOf(() =>
        applyFollowUp(full, {
          occurredAt: now.toISOString(),
          newPlan: { id: 'PX', dueAt: '2024-07-01T00:00:00.000Z', note: '' },
        }),
      ),
    ).toBe('too_many_open_plans');
  });
});

describe('plans', () => {
  const now = at('2024-05-01T08:00:00Z');
  const plan: Plan = {
    id: 'P1',
    customerId: 'C1',
    customerName: '华天科技',
    ownerId: 'U1',
    dueAt: '2024-05-02T02:00:00.000Z',
    note: '报价',
    status: 'open',
    followupId: null,
    createdBy: 'U1',
    createdAt: '2024-04-30T00:00:00.000Z',
    updatedAt: '2024-04-30T00:00:00.000Z',
    closedAt: null,
    closedBy: null,
    version: 1,
  };

  it('moves an open plan to a later time', () => {
    const moved = changePlan(plan, { dueAt: '2024-05-03T10:00:00+08:00' }, 'U1', now);
    expect(moved.dueAt).toBe('2024-05-03T02:00:00.000Z');
    expect(moved.version).toBe(2);
    expect(moved.closedAt).toBeNull();
  });

  it('refuses a due time in the past', () => {
    expect(codeOf(() => checkDueAt('2024-05-01T07:59:59Z', now))).toBe('not_in_future');
  });

  it('completes a plan once', () => {
    const done = changePlan(plan, { status: 'done' }, 'U2', now);
    expect(done).toMatchObject({ status: 'done', closedBy: 'U2', closedAt: now.toISOString() });
    expect(codeOf(() => changePlan(done, { note: 'x' }, 'U1', now))).toBe('plan_closed');
  });

  it('keeps the customer’s open plans in step', () => {
    const open = [{ id: 'P1', dueAt: plan.dueAt, note: plan.note }];
    expect(replaceOpenPlan(open, { ...plan, status: 'cancelled' })).toEqual([]);
    expect(replaceOpenPlan(open, { ...plan, note: '新要点' })).toEqual([
      { id: 'P1', dueAt: plan.dueAt, note: '新要点' },
    ]);
  });
});

describe('reminders', () => {
  it('covers the last day and the next hour', () => {
    const w = reminderWindow(at('2024-05-01T08:00:00Z'));
    expect(w).toEqual({ from: '2024-04-30T08:00:00.000Z', to: '2024-05-01T09:00:00.000Z' });
    expect(utcDays(w)).toEqual(['2024-04-30', '2024-05-01']);
  });

  it('reaches into the next UTC day near midnight', () => {
    expect(utcDays(reminderWindow(at('2024-05-01T23:30:00Z')))).toEqual([
      '2024-04-30',
      '2024-05-01',
      '2024-05-02',
    ]);
  });

  it('keys a plan reminder by plan and due time, in tenant time', () => {
    const r = planReminder(
      {
        id: 'P1',
        customerId: 'C1',
        customerName: '华天科技',
        dueAt: '2024-05-01T16:01:00.000Z',
        note: '报价',
      },
      SH,
    );
    expect(r.dedupeKey).toBe('plan:P1:2024-05-01T16:01:00.000Z');
    expect(r.body).toContain('2024-05-02 00:01');
    expect(r.link).toBe('/v1/customers/C1');
  });
});
