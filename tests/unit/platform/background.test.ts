import { describe, expect, it } from 'vitest';

process.env.TABLE_NAME ??= 'unit-test';
process.env.RUNTIME = 'local';
const { count, metrics } = await import('#lib/metrics.ts');
const { background } = await import('#lib/tracing.ts');

describe('the wrapper of jobs and consumers', () => {
  it("returns the handler's result and writes what the run counted at its end", async () => {
    let countedDuringRun = false;
    const run = background('reclaim-pool', async (_event: unknown) => {
      count('reclaim', 3);
      countedDuringRun = metrics.hasStoredMetrics();
      return { reclaimed: 3 };
    });

    expect(await run({})).toEqual({ reclaimed: 3 });
    expect(countedDuringRun).toBe(true);
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('passes a failure on, after writing what was counted before it', async () => {
    const run = background('sms-broadcasts', async (_event: unknown) => {
      count('smsSent');
      throw new Error('provider down');
    });

    await expect(run({})).rejects.toThrow('provider down');
    expect(metrics.hasStoredMetrics()).toBe(false);
  });
});
