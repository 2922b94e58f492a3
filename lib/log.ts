import { Logger } from '@aws-lambda-powertools/logger';
import { config } from './config.ts';

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
// Phone-like runs of 7+ digits (optionally with +, spaces or dashes): mainland mobiles, landlines, E.164.
const PHONE = /\+?\d[\d -]{5,}\d/g;
const DATE = /^\d{4}-\d{2}-\d{2}/;
/** Attributes the logger itself writes: ids and times, never PII, and masking them would hide them. */
const OWN_KEYS = new Set(['timestamp', 'function_arn', 'function_request_id', 'xray_trace_id', 'requestId']);

/** Masks e-mail addresses and phone numbers in a string: logs must never carry a contact's PII. */
export function maskPii(text: string): string {
  return text
    .replace(EMAIL, (_, first: string, domain: string) => `${first}***@${domain}`)
    .replace(PHONE, (match) => {
      const digits = match.replace(/\D/g, '');
      if (digits.length < 7 || DATE.test(match)) return match;
      return `${match.startsWith('+') ? '+' : ''}***${digits.slice(-4)}`;
    });
}

export const logger = new Logger({
  serviceName: 'crm',
  logLevel: config().LOG_LEVEL,
  jsonReplacerFn: (key: string, value: unknown) =>
    typeof value === 'string' && !OWN_KEYS.has(key) ? maskPii(value) : value,
});
