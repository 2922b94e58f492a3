import { describe, expect, it } from 'vitest';
import {
  agendaKeys,
  belongsToTenant,
  birthdayKeys,
  customerFollowUpKeys,
  planIndexKeys,
  plansDueQuery,
  timeRange,
} from '#lib/db/keys.ts';

const customer = {
  id: 'C1',
  state: 'active',
  ownerId: 'U1',
  createdAt: '2024-05-01T00:00:00.000Z',
  lastFollowUpAt: null as string | null,
  birthday: null as string | null,
};

describe('follow-up keys of a customer', () => {
  it('puts an owned customer without a record on its owner’s never-followed list', () => {
    expect(customerFollowUpKeys('T1', customer)).toEqual({
      customerAgendaPk: 'T#T1#AGENDA#NEVER#U1',
      customerAgendaSk: '2024-05-01T00:00:00.000Z#C1',
    });
  });

  it('moves it to the last-follow-up list at its first record, and adds its birthday', () => {
    expect(
      customerFollowUpKeys('T1', {
        ...customer,
        lastFollowUpAt: '2024-05-02T03:00:00.000Z',
        birthday: '1990-02-29',
      }),
    ).toEqual({
      customerAgendaPk: 'T#T1#AGENDA#LAST#U1',
      customerAgendaSk: '2024-05-02T03:00:00.000Z#C1',
      scheduledPk: 'T#T1#BDAY',
      scheduledSk: '02-29#C#C1',
    });
  });

  it('takes a customer that is not owned and active off every list', () => {
    expect(
      customerFollowUpKeys('T1', { ...customer, state: 'pool', ownerId: null, birthday: '1990-01-01' }),
    ).toEqual({});
    expect(customerFollowUpKeys('T1', { ...customer, state: 'recycled' })).toEqual({});
  });
});

describe('plan keys', () => {
  const p = { id: 'P1', dueAt: '2024-05-06T15:59:00.000Z', status: 'open', ownerId: 'U1', remindedFor: null };

  it('puts an open plan on its owner’s agenda and on the schedule of its UTC day', () => {
    expect(planIndexKeys('T1', p)).toEqual({
      agendaByUserPk: 'T#T1#AGENDA#PLAN#U1',
      agendaByUserSk: '2024-05-06T15:59:00.000Z#P1',
      scheduledPk: 'SCHED#PLAN#2024-05-06',
      scheduledSk: '2024-05-06T15:59:00.000Z#T1#P1',
    });
  });

  it('takes it off the schedule once reminded at its due time, and back on when moved', () => {
    expect(planIndexKeys('T1', { ...p, remindedFor: p.dueAt })).not.toHaveProperty('scheduledPk');
    expect(
      planIndexKeys('T1', { ...p, dueAt: '2024-05-07T00:00:00.000Z', remindedFor: p.dueAt }),
    ).toHaveProperty('scheduledPk', 'SCHED#PLAN#2024-05-07');
  });

  it('lists a closed plan or one without an owner nowhere', () => {
    expect(planIndexKeys('T1', { ...p, status: 'done' })).toEqual({});
    expect(planIndexKeys('T1', { ...p, ownerId: null })).toEqual({});
  });

  it('ranges a schedule day inclusively', () => {
    expect(plansDueQuery('2024-05-06', '2024-05-06T00:00:00.000Z', '2024-05-06T01:00:00.000Z')).toEqual({
      index: 'scheduled',
      pk: 'SCHED#PLAN#2024-05-06',
      between: ['2024-05-06T00:00:00.000Z', '2024-05-06T01:00:00.000Z#~'],
    });
    expect('2024-05-06T01:00:00.000Z#T9#P9' <= timeRange('a', '2024-05-06T01:00:00.000Z')[1]).toBe(true);
  });
});

describe('agenda and birthday keys stay in their tenant', () => {
  it('lets agenda cursors through only for their tenant', () => {
    const key = { pk: 'T#T1#C#C1', sk: 'PLAN#P1', ...agendaKeys('T1', 'PLAN', 'U1', 'x') };
    expect(belongsToTenant(key, 'T1')).toBe(true);
    expect(belongsToTenant(key, 'T2')).toBe(false);
    expect(
      belongsToTenant(
        { pk: 'T#T1#C#C1', sk: 'CUSTOMER', ...birthdayKeys('T1', '1990-05-01', 'C', 'C1') },
        'T1',
      ),
    ).toBe(true);
  });
});
