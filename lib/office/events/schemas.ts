import * as z from 'zod/mini';
import { Id, Instant, LocalDate } from '../../schemas.ts';
import { Text, UserIds } from '../schemas.ts';

export const MAX_EVENT_PARTICIPANTS = 20;
/** A range query spans at most this many days. */
export const MAX_RANGE_DAYS = 92;

export const Response = z.enum(['pending', 'accepted', 'declined', 'tentative']);
export type Response = z.infer<typeof Response>;
const Weekday = z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);

/** An instant, or a local date (all-day events; read in the tenant's time zone). */
const When = z.union([Instant, LocalDate]);

export const Recurrence = z
  .strictObject({
    freq: z.enum(['daily', 'weekly', 'monthly', 'yearly']),
    interval: z.optional(z.number().check(z.int(), z.gte(1), z.lte(366))),
    byWeekday: z.optional(z.array(Weekday).check(z.minLength(1), z.maxLength(7))),
    /** The last local date an occurrence may start on. */
    until: z.optional(LocalDate),
    count: z.optional(z.number().check(z.int(), z.gte(1), z.lte(1000))),
  })
  .check(
    z.refine((r) => !(r.until && r.count), { path: ['count'], message: 'Give until or count, not both' }),
    z.refine((r) => !r.byWeekday || r.freq === 'weekly', {
      path: ['byWeekday'],
      message: 'byWeekday goes with freq=weekly',
    }),
  );

export const Participant = z.object({ userId: Id, name: z.string(), response: Response });

export const Event = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  location: z.nullable(z.string()),
  allDay: z.boolean(),
  /** The first occurrence (an all-day event: local midnight of its first day to that after its last). */
  startsAt: z.string(),
  endsAt: z.string(),
  /** The zone its occurrences and all-day dates are computed in (the tenant's when created). */
  timezone: z.string(),
  organizerId: Id,
  organizerName: z.string(),
  participants: z.array(Participant),
  customerId: z.nullable(Id),
  recurrence: z.nullable(Recurrence),
  remindMinutesBefore: z.array(z.number()),
  /** Hidden from everyone not on it (colleagues and superiors see busy time only). */
  private: z.boolean(),
  /** Occurrences deleted from the series (their original start). */
  exdates: z.array(z.string()),
  /** Occurrences moved or changed, by original start. */
  overrides: z.record(
    z.string(),
    z.object({
      startsAt: z.string(),
      endsAt: z.string(),
      title: z.optional(z.string()),
      location: z.optional(z.nullable(z.string())),
    }),
  ),
  /** Answers for single occurrences, `<userId>@<occurrence>`. */
  occurrenceResponses: z.record(z.string(), Response),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Event = z.infer<typeof Event>;

export const Conflict = z.object({
  userId: Id,
  eventId: Id,
  startsAt: z.string(),
  endsAt: z.string(),
});
export const CreatedEvent = z.extend(Event, { conflicts: z.array(Conflict) });

export const CreateEventBody = z
  .strictObject({
    title: Text(200),
    description: z.optional(z.string().check(z.maxLength(5000))),
    startsAt: When,
    endsAt: When,
    allDay: z._default(z.boolean(), false),
    location: z.optional(Text(300)),
    participantIds: z.optional(UserIds(MAX_EVENT_PARTICIPANTS)),
    customerId: z.optional(Id),
    recurrence: z.optional(Recurrence),
    remindMinutesBefore: z.optional(
      z.pipe(
        z.array(z.number().check(z.int(), z.gte(0), z.lte(10_080))).check(z.maxLength(5)),
        z.transform((ns) => [...new Set(ns)].sort((a, b) => a - b)),
      ),
    ),
    private: z._default(z.boolean(), false),
  })
  .check(
    z.refine((b) => b.allDay || (b.startsAt.includes('T') && b.endsAt.includes('T')), {
      path: ['startsAt'],
      message: 'A timed event starts and ends at instants; dates are for all-day events',
    }),
  );
export type CreateEventInput = z.output<typeof CreateEventBody>;

export const UpdateEventBody = z
  .strictObject({
    title: z.optional(Text(200)),
    description: z.optional(z.string().check(z.maxLength(5000))),
    startsAt: z.optional(When),
    endsAt: z.optional(When),
    location: z.optional(z.nullable(Text(300))),
    participantIds: z.optional(UserIds(MAX_EVENT_PARTICIPANTS)),
    recurrence: z.optional(z.nullable(Recurrence)),
    remindMinutesBefore: z.optional(
      z.array(z.number().check(z.int(), z.gte(0), z.lte(10_080))).check(z.maxLength(5)),
    ),
    private: z.optional(z.boolean()),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateEventInput = z.output<typeof UpdateEventBody>;

export const EditScope = z.strictObject({
  scope: z._default(z.enum(['this', 'following', 'all']), 'all'),
  occurrence: z.optional(Instant),
});
export const EditScopeQuery = EditScope.check(
  z.refine((q) => q.scope === 'all' || q.occurrence !== undefined, {
    path: ['occurrence'],
    message: 'scope=this and scope=following name the occurrence (its original startsAt)',
  }),
);
export type EditScope = z.output<typeof EditScopeQuery>;

export const RsvpBody = z.strictObject({
  response: z.enum(['accepted', 'declined', 'tentative']),
  occurrence: z.optional(Instant),
});

export const RangeQuery = z.strictObject({ from: Instant, to: Instant, userId: z.optional(Id) }).check(
  z.refine((q) => Date.parse(q.from) < Date.parse(q.to), { path: ['to'], message: 'to must be after from' }),
  z.refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_RANGE_DAYS * 86_400_000, {
    path: ['to'],
    message: `A range spans at most ${MAX_RANGE_DAYS} days`,
  }),
);
export type RangeQuery = z.output<typeof RangeQuery>;

export const CalendarItem = z.object({
  /** leave: approved leave of the user (lib/approvals), all day; `id` is the request's. */
  kind: z.enum(['event', 'plan', 'task', 'leave']),
  id: Id,
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  allDay: z.boolean(),
  /** event: the occurrence's original start (its id within a series). */
  occurrence: z.optional(z.string()),
  recurring: z.optional(z.boolean()),
  location: z.optional(z.nullable(z.string())),
  /** event: the user's answer to this occurrence. */
  response: z.optional(Response),
  /** event: a private event of someone else, shown as busy time only. */
  private: z.optional(z.boolean()),
  customerId: z.optional(z.nullable(Id)),
});
export type CalendarItem = z.infer<typeof CalendarItem>;
export const CalendarPage = z.object({ items: z.array(CalendarItem), nextCursor: z.nullable(z.string()) });

export const BusyQuery = z
  .strictObject({
    /** Comma-separated user ids, at most 20. */
    userIds: z.pipe(
      z.pipe(
        z.string().check(z.maxLength(27 * 20)),
        z.transform((s) => [...new Set(s.split(','))]),
      ),
      z.array(Id).check(z.minLength(1), z.maxLength(20)),
    ),
    from: Instant,
    to: Instant,
  })
  .check(
    z.refine((q) => Date.parse(q.from) < Date.parse(q.to), {
      path: ['to'],
      message: 'to must be after from',
    }),
    z.refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_RANGE_DAYS * 86_400_000, {
      path: ['to'],
      message: `A range spans at most ${MAX_RANGE_DAYS} days`,
    }),
  );
export const Busy = z.object({
  items: z.array(
    z.object({ userId: Id, busy: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })) }),
  ),
});
