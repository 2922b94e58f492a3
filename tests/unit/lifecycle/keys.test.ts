import { describe, expect, it } from 'vitest';
import {
  customerLists,
  customerTierKeys,
  dormancyDue,
  dormancySchedule,
  tierCopyKey,
  tieredList,
  tierMoveKey,
  timelineEntryKey,
  timelinePartition,
} from '#lib/db/keys.ts';

describe('customer lifecycle keys', () => {
  it('keep the tier copy and the timeline outside the customer collection', () => {
    expect(tierCopyKey('t', 'c')).toStrictEqual({ pk: 'T#t#LIFE#c', sk: 'TIER' });
    expect(tierMoveKey('t', 'c', '2026-01-01T00:00:00.000Z', 'new')).toStrictEqual({
      pk: 'T#t#LIFE#c',
      sk: 'MOVE#2026-01-01T00:00:00.000Z#new',
    });
    expect(timelinePartition('t', 'c')).toStrictEqual({ pk: 'T#t#TL#c' });
    expect(timelineEntryKey('t', 'c', '2026-01-01T00:00:00.000Z', 'field#name#v2')).toStrictEqual({
      pk: 'T#t#TL#c',
      sk: '2026-01-01T00:00:00.000Z#field#name#v2',
    });
  });

  it("put a tier copy on each of its customer's list entries, in the tier's partition", () => {
    const item = {
      customersByOwnerPk: 'T#t#CUST#OWNED#u',
      customersByOwnerSk: '2026#c',
      customersByListPk: 'T#t#CUST#ALL',
      customersByListSk: '2026#c',
      agendaByUserPk: 'T#t#AGENDA#NEVER#u',
      agendaByUserSk: 'x',
    };
    expect(customerTierKeys(item, 'loyal')).toStrictEqual({
      customersByOwnerPk: 'T#t#CUST#OWNED#u#TIER#loyal',
      customersByOwnerSk: '2026#c',
      customersByListPk: 'T#t#CUST#ALL#TIER#loyal',
      customersByListSk: '2026#c',
    });
    expect(tieredList(customerLists.ownBin('t', 'u'), 'new').pk).toBe('T#t#CUST#BIN#u#TIER#new');
    expect(tieredList(customerLists.mine('t', '/a', 'u'), 'new').pk).toBe('T#t#CUST#BELOW#TIER#new');
    expect(() => tieredList(customerLists.shared('t', 'u'), 'new')).toThrow(/no tier copies/);
  });

  it('schedule dormancy across tenants by instant', () => {
    expect(dormancySchedule('t', 'c', '2026-07-01T00:00:00.000Z')).toStrictEqual({
      scheduledPk: 'SCHED#DORMANT',
      scheduledSk: '2026-07-01T00:00:00.000Z#t#c',
    });
    expect(dormancyDue('2026-07-01T00:00:00.000Z')).toStrictEqual({
      index: 'scheduled',
      pk: 'SCHED#DORMANT',
      upTo: '2026-07-01T00:00:00.000Z#~',
    });
  });
});
