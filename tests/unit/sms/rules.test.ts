import { describe, expect, it } from 'vitest';
import { pace, planRecipients, shouldRenew } from '#lib/sms/rules.ts';

const contact = (id: string, mobile: string | null, phone: string | null = null) => ({
  id,
  name: `联系人${id}`,
  mobile,
  phone,
});

describe('planRecipients', () => {
  it('gives contacts that share a number one recipient, in the order first named', () => {
    const plan = planRecipients([
      contact('a', '13800138000'),
      contact('b', '13900000000'),
      contact('c', null, '+86 138 0013 8000'),
    ]);

    expect(plan).toEqual([
      { phone: '+8613800138000', contactIds: ['a', 'c'], contactNames: ['联系人a', '联系人c'] },
      { phone: '+8613900000000', contactIds: ['b'], contactNames: ['联系人b'] },
    ]);
  });

  it('plans contacts without a number SMS can reach as recipients without a phone', () => {
    const plan = planRecipients([
      contact('a', null, '010-12345678'),
      contact('b', null),
      contact('c', '12345'),
    ]);

    expect(plan.map((r) => [r.phone, r.contactIds])).toEqual([
      [null, ['a']],
      [null, ['b']],
      [null, ['c']],
    ]);
  });
});

describe('pace', () => {
  it('sends the first message at once and spaces the next by 1/rate', () => {
    const first = pace(0, 1000, 4);
    const second = pace(first.nextAt, 1010, 4);

    expect(first).toEqual({ waitMs: 0, nextAt: 1250 });
    expect(second).toEqual({ waitMs: 240, nextAt: 1500 });
  });

  it('never bursts to make up for a slow send', () => {
    const late = pace(1250, 5000, 4);

    expect(late).toEqual({ waitMs: 0, nextAt: 5250 });
  });
});

describe('shouldRenew', () => {
  it('renews a lease once less than half of it is left', () => {
    expect(shouldRenew(60_000, 20_000, 60_000)).toBe(false);
    expect(shouldRenew(60_000, 31_000, 60_000)).toBe(true);
  });
});
