import { createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { encodeTime } from 'ulid';

/**
 * Webhook decisions with no I/O: which URLs may be called, which addresses a name may resolve to,
 * when the next attempt is, when a webhook has failed long enough to be switched off.
 */

// ---- outbound addresses (SSRF guard) -------------------------------------------------------------

/** Addresses no webhook may reach: private, loopback, link-local, shared, multicast, reserved. */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** An IPv4 address written inside IPv6 (`::ffff:10.0.0.1`): judged as the IPv4 address it is. */
const unmapped = (address: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;

/**
 * Whether a webhook may connect to this address. Loopback only when `allowLoopback` (the local
 * runtime's switch, for a receiver in a test); private, link-local and the rest never.
 */
export function addressAllowed(address: string, allowLoopback = false): boolean {
  const ip = unmapped(address);
  const family = isIP(ip);
  if (!family) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (allowLoopback && loopback.check(ip, type)) return true;
  return !blocked.check(ip, type);
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/** https only (http only to loopback with the local switch), no credentials in the URL. */
export function checkUrl(raw: string, allowLoopback = false): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'Not a URL.' };
  }
  if (url.username || url.password) return { ok: false, reason: 'Credentials do not belong in the URL.' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local =
    host === 'localhost' ||
    (isIP(host) !== 0 && loopback.check(unmapped(host), isIP(unmapped(host)) === 4 ? 'ipv4' : 'ipv6'));
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && allowLoopback && local) return { ok: true, url };
  return { ok: false, reason: 'Webhook URLs must use https.' };
}

// ---- retries -------------------------------------------------------------------------------------

/**
 * The delays after each failed attempt (the Standard Webhooks schedule): about 27.5 hours from the
 * first attempt to the last, so a receiver may be down for a day and still get everything.
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** Jitter of ±10%: a day of retries never shrinks below 24 hours, and receivers see no thundering herd. */
export const JITTER = 0.1;

/**
 * When the attempt after `attempt` failed ones is due, or null when it was the last. `random` is
 * in [0, 1).
 */
export function nextAttemptAt(failedAttempts: number, at: Date, random: number): Date | null {
  const delay = RETRY_DELAYS_MS[failedAttempts - 1];
  if (delay === undefined) return null;
  return new Date(at.getTime() + Math.round(delay * (1 - JITTER + 2 * JITTER * random)));
}

/** A 2xx answer is a delivery; anything else (or no answer) a failed attempt. */
export const delivered = (status: number | null) => status !== null && status >= 200 && status < 300;

/**
 * A webhook is switched off when a delivery has used up its attempts (a day and more of failures)
 * and nothing reached the receiver since that delivery's first attempt.
 */
export function shouldDisable(failingSince: string | null, firstAttemptAt: string): boolean {
  return failingSince !== null && failingSince <= firstAttemptAt;
}

// ---- identities ----------------------------------------------------------------------------------

/**
 * A delivery's id: a ULID whose time is the event's and whose rest comes from the event and the
 * webhook, so a fan-out delivered twice writes the same delivery, and the log sorts by event time.
 */
export function deliveryId(eventId: string, webhookId: string, occurredAt: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const hash = createHash('sha256').update(`${eventId}\n${webhookId}`).digest();
  let rest = '';
  for (let i = 0; i < 16; i++) rest += alphabet[(hash[i] ?? 0) % 32];
  return `${encodeTime(Date.parse(occurredAt), 10)}${rest}`;
}

/** The minute a delivery counts against the tenant's per-minute cap. */
export const minuteOf = (at: Date) => at.toISOString().slice(0, 16);
export const nextMinute = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000 + 60_000);

/** Whether an event type matches a subscription's filter (`customer.*` or `*` match many). */
export function subscribed(filters: readonly string[], type: string): boolean {
  return filters.some(
    (f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))),
  );
}
