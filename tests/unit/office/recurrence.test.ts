import { describe, expect, it } from 'vitest';
import type { EventRecord } from '#lib/office/events/record.ts';
import { countBefore, expand, isOccurrence, lastStartDate } from '#lib/office/events/recurrence.ts';
import { nextReminder, remindersAt, splitAt, timesOf } from '#lib/office/events/rules.ts';
import { localDates, midnightOf } from '#lib/office/events/wall-time.ts';

const NY = 'America/New_York';
const monWed = {
  startsAt: '2027-03-01T14:00:00.000Z',
  endsAt: '2027-03-01T15:00:00.000Z',
  allDay: false,
  timezone: NY,
  recurrence: { freq: 'weekly' as const, byWeekday: ['MO' as const, 'WE' as const], count: 6 },
};

describe('recurrence in a zone', () => {
  it('keeps the local hour across the spring-forward change', () => {
    expect(
      expand(monWed, '2027-03-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z').map((o) => o.startsAt),
    ).toEqual([
      '2027-03-01T14:00:00.000Z',
      '2027-03-03T14:00:00.000Z',
      '2027-03-08T14:00:00.000Z',
      '2027-03-10T14:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-17T13:00:00.000Z',
    ]);
  });

  it('knows its occurrences, how many came before one, and its last day', () => {
    expect(isOccurrence(monWed, '2027-03-15T13:00:00.000Z')).toBe(true);
    expect(isOccurrence(monWed, '2027-03-15T14:00:00.000Z')).toBe(false);
    expect(countBefore(monWed, '2027-03-08T14:00:00.000Z')).toBe(2);
    expect(countBefore(monWed, monWed.startsAt)).toBe(0);
    expect(lastStartDate(monWed)).toBe('2027-03-17');
    expect(lastStartDate({ ...monWed, recurrence: { freq: 'daily' } })).toBeNull();
  });

  it('leaves out deleted occurrences and puts moved ones at their new time', () => {
    const s = {
      ...monWed,
      exdates: ['2027-03-03T14:00:00.000Z'],
      overrides: {
        '2027-03-08T14:00:00.000Z': {
          startsAt: '2027-03-09T14:00:00.000Z',
          endsAt: '2027-03-09T15:00:00.000Z',
        },
      },
    };
    expect(expand(s, '2027-03-01T00:00:00.000Z', '2027-03-12T00:00:00.000Z').map((o) => o.startsAt)).toEqual([
      '2027-03-01T14:00:00.000Z',
      '2027-03-09T14:00:00.000Z',
      '2027-03-10T14:00:00.000Z',
    ]);
  });

  it('places all-day events between local midnights, a DST day being 23 hours', () => {
    expect(timesOf({ startsAt: '2027-03-14', endsAt: '2027-03-14', allDay: true }, NY)).toEqual({
      startsAt: '2027-03-14T05:00:00.000Z',
      endsAt: '2027-03-15T04:00:00.000Z',
    });
    expect(midnightOf('2027-03-14', 'Asia/Shanghai')).toBe('2027-03-13T16:00:00.000Z');
    expect(localDates('2027-03-14T05:00:00.000Z', '2027-03-15T04:00:00.000Z', NY)).toEqual(['2027-03-14']);
    expect(() =>
      timesOf({ startsAt: '2027-03-14T10:00:00Z', endsAt: '2027-03-14T09:00:00Z', allDay: false }, NY),
    ).toThrow();
  });
});

const series: EventRecord = {
  id: 'E',
  title: '例会',
  description: '',
  location: null,
  ...monWed,
  organizerId: 'O',
  organizerName: 'o',
  organizerRolePath: '/r',
  people: { O: { name: 'o', response: 'accepted' } },
  customerId: null,
  remindMinutesBefore: [10, 60],
  private: false,
  exdates: [],
  overrides: {},
  occurrenceResponses: {},
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
  version: 1,
  nextReminderAt: null,
};

describe('series edits and reminders', () => {
  it('splits a counted series, the two counts adding up', () => {
    const { head, tail } = splitAt(series, '2027-03-08T14:00:00.000Z', 'F', '2027-01-02T00:00:00.000Z');
    expect(head.recurrence?.count).toBe(2);
    expect(tail).toMatchObject({ id: 'F', startsAt: '2027-03-08T14:00:00.000Z', version: 1 });
    expect(tail.recurrence?.count).toBe(4);
  });

  it('finds the next reminder and what falls due at it', () => {
    expect(nextReminder(series, '2027-03-01T00:00:00.000Z')).toBe('2027-03-01T13:00:00.000Z');
    expect(nextReminder(series, '2027-03-01T13:00:00.000Z', true)).toBe('2027-03-01T13:50:00.000Z');
    expect(remindersAt(series, '2027-03-01T13:50:00.000Z')).toEqual([
      { occurrence: expect.objectContaining({ startsAt: '2027-03-01T14:00:00.000Z' }), minutes: 10 },
    ]);
    expect(nextReminder({ ...series, remindMinutesBefore: [] }, '2027-03-01T00:00:00.000Z')).toBeNull();
  });
});
