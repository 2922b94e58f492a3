import { type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
// The max metadata knows number types: a landline is valid but can take no SMS.
import max from '../phone-metadata/max.json' with { type: 'json' };

const metadata = max as MetadataJson;

/**
 * A number as SMS is sent to it: E.164, mainland China when no country code is given; null when
 * libphonenumber-js does not call it valid. Nothing is ever sent to a number this refuses.
 */
export function toE164(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const parsed = parsePhoneNumberFromString(raw.trim(), 'CN', metadata);
  return parsed?.isValid() ? (parsed.number as string) : null;
}

/**
 * The number of a contact an SMS can reach: the mobile, else the phone when it may be a mobile
 * (a landline such as 010-12345678 cannot take an SMS). Null when neither can.
 */
export function smsNumberOf(contact: { mobile: string | null; phone: string | null }): string | null {
  for (const raw of [contact.mobile, contact.phone]) {
    const phone = toE164(raw);
    if (!phone) continue;
    const type = parsePhoneNumberFromString(phone, metadata)?.getType();
    // Numbering plans without type metadata leave it undefined: such a valid number is tried.
    if (type === undefined || type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') return phone;
  }
  return null;
}
