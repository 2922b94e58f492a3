import { afterEach, describe, expect, it } from 'vitest';

process.env.TABLE_NAME ??= 'unit-test';
const { BUSINESS_METRICS, count, metrics } = await import('#lib/metrics.ts');
const { flushMetrics } = await import('#lib/metrics-flush.ts');

afterEach(() => metrics.clearMetrics());

describe('business metrics', () => {
  it('counts events under their CloudWatch names in the CRM namespace, summing within an invocation', () => {
    count('claim');
    count('claim');
    count('reclaim', 5);
    count('smsRefused');

    const emf = metrics.serializeMetrics();
    const [directive] = emf._aws.CloudWatchMetrics;

    expect(directive?.Namespace).toBe('CRM');
    expect(directive?.Metrics.map((m) => m.Name).sort()).toEqual(
      [BUSINESS_METRICS.claim, BUSINESS_METRICS.reclaim, BUSINESS_METRICS.smsRefused].sort(),
    );
    expect(emf[BUSINESS_METRICS.claim]).toEqual([1, 1]);
    expect(emf[BUSINESS_METRICS.reclaim]).toBe(5);
  });

  it('records nothing for a count of zero', () => {
    count('release', 0);

    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('empties the buffer when an invocation ends, so the next one starts from nothing', () => {
    process.env.RUNTIME = 'local';
    count('smsSent');

    flushMetrics();

    expect(metrics.hasStoredMetrics()).toBe(false);
  });
});
