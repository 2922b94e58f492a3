import * as z from 'zod/mini';
import { Customer, HistoryEntry } from '../customers/schemas.ts';
import { Notification } from '../notifications/schemas.ts';
import { Cursor, Id, Instant, Limit, LocalDate, pageOf } from '../schemas.ts';

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
/** Interest points and objections (兴趣点, 异议点): short points, not prose. */
const Points = z.pipe(
  z.array(Text(200)).check(z.maxLength(20)),
  z.transform((points) => [...new Set(points)]),
);

export const MAX_REPLIES = 100;

// ---- follow-up records (跟进记录) ----------------------------------------------------------------

export const Reply = z.object({
  id: Id,
  authorId: Id,
  authorName: z.string(),
  content: z.string(),
  createdAt: z.string(),
});
export type Reply = z.infer<typeof Reply>;
export const ReplyCreated = z.extend(Reply, { followupId: Id });

export const FollowUp = z.object({
  id: Id,
  customerId: Id,
  /** The customer's name when the record was written. */
  customerName: z.string(),
  authorId: Id,
  authorName: z.string(),
  content: z.string(),
  /** A `channel` dictionary item (visit, call, WeChat, ...). */
  channel: z.nullable(Id),
  interests: z.array(z.string()),
  objections: z.array(z.string()),
  /** The maturity (成熟度) before and after this follow-up; equal when it did not change it. */
  maturityBefore: z.nullable(Id),
  maturityAfter: z.nullable(Id),
  occurredAt: z.string(),
  nextFollowUpAt: z.nullable(z.string()),
  nextFollowUpNote: z.nullable(z.string()),
  /** The plan this record scheduled (from nextFollowUpAt), and the plan it carried out. */
  scheduledPlanId: z.nullable(Id),
  completedPlanId: z.nullable(Id),
  replies: z.array(Reply),
  createdAt: z.string(),
});
export type FollowUp = z.infer<typeof FollowUp>;
export const FollowUpPage = pageOf(FollowUp);

export const CreateFollowUpBody = z
  .strictObject({
    content: Text(5000),
    channel: z.optional(Id),
    interests: z.optional(Points),
    objections: z.optional(Points),
    maturityId: z.optional(Id),
    /** When it happened: now when absent; may be in the past, never in the future. */
    occurredAt: z.optional(Instant),
    nextFollowUpAt: z.optional(Instant),
    nextFollowUpNote: z.optional(Text(1000)),
    /** An open plan of this customer that this follow-up carries out: it is marked done. */
    planId: z.optional(Id),
  })
  .check(
    z.refine((b) => b.nextFollowUpNote === undefined || b.nextFollowUpAt !== undefined, {
      path: ['nextFollowUpAt'],
      message: 'A next follow-up note needs its time',
    }),
  );
export type CreateFollowUpInput = z.output<typeof CreateFollowUpBody>;

export const FollowUpListQuery = z.strictObject({ limit: Limit, cursor: Cursor });
export const ReplyBody = z.strictObject({ content: Text(2000) });

// ---- plans (跟进计划) ------------------------------------------------------------------------------

export const PlanStatus = z.enum(['open', 'done', 'cancelled']);
export type PlanStatus = z.infer<typeof PlanStatus>;

export const Plan = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  /** The customer's owner, whose agenda the open plan is on (null while the customer is not owned). */
  ownerId: z.nullable(Id),
  dueAt: z.string(),
  /** Key points (跟进要点). */
  note: z.string(),
  status: PlanStatus,
  /** The follow-up record that scheduled it, if any. */
  followupId: z.nullable(Id),
  createdBy: Id,
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.nullable(z.string()),
  closedBy: z.nullable(Id),
  version: z.number().check(z.int()),
});
export type Plan = z.infer<typeof Plan>;

export const CreatePlanBody = z.strictObject({ dueAt: Instant, note: Text(1000) });
export const UpdatePlanBody = z
  .strictObject({
    dueAt: z.optional(Instant),
    note: z.optional(Text(1000)),
    status: z.optional(z.enum(['done', 'cancelled'])),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdatePlanInput = z.output<typeof UpdatePlanBody>;

// ---- to-do lists, calendar, home (客户跟进列表, 日历模式, 工作台) ----------------------------------

export const FOLLOW_UP_LISTS = ['today', 'week', 'overdue', 'never', 'dormant'] as const;
export type FollowUpList = (typeof FOLLOW_UP_LISTS)[number];
export const FollowUpListParams = z.strictObject({ list: z.enum(FOLLOW_UP_LISTS) });

const Days = z.coerce.number().check(z.int(), z.gte(0), z.lte(3650));
export const FollowUpListsQuery = z
  .strictObject({
    /** A subordinate whose list a superior looks at (default: the caller). */
    userId: z.optional(Id),
    /** dormant only: the last follow-up between maxDays and minDays days ago (default 7 to 60). */
    minDays: z.optional(Days),
    maxDays: z.optional(Days),
    limit: Limit,
    cursor: Cursor,
  })
  .check(
    z.refine((q) => q.minDays === undefined || q.maxDays === undefined || q.minDays <= q.maxDays, {
      path: ['minDays'],
      message: 'minDays cannot exceed maxDays',
    }),
  );
export type FollowUpListsQuery = z.output<typeof FollowUpListsQuery>;

/** The customer part of a to-do list entry: plan lists carry what the plan knows of its customer. */
export const AgendaCustomer = z.extend(
  z.pick(Customer, { id: true, name: true, ownerId: true }),
  z.partial(
    z.pick(Customer, {
      ownerName: true,
      maturityId: true,
      levelId: true,
      hot: true,
      lastFollowUpAt: true,
      nextFollowUpAt: true,
      nextFollowUpNote: true,
      reclaimAt: true,
    }),
  ).shape,
);
export const AgendaItem = z.object({ customer: AgendaCustomer, plan: z.nullable(Plan) });
export type AgendaItem = z.infer<typeof AgendaItem>;
export const AgendaPage = pageOf(AgendaItem);

export const CalendarQuery = z.strictObject({ date: LocalDate, userId: z.optional(Id) });
const Section = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), more: z.boolean() });
export const Calendar = z.object({
  date: z.string(),
  /** Open plans due that day. */
  due: Section(AgendaItem),
  /** Follow-up records written about that day. */
  done: Section(FollowUp),
  /** Open plans due before that day. */
  overdue: Section(AgendaItem),
  /** Customers given to the user that day (transfer, assignment), as they are now. */
  newlyAssigned: Section(z.object({ entry: HistoryEntry, customer: z.nullable(AgendaCustomer) })),
});

const Count = z.object({ count: z.number().check(z.int()), more: z.boolean() });
export const Home = z.object({
  /** This week's open plans (周计划), Monday to Sunday in the tenant's time zone. */
  weekPlans: Section(AgendaItem),
  /** Today's notifications (reminders, replies), newest first. */
  reminders: Section(Notification),
  /** How many entries each to-do list holds (counted up to a cap: `more` when there are more). */
  counts: z.object({ today: Count, week: Count, overdue: Count, never: Count, dormant: Count }),
  /** The caller's customers about to return to the public pool. */
  reclaimSoon: Section(Customer),
});
