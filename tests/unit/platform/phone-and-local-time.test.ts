import { describe, expect, it } from 'vitest';
import { localDate, localDateTime } from '#lib/local-time.ts';
import { looksLikePhone, normalizePhone, phoneQuery } from '#lib/phone.ts';

describe('phoneQuery', () => {
  // What a search box gets: each must read as the number normalizePhone stores (or as no phone).
  const typed = [
    '13800138000',
    '138 0013 8000',
    '138-0013-8000',
    '+86 138 0013 8000',
    '008613800138000',
    '8613800138000',
    '12012345678',
    '010-12345678',
    '(010) 1234 5678',
    '0755-12345678',
    '+86 10 1234 5678',
    '+86 010 1234 5678',
    '0086 10 12345678',
    '021 6123 4567',
    '0571-8888 8888',
    '400-812-3123',
    '+1 650 253 0000',
    '001 650 253 0000',
    '+44 20 7031 3000',
    '+852 2123 4567',
    '+81 3-1234-5678',
    '12345',
    '123456789',
    '95588',
  ];
  it.each(typed)('reads %s as libphonenumber-js does', (q) => {
    expect(phoneQuery(q)).toBe(looksLikePhone(q) ? normalizePhone(q) : null);
  });

  it('leaves names alone', () => {
    expect(phoneQuery('58同城')).toBeNull();
    expect(phoneQuery('zhangsan')).toBeNull();
  });
});

describe('localDate and localDateTime', () => {
  it('take the calendar of the time zone, not of UTC', () => {
    expect(localDate(new Date('2024-03-01T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2024-03-01');
    expect(localDate(new Date('2024-03-01T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2024-03-02');
    expect(localDate('2024-01-01T04:59:00Z', 'America/New_York')).toBe('2023-12-31');
    expect(localDate('2024-02-29T12:00:00Z', 'UTC')).toBe('2024-02-29');
  });

  it('follow daylight saving time', () => {
    // New York leaves EST for EDT at 2024-03-10 02:00 local (07:00Z).
    expect(localDateTime('2024-03-10T06:59:00Z', 'America/New_York')).toBe('2024-03-10 01:59');
    expect(localDateTime('2024-03-10T07:00:00Z', 'America/New_York')).toBe('2024-03-10 03:00');
    expect(localDateTime('2024-11-03T05:30:00Z', 'America/New_York')).toBe('2024-11-03 01:30');
    expect(localDateTime('2024-11-03T06:30:00Z', 'America/New_York')).toBe('2024-11-03 01:30');
  });

  it('handle zones off the hour and across the date line', () => {
    expect(localDateTime('2024-06-30T18:15:00Z', 'Asia/Kathmandu')).toBe('2024-07-01 00:00');
    expect(localDate('2024-06-30T10:00:00Z', 'Pacific/Kiritimati')).toBe('2024-07-01');
    expect(localDateTime('2024-06-30T23:59:00Z', 'Asia/Shanghai')).toBe('2024-07-01 07:59');
  });

  it('refuse an invalid instant or zone as date-fns format did', () => {
    expect(() => localDate('not a date', 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => localDate(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});
