import { describe, expect, it } from 'vitest';
import {
  addressAllowed,
  checkUrl,
  deliveryId,
  MAX_ATTEMPTS,
  nextAttemptAt,
  RETRY_DELAYS_MS,
  shouldDisable,
  subscribed,
} from '#lib/webhooks/rules.ts';

describe('addressAllowed', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
  ])('refuses %s', (ip) => {
    expect(addressAllowed(ip)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])('allows %s', (ip) => {
    expect(addressAllowed(ip)).toBe(true);
  });

  it('allows loopback only with the local switch, and never private addresses', () => {
    expect(addressAllowed('127.0.0.1', true)).toBe(true);
    expect(addressAllowed('::1', true)).toBe(true);
    expect(addressAllowed('10.0.0.1', true)).toBe(false);
    expect(addressAllowed('169.254.169.254', true)).toBe(false);
  });
});

describe('checkUrl', () => {
  it('wants https', () => {
    expect(checkUrl('https://erp.example.com/hook').ok).toBe(true);
    expect(checkUrl('http://erp.example.com/hook').ok).toBe(false);
    expect(checkUrl('ftp://erp.example.com/hook').ok).toBe(false);
    expect(checkUrl('not a url').ok).toBe(false);
  });

  it('refuses credentials in the URL', () => {
    expect(checkUrl('https://user:pw@erp.example.com/hook').ok).toBe(false);
  });

  it('takes http to loopback only with the local switch', () => {
    expect(checkUrl('http://127.0.0.1:8080/hook').ok).toBe(false);
    expect(checkUrl('http://127.0.0.1:8080/hook', true).ok).toBe(true);
    expect(checkUrl('http://localhost:8080/hook', true).ok).toBe(true);
    expect(checkUrl('http://erp.example.com/hook', true).ok).toBe(false);
  });
});

describe('nextAttemptAt', () => {
  const start = new Date('2026-12-07T00:00:00.000Z');

  it('retries for at least 24 hours even with the shortest jitter, then gives up', () => {
    let at = start;
    for (let failed = 1; failed < MAX_ATTEMPTS; failed++) {
      at = nextAttemptAt(failed, at, 0) as Date;
    }
    expect(at.getTime() - start.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(nextAttemptAt(MAX_ATTEMPTS, at, 0.5)).toBeNull();
  });

  it('grows the delay and spreads it by at most 10%', () => {
    const delays = [1, 2, 3].map((n) => (nextAttemptAt(n, start, 0.5) as Date).getTime() - start.getTime());
    expect(delays).toEqual(RETRY_DELAYS_MS.slice(0, 3));
    const low = (nextAttemptAt(4, start, 0) as Date).getTime() - start.getTime();
    const high = (nextAttemptAt(4, start, 0.999999) as Date).getTime() - start.getTime();
    expect(low).toBe((RETRY_DELAYS_MS[3] as number) * 0.9);
    expect(high).toBeLessThanOrEqual((RETRY_DELAYS_MS[3] as number) * 1.1);
  });
});

describe('shouldDisable', () => {
  it('disables when nothing succeeded since the delivery began', () => {
    expect(shouldDisable('2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toBe(true);
    expect(shouldDisable('2026-11-30T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toBe(true);
  });

  it('keeps a webhook that delivered something meanwhile', () => {
    expect(shouldDisable(null, '2026-12-01T00:00:00.000Z')).toBe(false);
    expect(shouldDisable('2026-12-01T05:00:00.000Z', '2026-12-01T00:00:00.000Z')).toBe(false);
  });
});

describe('deliveryId', () => {
  it('is the same for the same event and webhook, and sorts by the event time', () => {
    const a = deliveryId('evt_1', 'W1', '2026-12-07T00:00:00.000Z');
    expect(deliveryId('evt_1', 'W1', '2026-12-07T00:00:00.000Z')).toBe(a);
    expect(deliveryId('evt_1', 'W2', '2026-12-07T00:00:00.000Z')).not.toBe(a);
    expect(deliveryId('evt_2', 'W1', '2026-12-07T00:00:01.000Z') > a).toBe(true);
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describe('subscribed', () => {
  it('matches exact types, a subject wildcard and everything', () => {
    expect(subscribed(['customer.claimed'], 'customer.claimed')).toBe(true);
    expect(subscribed(['customer.*'], 'customer.released')).toBe(true);
    expect(subscribed(['customer.*'], 'contact.created')).toBe(false);
    expect(subscribed(['*'], 'payment.created')).toBe(true);
    expect(subscribed(['lead.created'], 'lead.converted')).toBe(false);
  });
});
