import { describe, expect, it } from 'vitest';
import {
  apiClientKey,
  apiClientLoginKey,
  deliveryDueKeys,
  deliveryKey,
  deliveryRateKey,
  parseDeliveryDue,
  webhookKey,
} from '#lib/db/keys.ts';

describe('integration keys', () => {
  it('spell webhooks, deliveries and the per-minute counter under the tenant', () => {
    expect(webhookKey('t1', 'W')).toEqual({ pk: 'T#t1', sk: 'WEBHOOK#W' });
    expect(deliveryKey('t1', 'W', 'D')).toEqual({ pk: 'T#t1#WEBHOOK#W', sk: 'DLV#D' });
    expect(deliveryRateKey('t1', '2026-12-07T00:01')).toEqual({
      pk: 'T#t1#WEBHOOK#RATE',
      sk: '2026-12-07T00:01',
    });
  });

  it('put due deliveries in one cross-tenant partition by due time, and read them back', () => {
    const due = deliveryDueKeys('t1', 'W', 'D', '2026-12-07T00:00:00.000Z');
    expect(due).toEqual({ scheduledPk: 'SCHED#WEBHOOKS', scheduledSk: '2026-12-07T00:00:00.000Z#t1#W#D' });
    expect(parseDeliveryDue(due.scheduledSk)).toEqual({
      dueAt: '2026-12-07T00:00:00.000Z',
      tenantId: 't1',
      webhookId: 'W',
      deliveryId: 'D',
    });
  });

  it('spell API clients under the tenant, and their login by the OAuth client id', () => {
    expect(apiClientKey('t1', 'C')).toEqual({ pk: 'T#t1', sk: 'APICLIENT#C' });
    expect(apiClientLoginKey('abc')).toEqual({ pk: 'APICLIENT#abc', sk: 'APICLIENT' });
  });
});
