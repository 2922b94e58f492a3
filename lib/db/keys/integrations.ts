// Integrations: webhooks and their deliveries (lib/webhooks), API clients (lib/clients).

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * table:
 *   a tenant's webhooks                 T#t                              WEBHOOK#<id>
 *   a webhook's deliveries, by the      T#t#WEBHOOK#<id>                 DLV#<deliveryId>
 *     event's time (delivery ids are ULIDs minted from the event's time and id: one per event)
 *   deliveries per tenant and minute    T#t#WEBHOOK#RATE                 <yyyy-MM-ddTHH:mm>   (TTL)
 *   a tenant's API clients              T#t                              APICLIENT#<id>
 *   an API client by its OAuth id       APICLIENT#<clientId>             APICLIENT
 *     (what authentication reads: a machine token names its client, not its tenant; not
 *     tenant-scoped by nature, written and removed with the tenant's item in one transaction)
 * scheduled:
 *   deliveries due, across tenants      SCHED#WEBHOOKS                   <dueAt>#<tenantId>#<webhookId>#<deliveryId>
 *     (the delivery job reads `sk <= now`; a delivery leaves the index when it succeeds or gives up)
 */

export const webhookKey = (tenantId: string, id: string): Key => ({
  pk: t(tenantId),
  sk: `WEBHOOK${SEP}${id}`,
});
export const webhooksOf = (tenantId: string) => ({ pk: t(tenantId), skPrefix: `WEBHOOK${SEP}` });

const deliveriesPk = (tenantId: string, webhookId: string) => `${t(tenantId)}${SEP}WEBHOOK${SEP}${webhookId}`;
export const deliveryKey = (tenantId: string, webhookId: string, deliveryId: string): Key => ({
  pk: deliveriesPk(tenantId, webhookId),
  sk: `DLV${SEP}${deliveryId}`,
});
export const deliveriesOf = (tenantId: string, webhookId: string) => ({
  pk: deliveriesPk(tenantId, webhookId),
  skPrefix: `DLV${SEP}`,
});

export const WEBHOOKS_DUE_PK = `SCHED${SEP}WEBHOOKS`;
/** The index attributes of a delivery waiting for its next attempt. */
export const deliveryDueKeys = (tenantId: string, webhookId: string, deliveryId: string, dueAt: string) => ({
  scheduledPk: WEBHOOKS_DUE_PK,
  scheduledSk: `${dueAt}${SEP}${tenantId}${SEP}${webhookId}${SEP}${deliveryId}`,
});
export const DELIVERY_DUE_ATTRIBUTES = ['scheduledPk', 'scheduledSk'] as const;
/** The parts of a due entry's sort key. */
export function parseDeliveryDue(sk: string) {
  const [dueAt, tenantId, webhookId, deliveryId] = sk.split(SEP);
  return dueAt && tenantId && webhookId && deliveryId
    ? { dueAt, tenantId, webhookId, deliveryId }
    : undefined;
}

export const deliveryRateKey = (tenantId: string, minute: string): Key => ({
  pk: `${t(tenantId)}${SEP}WEBHOOK${SEP}RATE`,
  sk: minute,
});

export const apiClientKey = (tenantId: string, id: string): Key => ({
  pk: t(tenantId),
  sk: `APICLIENT${SEP}${id}`,
});
export const apiClientsOf = (tenantId: string) => ({ pk: t(tenantId), skPrefix: `APICLIENT${SEP}` });
export const apiClientLoginKey = (clientId: string): Key => ({
  pk: `APICLIENT${SEP}${clientId}`,
  sk: 'APICLIENT',
});
