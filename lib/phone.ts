import { type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from './phone-metadata/min.json' with { type: 'json' };

/**
 * Phone numbers as the API stores them: E.164, mainland China when no country code is given.
 * libphonenumber-js is reached only through `normalizePhone`, with the numbering plans of
 * lib/phone-metadata (a cut of its metadata), so only the functions that take a phone as input
 * (create, update, import, custom fields, leads) bundle it; `phoneQuery` (what a search box typed) is pure and needs no metadata.
 */

/** A phone number in E.164 (mainland China when no country code is given), or null when invalid. */
export function normalizePhone(raw: string): string | null {
  const phone = parsePhoneNumberFromString(raw.trim(), 'CN', metadata as MetadataJson);
  return phone?.isValid() ? (phone.number as string) : null;
}

/** Whether a search query looks like a phone number rather than a name ("138 0013 8000", "+86..."). */
export const looksLikePhone = (q: string) => /^\+?[\d\s()-]{5,}$/.test(q.trim());

/** Mainland mobiles, 400/800 service numbers, and landlines (area code without its trunk 0, then the number). */
const CN_MOBILE = /^1\d{10}$/;
const CN_SERVICE = /^[48]00\d{7}$/;
const CN_LANDLINE = /^[1-9]\d{7,10}$/;

/** A national mainland number (without +86, with or without the trunk 0) in E.164, or null. */
function chinaNational(digits: string): string | null {
  if (CN_MOBILE.test(digits) || CN_SERVICE.test(digits)) return `+86${digits}`;
  if (digits.startsWith('0') && CN_LANDLINE.test(digits.slice(1))) return `+86${digits.slice(1)}`;
  return null;
}

/**
 * The E.164 number a search query stands for, without the metadata: the forms people type a stored
 * (valid, E.164) number in. Mainland numbers as 13800138000, 138 0013 8000, 010-1234 5678,
 * 8613800138000, +86 138..., 0086 138...; others with their country code (+1 650..., 00852...).
 * Null when the query is no phone: it is then searched as a name. Exact lookups only, so a number
 * no customer has simply finds nothing.
 */
export function phoneQuery(q: string): string | null {
  if (!looksLikePhone(q)) return null;
  const text = q.trim();
  const digits = text.replace(/\D/g, '');
  const international = text.startsWith('+') ? digits : digits.startsWith('00') ? digits.slice(2) : null;
  if (international !== null) {
    if (international.startsWith('86'))
      return chinaNational(international.slice(2)) ?? chinaNational(`0${international.slice(2)}`);
    return /^[1-9]\d{6,14}$/.test(international) ? `+${international}` : null;
  }
  if (digits.startsWith('86') && CN_MOBILE.test(digits.slice(2))) return `+${digits}`;
  return chinaNational(digits);
}
