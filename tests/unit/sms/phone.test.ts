import { describe, expect, it } from 'vitest';
import { smsNumberOf, toE164 } from '#lib/sms/phone.ts';

describe('SMS numbers', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['+86 138-0013-8000', '+8613800138000'],
    ['+1 415 555 2671', '+14155552671'],
  ])('normalises %s to E.164', (raw, e164) => {
    expect(toE164(raw)).toBe(e164);
  });

  it.each(['12345', 'abc', '', '+86 100'])('refuses %j', (raw) => {
    expect(toE164(raw)).toBeNull();
  });

  it('prefers the mobile and never picks a landline', () => {
    expect(smsNumberOf({ mobile: '13800138000', phone: '13900000000' })).toBe('+8613800138000');
    expect(smsNumberOf({ mobile: null, phone: '13900000000' })).toBe('+8613900000000');
    expect(smsNumberOf({ mobile: null, phone: '010-12345678' })).toBeNull();
    expect(smsNumberOf({ mobile: '12345', phone: null })).toBeNull();
  });
});
