// Follow-ups, plans and notifications (lib/followups, lib/notifications); the jobs' registry and checkpoints.

import { SEP, t } from './parts.ts';
import { type IndexName, indexKeys, type Key } from './table.ts';

/*
 * Follow-up records (FOLLOWUP#<id>) and plans (PLAN#<id>) are children of their customer's item
 * collection. Paths name them without their customer, so each has a small reference item
 * `T#t#FREF#<id>` (sk REF) that names it. A record's id is a ULID minted from its occurredAt, so the
 * collection lists records in the order they happened; replies live inside their record.
 *
 * agendaByUser (each partition one to-do list of one user; sorted by time):
 *   open plans of the customers a user owns  T#t#AGENDA#PLAN#<owner>      <dueAt>#<planId>
 *   follow-up records by their author        T#t#AGENDA#DONE#<author>     <occurredAt>#<followupId>
 *   owner-history entries giving a customer  T#t#AGENDA#ASSIGNED#<user>  <at>#<entryId>
 *     to a user (someone else moved it to them: transfer, assign)
 *   unread notifications                     T#t#AGENDA#UNREAD#<user>    <notificationId>
 * customerAgenda (the customer item's own to-do entries, projecting what the lists show, CUSTOMER_AGENDA_VIEW):
 *   owned active customers never followed    T#t#AGENDA#NEVER#<owner>     <createdAt>#<customerId>
 *   owned active customers, last follow-up   T#t#AGENDA#LAST#<owner>      <lastFollowUpAt>#<customerId>
 * scheduled (what the jobs deliver):
 *   open plans of owned customers, not yet   SCHED#PLAN#<UTC day of dueAt>  <dueAt>#<tenantId>#<planId>
 *     reminded at their current due time: across tenants, so the reminders job reads only what is
 *     due and never lists tenants; the job's keys never reach a client (no cursor leaves the job)
 *   birthdays of owned customers, contacts   T#t#BDAY                    <MM-DD>#<C|P>#<id>
 * Instants in sort keys are `Date#toISOString()` (fixed width, UTC), so string order is time order.
 */

export type AgendaList = 'PLAN' | 'NEVER' | 'LAST' | 'DONE' | 'ASSIGNED' | 'UNREAD';

const agendaPk = (tenantId: string, list: AgendaList, userId: string) =>
  `${t(tenantId)}${SEP}AGENDA${SEP}${list}${SEP}${userId}`;

/** The lists of customers are the customer item's own entries, on an index of their own. */
const agendaIndex = (list: AgendaList): IndexName =>
  list === 'NEVER' || list === 'LAST' ? 'customerAgenda' : 'agendaByUser';

/** The index attributes that put an item on one of a user's agenda lists. */
export const agendaKeys = (
  tenantId: string,
  list: AgendaList,
  userId: string,
  sortKey: string,
): Record<string, string> => {
  const { pk, sk } = indexKeys(agendaIndex(list));
  return { [pk]: agendaPk(tenantId, list, userId), [sk]: sortKey };
};
export const agendaQuery = (tenantId: string, list: AgendaList, userId: string) => ({
  index: agendaIndex(list),
  pk: agendaPk(tenantId, list, userId),
});
/** An inclusive range of instants (or MM-DD) on a `<time>#<id>` sort key. */
export const timeRange = (from: string, to: string): [string, string] => [from, `${to}${SEP}~`];

export const followUpRefKey = (tenantId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}FREF${SEP}${id}`,
  sk: 'REF',
});

const birthdayPk = (tenantId: string) => `${t(tenantId)}${SEP}BDAY`;
/** A birthday (`YYYY-MM-DD`) on the date-reminders list, by month and day. */
export const birthdayKeys = (tenantId: string, birthday: string, kind: 'C' | 'P', id: string) => ({
  scheduledPk: birthdayPk(tenantId),
  scheduledSk: `${birthday.slice(5)}${SEP}${kind}${SEP}${id}`,
});
/** Birthdays between two `MM-DD` (inclusive, within one calendar year). */
export const birthdaysQuery = (tenantId: string, from: string, to: string) => ({
  index: 'scheduled' as const,
  pk: birthdayPk(tenantId),
  between: timeRange(from, to),
});

/** The follow-up index attributes of a customer item: agenda lists and birthday, while owned and active. */
export function customerFollowUpKeys(
  tenantId: string,
  c: {
    id: string;
    state: string;
    ownerId: string | null;
    createdAt: string;
    lastFollowUpAt?: string | null;
    birthday?: string | null;
  },
): Record<string, string> {
  if (c.state !== 'active' || !c.ownerId) return {};
  return {
    ...(c.lastFollowUpAt
      ? agendaKeys(tenantId, 'LAST', c.ownerId, `${c.lastFollowUpAt}${SEP}${c.id}`)
      : agendaKeys(tenantId, 'NEVER', c.ownerId, `${c.createdAt}${SEP}${c.id}`)),
    ...(c.birthday ? birthdayKeys(tenantId, c.birthday, 'C', c.id) : {}),
  };
}

const plansDuePk = (day: string) => `SCHED${SEP}PLAN${SEP}${day}`;

/**
 * The index attributes of a plan: an open plan of an owned customer is on its owner's agenda, and on
 * the reminders job's schedule until it has been reminded at its current due time.
 */
export function planIndexKeys(
  tenantId: string,
  p: { id: string; dueAt: string; status: string; ownerId: string | null; remindedFor?: string | null },
): Record<string, string> {
  if (p.status !== 'open' || !p.ownerId) return {};
  return {
    ...agendaKeys(tenantId, 'PLAN', p.ownerId, `${p.dueAt}${SEP}${p.id}`),
    ...(p.remindedFor === p.dueAt
      ? {}
      : {
          scheduledPk: plansDuePk(p.dueAt.slice(0, 10)),
          scheduledSk: `${p.dueAt}${SEP}${tenantId}${SEP}${p.id}`,
        }),
  };
}
/** The attributes of an agenda entry: what an update removes when an item leaves its list. */
export const AGENDA_ATTRIBUTES = ['agendaByUserPk', 'agendaByUserSk'] as const;
/** Every index attribute a plan may carry. */
export const PLAN_INDEX_ATTRIBUTES = [...AGENDA_ATTRIBUTES, 'scheduledPk', 'scheduledSk'] as const;

/** Plans due between two instants (inclusive) on one UTC day, across tenants. */
export const plansDueQuery = (day: string, from: string, to: string) => ({
  index: 'scheduled' as const,
  pk: plansDuePk(day),
  between: timeRange(from, to),
});

export const notificationKey = (tenantId: string, userId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}NOTE${SEP}${userId}`,
  sk: id,
});
/** A user's notifications, newest first under a descending Query (ids are ULIDs). */
export const notificationsOf = (tenantId: string, userId: string) => ({
  pk: `${t(tenantId)}${SEP}NOTE${SEP}${userId}`,
});
/** One per (user, dedupe key): a notification is created with it, so a key notifies once. */
export const notificationDedupeKey = (tenantId: string, userId: string, dedupeKey: string): Key => ({
  pk: `${t(tenantId)}${SEP}NOTEKEY${SEP}${userId}`,
  sk: dedupeKey,
});

/**
 * Every tenant, for the jobs that work tenant by tenant (date reminders): one small item each,
 * written when the tenant is provisioned. Not tenant-scoped by nature; read only by jobs.
 */
export const tenantRegistryKey = (tenantId: string): Key => ({ pk: 'TENANTS', sk: tenantId });
export const TENANT_REGISTRY_PK = 'TENANTS';

/** A scheduled job's checkpoint (what it has finished), per job and run scope. Read only by jobs. */
export const jobCheckpointKey = (job: string, scope: string): Key => ({
  pk: `SCHED${SEP}JOB${SEP}${job}`,
  sk: scope,
});
