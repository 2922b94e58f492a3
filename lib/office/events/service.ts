import { ulid } from 'ulid';
import { now } from '../../clock.ts';
import { loadVisibleCustomer } from '../../customers/service.ts';
import { agendaPage } from '../../followups/repository.ts';
import type { Auth } from '../../http/auth.ts';
import { Forbidden, NotFound } from '../../http/errors.ts';
import { getUser } from '../../org/repository.ts';
import { tenantTimezone } from '../../settings/repository.ts';
import { superiorOf } from '../access.ts';
import { leaveBetween } from '../leave.ts';
import { tasksDueBetween } from '../tasks/service.ts';
import { activeUsers } from '../users.ts';
import { loadVisibleEvent, getEvent as readEvent } from './load.ts';
import { canEdit, type EventRecord, isOnIt, publicEvent, responseOf } from './record.ts';
import { expand } from './recurrence.ts';
import * as repo from './repository.ts';
import {
  applyEdit,
  checkOccurrence,
  dropOccurrence,
  editOccurrence,
  nextReminder,
  splitAt,
  timesOf,
} from './rules.ts';
import type {
  CalendarItem,
  CreateEventInput,
  EditScope,
  Event,
  RangeQuery,
  UpdateEventInput,
} from './schemas.ts';
import { floating } from './wall-time.ts';

/** Schedules (日程): events with invitees and answers, recurrence, the calendar and free/busy. */

const load = loadVisibleEvent;

async function loadEditable(auth: Auth, id: string): Promise<EventRecord> {
  const e = await load(auth, id);
  if (!canEdit(auth, e))
    throw new Forbidden('Only the organizer and their superiors may change this event.', 'not_editable');
  return e;
}

const localDate = (instant: string, zone: string) => floating(instant, zone).toISOString().slice(0, 10);

/** Everything on a user's calendar that overlaps [from, to): their events' occurrences. */
async function occurrencesOf(tenantId: string, userId: string, from: string, to: string, zone: string) {
  const events = await repo.calendarOf(tenantId, userId, {
    fromDate: localDate(from, zone),
    toDate: localDate(new Date(Date.parse(to) - 1).toISOString(), zone),
    to,
  });
  return events.flatMap((e) =>
    expand(e, from, to).map((o) => ({ e, o, response: responseOf(e, userId, o.occurrence) })),
  );
}

export async function createEvent(auth: Auth, input: CreateEventInput) {
  const zone = await tenantTimezone(auth);
  const at = now().toISOString();
  const times = timesOf(input, zone);
  const invited = (input.participantIds ?? []).filter((id) => id !== auth.userId);
  const users = await activeUsers(auth.tenantId, [{ path: 'body.participantIds', ids: invited }]);
  if (input.customerId) await loadVisibleCustomer(auth, input.customerId);
  const e: EventRecord = {
    id: ulid(),
    title: input.title,
    description: input.description ?? '',
    location: input.location ?? null,
    allDay: input.allDay,
    ...times,
    timezone: zone,
    organizerId: auth.userId,
    organizerName: auth.userName,
    organizerRolePath: auth.rolePath,
    people: {
      [auth.userId]: { name: auth.userName, response: 'accepted' },
      ...Object.fromEntries(
        invited.map((id) => [id, { name: users.get(id)?.name ?? '', response: 'pending' as const }]),
      ),
    },
    customerId: input.customerId ?? null,
    recurrence: input.recurrence ?? null,
    remindMinutesBefore: input.remindMinutesBefore ?? [],
    private: input.private,
    exdates: [],
    overrides: {},
    occurrenceResponses: {},
    createdAt: at,
    updatedAt: at,
    version: 1,
    nextReminderAt: null,
  };
  e.nextReminderAt = nextReminder(e, at);
  // Conflicts (有冲突时提示): what the people already have during the first occurrence.
  const conflicts = (
    await Promise.all(
      Object.keys(e.people).map(async (userId) =>
        (
          await occurrencesOf(auth.tenantId, userId, e.startsAt, e.endsAt, zone)
        )
          .filter((x) => x.response !== 'declined')
          .map((x) => ({ userId, eventId: x.e.id, startsAt: x.o.startsAt, endsAt: x.o.endsAt })),
      ),
    )
  ).flat();
  await repo.commit(repo.eventSteps(auth.tenantId, undefined, e));
  return { ...publicEvent(e), conflicts };
}

export async function getEvent(auth: Auth, id: string): Promise<Event> {
  return publicEvent(await load(auth, id));
}

async function peopleOf(auth: Auth, patch: UpdateEventInput) {
  const users = await activeUsers(auth.tenantId, [
    { path: 'body.participantIds', ids: patch.participantIds ?? [] },
  ]);
  return Object.fromEntries([...users.values()].map((u) => [u.id, { name: u.name }]));
}

/**
 * Edits an event: the series (scope=all), one occurrence (this) or the occurrence and those after
 * it (following: the series splits in two, the answer is the new one).
 */
export async function updateEvent(
  auth: Auth,
  id: string,
  expected: number,
  scope: EditScope,
  patch: UpdateEventInput,
): Promise<Event> {
  const people = await peopleOf(auth, patch);
  const e = await loadEditable(auth, id);
  if (e.version !== expected) throw new repo.StaleEvent();
  const at = now().toISOString();
  const withReminder = (x: EventRecord) => ({ ...x, nextReminderAt: nextReminder(x, at) });
  if (!e.recurrence || scope.scope === 'all' || !scope.occurrence) {
    const next = withReminder(applyEdit(e, patch, people, at));
    await repo.commit(repo.eventSteps(auth.tenantId, e, next));
    return publicEvent(next);
  }
  const occurrence = checkOccurrence(e, scope.occurrence);
  if (scope.scope === 'this') {
    const next = withReminder(editOccurrence(e, occurrence, patch, at));
    await repo.commit(repo.eventSteps(auth.tenantId, e, next));
    return publicEvent(next);
  }
  if (occurrence === e.startsAt) {
    const next = withReminder(applyEdit(e, patch, people, at));
    await repo.commit(repo.eventSteps(auth.tenantId, e, next));
    return publicEvent(next);
  }
  const { head, tail } = splitAt(e, occurrence, ulid(), at);
  const edited = withReminder(applyEdit(tail, patch, people, at));
  const fresh = { ...edited, version: 1 };
  await repo.commit([
    ...repo.eventSteps(auth.tenantId, e, withReminder(head)),
    ...repo.eventSteps(auth.tenantId, undefined, fresh),
  ]);
  return publicEvent(fresh);
}

export async function deleteEvent(auth: Auth, id: string, scope: EditScope): Promise<void> {
  const e = await loadEditable(auth, id);
  const at = now().toISOString();
  if (!e.recurrence || scope.scope === 'all' || !scope.occurrence) {
    await repo.commit(repo.eventSteps(auth.tenantId, e, undefined));
    return;
  }
  const occurrence = checkOccurrence(e, scope.occurrence);
  if (scope.scope === 'following' && occurrence === e.startsAt) {
    await repo.commit(repo.eventSteps(auth.tenantId, e, undefined));
    return;
  }
  const next =
    scope.scope === 'this' ? dropOccurrence(e, occurrence, at) : splitAt(e, occurrence, ulid(), at).head;
  await repo.commit(repo.eventSteps(auth.tenantId, e, { ...next, nextReminderAt: nextReminder(next, at) }));
}

/** An invitee answers (accept, decline, tentative) the series or one occurrence of it. */
export async function rsvp(
  auth: Auth,
  id: string,
  body: { response: 'accepted' | 'declined' | 'tentative'; occurrence?: string | undefined },
) {
  const e = await load(auth, id);
  if (!isOnIt(auth.userId, e) || e.organizerId === auth.userId)
    throw new Forbidden('Only the people invited answer an invitation.', 'not_invited');
  const occurrence = body.occurrence ? checkOccurrence(e, body.occurrence) : undefined;
  await repo.answer(auth.tenantId, e, auth.userId, body.response, occurrence);
  return publicEvent((await readEvent(auth.tenantId, id)) as EventRecord);
}

/** Whose calendar the caller may read: their own, or a subordinate's (private events as busy time). */
async function calendarOwner(auth: Auth, userId: string | undefined) {
  if (!userId || userId === auth.userId) return auth.userId;
  const user = await getUser(auth.tenantId, userId);
  if (!user || !superiorOf(auth, user.rolePath)) throw new NotFound('user');
  return user.id;
}

const PLAN_LIMIT = 100;

/**
 * The calendar of a range: the user's own and invited events, expanded into occurrences, with their
 * follow-up plans and task due dates of the range (kind plan / task), in start order.
 */
export async function calendar(
  auth: Auth,
  q: RangeQuery,
): Promise<{ items: CalendarItem[]; nextCursor: null }> {
  const zone = await tenantTimezone(auth);
  const userId = await calendarOwner(auth, q.userId);
  const from = new Date(q.from).toISOString();
  const to = new Date(q.to).toISOString();
  const [events, plans, tasks, leave] = await Promise.all([
    occurrencesOf(auth.tenantId, userId, from, to, zone),
    agendaPage(
      auth.tenantId,
      'PLAN',
      userId,
      { between: [from, to] },
      {
        limit: PLAN_LIMIT,
        ascending: true,
        fingerprint: 'calendar',
      },
    ),
    tasksDueBetween(auth, userId, from, to, PLAN_LIMIT),
    leaveBetween(auth.tenantId, userId, from, to, PLAN_LIMIT),
  ]);
  const items: CalendarItem[] = [
    ...events.map(({ e, o, response }): CalendarItem => {
      const hidden = e.private && !isOnIt(auth.userId, e);
      const moved = e.overrides[o.occurrence];
      return {
        kind: 'event',
        id: e.id,
        title: hidden ? '忙碌' : (moved?.title ?? e.title),
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        allDay: e.allDay,
        occurrence: o.occurrence,
        recurring: e.recurrence !== null,
        location: hidden ? null : moved?.location !== undefined ? moved.location : e.location,
        response,
        private: hidden,
        customerId: hidden ? null : e.customerId,
      };
    }),
    ...plans.items.map(
      (p): CalendarItem => ({
        kind: 'plan',
        id: p.id as string,
        title: `${p.customerName as string}：${p.note as string}`,
        startsAt: p.dueAt as string,
        endsAt: p.dueAt as string,
        allDay: false,
        customerId: p.customerId as string,
      }),
    ),
    ...tasks.items.map(
      (t): CalendarItem => ({
        kind: 'task',
        id: t.id,
        title: t.title,
        startsAt: t.dueAt as string,
        endsAt: t.dueAt as string,
        allDay: false,
        customerId: t.customerId,
      }),
    ),
    ...leave,
  ];
  items.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  return { items, nextCursor: null };
}

/** Free/busy of colleagues (忙闲): when each is taken, without what (declined events leave it free). */
export async function busy(auth: Auth, q: { userIds: string[]; from: string; to: string }) {
  const zone = await tenantTimezone(auth);
  await activeUsers(auth.tenantId, [{ path: 'query.userIds', ids: q.userIds }]);
  const from = new Date(q.from).toISOString();
  const to = new Date(q.to).toISOString();
  const items = await Promise.all(
    q.userIds.map(async (userId) => {
      const taken = (await occurrencesOf(auth.tenantId, userId, from, to, zone))
        .filter((x) => x.response !== 'declined')
        .map((x) => ({ startsAt: x.o.startsAt, endsAt: x.o.endsAt }))
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      // Overlapping blocks merge: free/busy says when, not how many.
      const merged: Array<{ startsAt: string; endsAt: string }> = [];
      for (const b of taken) {
        const last = merged.at(-1);
        if (last && b.startsAt <= last.endsAt) last.endsAt = [last.endsAt, b.endsAt].sort()[1] as string;
        else merged.push({ ...b });
      }
      return { userId, busy: merged };
    }),
  );
  return { items };
}
