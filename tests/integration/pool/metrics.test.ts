import { afterEach, describe, expect, it } from 'vitest';
import { authenticate } from '#lib/http/auth.ts';
import { BUSINESS_METRICS, metrics } from '#lib/metrics.ts';
import { claim, release } from '#lib/pool/service.ts';
import type { Caller } from '#tests/support/api.ts';
import { company, create, released } from './world.ts';

/** The caller as the HTTP stack would know them, from the claims of their token. */
const authOf = (as: Caller) =>
  authenticate({
    requestContext: {
      authorizer: { jwt: { claims: { 'custom:tenantId': as.tenantId, 'custom:userId': as.userId } } },
    },
  } as never);

afterEach(() => metrics.clearMetrics());

describe('business metrics of the pool', () => {
  it('counts one claim per customer claimed, and one release per customer released', async () => {
    const { rep, peer, reasonId } = await company();
    const [a, b] = [await create(rep), await create(rep)];
    await released(rep, a.id, reasonId);
    metrics.clearMetrics();

    await claim(await authOf(peer), a.id);
    await release(await authOf(rep), b.id, { reasonId });

    const emf = metrics.serializeMetrics();
    expect(emf[BUSINESS_METRICS.claim]).toBe(1);
    expect(emf[BUSINESS_METRICS.release]).toBe(1);
  });

  it('counts nothing for a claim that is refused', async () => {
    const { rep, peer } = await company();
    const mine = await create(rep);
    metrics.clearMetrics();

    await expect(claim(await authOf(peer), mine.id)).rejects.toBeDefined();

    expect(metrics.hasStoredMetrics()).toBe(false);
  });
});
