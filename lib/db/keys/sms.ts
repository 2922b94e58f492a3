// SMS (lib/sms).

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * A broadcast (群发短信) is one item collection: the broadcast at `BROADCAST` and one recipient per
 * distinct E.164 number at `RCPT#<E.164>` (duplicates collapse into one item, so a number can be
 * claimed only once), or at `RCPT#~<contactId>` for a contact without a number SMS can reach.
 * Opt-outs are one partition per tenant, sorted by number: a GetItem checks one, a Query lists them.
 */

const broadcastPk = (tenantId: string, broadcastId: string) => `${t(tenantId)}${SEP}SMSB${SEP}${broadcastId}`;

export const smsBroadcastKey = (tenantId: string, broadcastId: string): Key => ({
  pk: broadcastPk(tenantId, broadcastId),
  sk: 'BROADCAST',
});
export const smsRecipientKey = (tenantId: string, broadcastId: string, phone: string): Key => ({
  pk: broadcastPk(tenantId, broadcastId),
  sk: `RCPT${SEP}${phone}`,
});
export const smsUnreachableKey = (tenantId: string, broadcastId: string, contactId: string): Key => ({
  pk: broadcastPk(tenantId, broadcastId),
  sk: `RCPT${SEP}~${contactId}`,
});
export const smsRecipientsPrefix = (tenantId: string, broadcastId: string) => ({
  pk: broadcastPk(tenantId, broadcastId),
  skPrefix: `RCPT${SEP}`,
});

export const smsOptOutKey = (tenantId: string, phone: string): Key => ({
  pk: `${t(tenantId)}${SEP}SMSOPTOUT`,
  sk: phone,
});
export const smsOptOutsPrefix = (tenantId: string) => ({ pk: `${t(tenantId)}${SEP}SMSOPTOUT` });

/*
 * The SMS ceiling (lib/sms/ceiling.ts). A tenant's sends on one of its local days are one counter
 * item, raised by a conditional ADD below the tenant's cap. The sends per second of the whole
 * deployment are one counter item per epoch second: it is shared by every tenant and worker, so it
 * is the one SMS key that does not start with a tenant.
 */
export const smsDailyCountKey = (tenantId: string, localDate: string): Key => ({
  pk: `${t(tenantId)}${SEP}SMSDAY`,
  sk: localDate,
});
export const smsRateBucketKey = (epochSecond: number): Key => ({
  pk: `SMSRATE${SEP}${epochSecond}`,
  sk: 'COUNT',
});
