import * as z from 'zod/mini';
import { Cursor, Id, Limit, LocalDate, pageOf } from '../../schemas.ts';
import { Text, UserIds } from '../schemas.ts';

export const Kind = z.enum(['daily', 'weekly', 'monthly']);
export type Kind = z.infer<typeof Kind>;

/** YYYY-MM-DD (daily), YYYY-Www (weekly, ISO weeks), YYYY-MM (monthly). */
export const Period = z
  .string()
  .check(z.regex(/^\d{4}-(\d{2}-\d{2}|W\d{2}|\d{2})$/, 'YYYY-MM-DD, YYYY-Www or YYYY-MM'));

export const Snapshot = z.object({
  /** The author's numbers over the period, from the analytics aggregates. */
  from: z.string(),
  to: z.string(),
  newCustomers: z.number(),
  followUps: z.number(),
  wonCustomers: z.number(),
  contracts: z.number(),
  contractFen: z.number(),
  receivedFen: z.number(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const Worklog = z.object({
  id: Id,
  kind: Kind,
  period: z.string(),
  authorId: Id,
  authorName: z.string(),
  content: z.string(),
  plan: z.string(),
  problems: z.string(),
  recipientIds: z.array(Id),
  customerIds: z.array(Id),
  attachmentIds: z.array(z.string()),
  snapshot: Snapshot,
  /** Submitted after the period's due time in the rules. */
  late: z.boolean(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Worklog = z.infer<typeof Worklog>;
export const WorklogDetail = z.extend(Worklog, {
  likes: z.array(z.object({ userId: Id, name: z.string() })),
});
export const WorklogPage = pageOf(Worklog);

export const CreateWorklogBody = z
  .strictObject({
    kind: Kind,
    period: Period,
    content: Text(10_000),
    plan: z.optional(z.string().check(z.maxLength(5000))),
    problems: z.optional(z.string().check(z.maxLength(5000))),
    recipientIds: z.optional(UserIds(20)),
    customerIds: z.optional(UserIds(20)),
    attachmentIds: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(20))),
  })
  .check(
    z.refine(
      (b) =>
        ({ daily: /^\d{4}-\d{2}-\d{2}$/, weekly: /^\d{4}-W\d{2}$/, monthly: /^\d{4}-\d{2}$/ })[b.kind].test(
          b.period,
        ),
      { path: ['period'], message: 'daily: YYYY-MM-DD, weekly: YYYY-Www, monthly: YYYY-MM' },
    ),
  );
export type CreateWorklogInput = z.output<typeof CreateWorklogBody>;

export const UpdateWorklogBody = z
  .strictObject({
    content: z.optional(Text(10_000)),
    plan: z.optional(z.string().check(z.maxLength(5000))),
    problems: z.optional(z.string().check(z.maxLength(5000))),
    recipientIds: z.optional(UserIds(20)),
    customerIds: z.optional(UserIds(20)),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateWorklogInput = z.output<typeof UpdateWorklogBody>;

export const WorklogListQuery = z
  .strictObject({
    view: z._default(z.enum(['mine', 'received', 'subordinates']), 'mine'),
    kind: z._default(Kind, 'daily'),
    /** Periods from and to these dates (inclusive). */
    from: z.optional(LocalDate),
    to: z.optional(LocalDate),
    limit: Limit,
    cursor: Cursor,
  })
  .check(
    z.refine((q) => !(q.from && q.to) || q.from <= q.to, {
      path: ['to'],
      message: 'from must not be after to',
    }),
  );
export type WorklogListQuery = z.output<typeof WorklogListQuery>;

const DueTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm'));
export const Rule = z.strictObject({ kind: Kind, roleIds: UserIds(50), dueTime: DueTime });
export type Rule = z.output<typeof Rule>;
export const Rules = z.object({ rules: z.array(Rule), version: z.number() });
export const PutRulesBody = z.strictObject({ rules: z.array(Rule).check(z.maxLength(30)) });

export const CompletionQuery = z.strictObject({ kind: Kind, period: Period, roleId: z.optional(Id) });
const Person = z.object({
  userId: Id,
  name: z.string(),
  submittedAt: z.optional(z.string()),
  worklogId: z.optional(Id),
});
export const Completion = z.object({
  kind: Kind,
  period: z.string(),
  dueAt: z.nullable(z.string()),
  submitted: z.array(Person),
  late: z.array(Person),
  missing: z.array(Person),
});
