import * as z from 'zod/mini';
import { Approval } from '../approvals/schemas.ts';
import { presentContact } from '../customers/contact-items.ts';
import { Contact } from '../customers/contact-schemas.ts';
import { type CustomerRecord, present } from '../customers/rules.ts';
import { Customer, HistoryEntry } from '../customers/schemas.ts';
import { stripKeys } from '../db/items.ts';
import { Checkin } from '../field/schemas.ts';
import { Attachment } from '../files/schemas.ts';
import { FollowUp, Plan } from '../followups/schemas.ts';
import { Contract, Lead, Opportunity, Payment, PaymentPlan } from '../pipeline/schemas.ts';
import { Broadcast, OptOut } from '../sms/schemas.ts';
import { envelope } from './schemas.ts';

/**
 * Which stored items produce domain events, and which. One entry per item `type` (the `type`
 * attribute of the table's items): a new context's events are one more entry here, with the API
 * schema of its items (office, approvals, field and lifecycle add theirs as they land).
 *
 * `subject` names the events (`<subject>.<verb>`), `schema` is the subject's API representation:
 * an event's data is the item parsed through it, so a webhook never carries more than the API
 * shows. A change of an item is one event at most: a transition's verb (`won`, `signed`) instead of
 * `updated`, never both.
 */

type Item = Record<string, unknown>;

export interface Change {
  event: 'INSERT' | 'MODIFY' | 'REMOVE';
  before: Item | undefined;
  after: Item | undefined;
}

/** What a change of an item is: its verb and who did it (null: the system, or not recorded). */
export interface Happening {
  verb: string;
  actor: string | null;
  /** The subject, when it is not the item itself (an owner-history entry is about its customer). */
  subjectId?: string;
}

export interface Source {
  subject: string;
  schema: z.ZodMiniType;
  verbs: readonly string[];
  /** The subject is a child of a customer: its events name the customer too. */
  ofCustomer?: boolean;
  /** The subject's id, when not `id`. */
  idField?: string;
  /** What `data` is, when not the subject itself (for the API document). */
  data?: string;
  /** The item as its context presents it, when the stored record is not already that shape. */
  present?: (item: Item) => unknown;
  what(change: Change, diff: ReadonlySet<string>): Happening | undefined;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
const creator = (item: Item | undefined) => str(item?.createdBy) ?? str(item?.authorId);
/**
 * Who made the item's current version: `updatedBy` names its writer with the version they wrote
 * (lib/lifecycle's timeline reads it alike), so a later write that does not restamp it (a system
 * copy, a sync) is nobody's edit rather than the last person's.
 */
const editor = (item: Item | undefined) => {
  const by = item?.updatedBy as { id?: unknown; version?: unknown } | string | null | undefined;
  if (typeof by === 'string') return str(by);
  return by && by.version === item?.version ? str(by.id) : null;
};

/**
 * The usual life of an item: created, updated (when its representation changed beyond the fields
 * in `copies`, which are copies of another item's data and that item's events), removed; `moves`
 * names transitions that replace `updated`.
 */
function lifecycle(opts: {
  copies?: readonly string[];
  moves?: (before: Item, after: Item) => Happening | undefined;
  moveVerbs?: readonly string[];
  removed?: string;
  /** Changes that are not worth an event of their own (progress counters). */
  quiet?: boolean;
}) {
  const removed = opts.removed ?? 'deleted';
  const copies = new Set(['version', 'updatedAt', ...(opts.copies ?? [])]);
  return {
    verbs: ['created', ...(opts.quiet ? [] : ['updated']), ...(opts.moveVerbs ?? []), removed],
    what(change: Change, diff: ReadonlySet<string>): Happening | undefined {
      const { before, after } = change;
      if (change.event === 'INSERT') return { verb: 'created', actor: creator(after) };
      if (change.event === 'REMOVE') return { verb: removed, actor: null };
      if (!before || !after) return undefined;
      const moved = opts.moves?.(before, after);
      if (moved) return moved;
      if (opts.quiet || [...diff].every((field) => copies.has(field))) return undefined;
      return { verb: 'updated', actor: editor(after) };
    },
  };
}

const changedTo = (field: string, before: Item, after: Item, value: string) =>
  before[field] !== value && after[field] === value;

/** Owner-history actions, as customer events (lib/customers/rules.ts OwnerAction). */
const OWNER_VERBS: Record<string, string> = {
  claim: 'claimed',
  release: 'released',
  reclaim: 'reclaimed',
  assign: 'assigned',
  transfer: 'transferred',
  delete: 'deleted',
  restore: 'restored',
  toPool: 'movedToPool',
  merge: 'merged',
};

const customerLife = lifecycle({ copies: ['ownerName'], removed: 'removed' });

/** Who moved a request: the one whose last action is new in this change (approvals' `handled`). */
function approvalActor(before: Item, after: Item): string | null {
  const was = (before.handled ?? {}) as Record<string, string>;
  const now = (after.handled ?? {}) as Record<string, string>;
  return Object.keys(now).find((userId) => now[userId] !== was[userId]) ?? null;
}

const checkinLife = lifecycle({
  copies: ['userName', 'customerName'],
  moveVerbs: ['checkedOut'],
  moves: (before, after) =>
    !before.checkedOutAt && after.checkedOutAt ? { verb: 'checkedOut', actor: str(after.userId) } : undefined,
});

const APPROVAL_DECISIONS: Record<string, string> = {
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};
/** Changes of a request that are bookkeeping, not a step of it (a reminder, the lists' entries). */
const APPROVAL_QUIET = new Set(['version', 'updatedAt', 'remindedAt', 'pendingSince', 'handled', 'cc']);

export const SOURCES: Record<string, Source> = {
  customer: {
    subject: 'customer',
    schema: Customer,
    present: (item) => present(stripKeys<CustomerRecord>(item)),
    verbs: customerLife.verbs,
    // Where a customer is and whose it is changes with an owner-history entry in the same
    // transaction (claim, release, transfer, delete, ...): that entry is the event.
    what(change, diff) {
      const moved = ['state', 'ownerId', 'poolId'].some((field) => diff.has(field));
      return change.event === 'MODIFY' && moved ? undefined : customerLife.what(change, diff);
    },
  },
  ownerHistory: {
    subject: 'customer',
    schema: HistoryEntry,
    data: 'the owner-history entry, as `GET /v1/customers/{id}/owner-history` shows it',
    verbs: Object.values(OWNER_VERBS),
    what({ event, after }) {
      const verb = OWNER_VERBS[String(after?.action)];
      if (event !== 'INSERT' || !after || !verb) return undefined;
      return { verb, actor: str(after.actorId), subjectId: String(after.customerId) };
    },
  },
  contact: {
    subject: 'contact',
    schema: Contact,
    present: (item) => presentContact(item),
    ofCustomer: true,
    ...lifecycle({ copies: ['ownerId', 'ownerName', 'customerName'] }),
  },
  followup: {
    subject: 'followup',
    schema: FollowUp,
    ofCustomer: true,
    ...lifecycle({ copies: ['customerName'] }),
  },
  plan: {
    subject: 'followupPlan',
    schema: Plan,
    ofCustomer: true,
    ...lifecycle({
      copies: ['ownerId', 'customerName'],
      moveVerbs: ['completed', 'cancelled'],
      moves: (before, after) =>
        changedTo('status', before, after, 'done')
          ? { verb: 'completed', actor: str(after.closedBy) }
          : changedTo('status', before, after, 'cancelled')
            ? { verb: 'cancelled', actor: str(after.closedBy) }
            : undefined,
    }),
  },
  lead: {
    subject: 'lead',
    schema: Lead,
    ...lifecycle({
      copies: ['ownerName'],
      moveVerbs: ['converted'],
      moves: (before, after) =>
        changedTo('status', before, after, 'converted')
          ? { verb: 'converted', actor: str(after.convertedBy) }
          : undefined,
    }),
  },
  opportunity: {
    subject: 'opportunity',
    schema: Opportunity,
    ofCustomer: true,
    ...lifecycle({
      copies: ['ownerName', 'customerName'],
      moveVerbs: ['won', 'lost', 'stageChanged'],
      moves: (before, after) => {
        const moves = Array.isArray(after.stageHistory) ? (after.stageHistory as Item[]) : [];
        const mover = str(moves.at(-1)?.actorId);
        if (changedTo('status', before, after, 'won')) return { verb: 'won', actor: mover };
        if (changedTo('status', before, after, 'lost')) return { verb: 'lost', actor: mover };
        if (before.stage !== after.stage) return { verb: 'stageChanged', actor: mover };
        return undefined;
      },
    }),
  },
  contract: {
    subject: 'contract',
    schema: Contract,
    ofCustomer: true,
    ...lifecycle({
      copies: ['ownerName', 'customerName'],
      moveVerbs: ['signed', 'completed', 'terminated'],
      moves: (before, after) => {
        for (const [status, verb] of [
          ['signed', 'signed'],
          ['completed', 'completed'],
          ['terminated', 'terminated'],
        ] as const) {
          if (changedTo('status', before, after, status)) return { verb, actor: editor(after) };
        }
        return undefined;
      },
    }),
  },
  paymentPlan: {
    subject: 'paymentPlan',
    schema: PaymentPlan,
    ofCustomer: true,
    ...lifecycle({
      copies: ['ownerId'],
      moveVerbs: ['paid'],
      moves: (before, after) =>
        changedTo('status', before, after, 'paid') ? { verb: 'paid', actor: null } : undefined,
    }),
  },
  payment: {
    subject: 'payment',
    schema: Payment,
    ofCustomer: true,
    ...lifecycle({ copies: ['createdByName'] }),
  },
  smsBroadcast: {
    subject: 'smsBroadcast',
    schema: z.omit(Broadcast, { recipients: true }),
    // Counters move with every message sent: only the start and the end are events.
    ...lifecycle({
      quiet: true,
      moveVerbs: ['completed'],
      moves: (before, after) =>
        changedTo('status', before, after, 'completed') ? { verb: 'completed', actor: null } : undefined,
    }),
  },
  approval: {
    subject: 'approval',
    schema: Approval,
    verbs: ['submitted', 'approved', 'rejected', 'withdrawn', 'resubmitted', 'updated'],
    what({ event, before, after }, diff) {
      if (event === 'INSERT') return { verb: 'submitted', actor: str(after?.submitterId) };
      if (event !== 'MODIFY' || !before || !after) return undefined;
      const status = String(after.status);
      if (before.status !== status) {
        if (status === 'pending') return { verb: 'resubmitted', actor: str(after.submitterId) };
        const verb = APPROVAL_DECISIONS[status];
        const actor = status === 'withdrawn' ? str(after.submitterId) : approvalActor(before, after);
        return verb ? { verb, actor } : undefined;
      }
      if ([...diff].every((field) => APPROVAL_QUIET.has(field))) return undefined;
      // A step approved, returned, an approver added or a turn transferred.
      return { verb: 'updated', actor: approvalActor(before, after) };
    },
  },
  checkin: {
    subject: 'checkin',
    schema: Checkin,
    verbs: checkinLife.verbs,
    what: (change, diff) =>
      change.event === 'INSERT'
        ? { verb: 'created', actor: str(change.after?.userId) }
        : checkinLife.what(change, diff),
  },
  attachment: {
    subject: 'attachment',
    schema: Attachment,
    // An upload announced is not a document yet: it becomes one when confirmed (`ready`).
    verbs: ['ready', 'deleted'],
    what({ event, before, after }) {
      if (event === 'MODIFY' && before?.state !== 'ready' && after?.state === 'ready')
        return { verb: 'ready', actor: str(after.uploadedBy) };
      if (event === 'REMOVE' && before?.state === 'ready') return { verb: 'deleted', actor: null };
      return undefined;
    },
  },
  smsOptOut: {
    subject: 'smsOptOut',
    schema: OptOut,
    idField: 'phone',
    ...lifecycle({ quiet: true }),
  },
};

/** The item types that produce events: the events consumer's stream filter (lib/jobs.ts). */
export const EVENT_ITEM_TYPES = Object.keys(SOURCES);

/** Every event type, with the schema of its data. */
export const EVENT_TYPES: ReadonlyArray<{
  type: string;
  subject: string;
  data: string;
  schema: z.ZodMiniType;
}> = Object.values(SOURCES).flatMap((source) =>
  source.verbs.map((verb) => ({
    type: `${source.subject}.${verb}`,
    subject: source.subject,
    data: source.data ?? `the ${source.subject} as the API represents it`,
    schema: source.schema,
  })),
);

export const EVENT_TYPE_NAMES: readonly string[] = [...new Set(EVENT_TYPES.map((e) => e.type))];

/** The whole event (envelope and data) of a type, as receivers get it; undefined for an unknown type. */
export function eventSchema(type: string) {
  const found = EVENT_TYPES.find((e) => e.type === type);
  return found ? envelope(found.type, found.schema) : undefined;
}
