import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parsePhoneNumberFromString as parseWithAll } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '#lib/phone.ts';
import { PHONE_COUNTRIES } from '#lib/phone-metadata/countries.ts';
import { cutMetadata, packageMetadata } from '#lib/phone-metadata/generate.ts';
import { smsNumberOf, toE164 } from '#lib/sms/phone.ts';

const examples = createRequire(import.meta.url)('libphonenumber-js/examples.mobile.json') as Record<
  string,
  string
>;
const committed = (kind: 'min' | 'max') =>
  JSON.parse(readFileSync(new URL(`../../../lib/phone-metadata/${kind}.json`, import.meta.url), 'utf8'));

describe('the phone metadata the functions bundle', () => {
  it.each(['min', 'max'] as const)(
    'is the installed package’s %s metadata cut to PHONE_COUNTRIES',
    (kind) => {
      expect(committed(kind)).toEqual(cutMetadata(packageMetadata(kind), PHONE_COUNTRIES));
    },
  );

  it.each(PHONE_COUNTRIES)(
    'reads a %s mobile number as the full metadata does, for storage and SMS',
    (country) => {
      const example = examples[country] as string;
      const full = parseWithAll(example, country);
      const international = full?.formatInternational() as string;

      expect(normalizePhone(international)).toBe(full?.number);
      expect(toE164(international)).toBe(full?.number);
      expect(smsNumberOf({ mobile: international, phone: null })).toBe(full?.number);
    },
  );

  it('still reads mainland numbers without a country code, and refuses a landline for SMS', () => {
    expect(normalizePhone('138 0013 8000')).toBe('+8613800138000');
    expect(normalizePhone('010-6552 9988')).toBe('+861065529988');
    expect(smsNumberOf({ mobile: null, phone: '010-6552 9988' })).toBeNull();
  });

  it('refuses a number of a plan outside the list rather than storing it unchecked', () => {
    const outside = examples.AR as string;

    expect(normalizePhone(parseWithAll(outside, 'AR')?.formatInternational() as string)).toBeNull();
  });
});
