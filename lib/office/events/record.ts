import type { Viewer } from '../access.ts';
import { superiorOf } from '../access.ts';
import type { Event, Response } from './schemas.ts';

/**
 * An event as stored and who sees or edits it: what reading one event needs, apart from rules.ts
 * (which expands recurrences with rrule) so that a check of an event's visibility (an attachment's
 * target) does not bundle rrule.
 */

/** An event as stored: its people by id (an answer is one attribute, so answers never collide). */
export interface EventRecord extends Omit<Event, 'participants'> {
  people: Record<string, { name: string; response: Response }>;
  organizerRolePath: string;
  /** The next instant a reminder is due (on the jobs' schedule), or null. */
  nextReminderAt: string | null;
}

export const publicEvent = ({
  people,
  organizerRolePath: _p,
  nextReminderAt: _n,
  ...e
}: EventRecord): Event => ({
  ...e,
  participants: Object.entries(people)
    .filter(([id]) => id !== e.organizerId)
    .map(([userId, p]) => ({ userId, name: p.name, response: p.response }))
    .sort((a, b) => a.userId.localeCompare(b.userId)),
});

export const isOnIt = (userId: string, e: Pick<EventRecord, 'people'>) => userId in e.people;

/** The organizer and the people invited see it; superiors too, unless it is private. */
export const canSee = (v: Viewer, e: EventRecord) =>
  isOnIt(v.userId, e) || (!e.private && superiorOf(v, e.organizerRolePath));

/** The organizer changes it; their superiors too, unless it is private. */
export const canEdit = (v: Viewer, e: EventRecord) =>
  v.userId === e.organizerId || (!e.private && superiorOf(v, e.organizerRolePath));

/** A user's answer to one occurrence: their answer to it, else to the series. */
export const responseOf = (
  e: Pick<EventRecord, 'people' | 'occurrenceResponses'>,
  userId: string,
  occurrence: string,
) => e.occurrenceResponses[`${userId}@${occurrence}`] ?? e.people[userId]?.response ?? 'pending';
