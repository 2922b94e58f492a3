import type { DynamoDBRecord } from 'aws-lambda';
import { batchPut } from '../db/batch.ts';
import { officeKeys } from '../db/keys.ts';
import { queryPage } from '../db/query.ts';
import { imagesOf } from '../db/stream.ts';
import { getSettings } from '../settings/repository.ts';
import type { CalendarItem } from './events/schemas.ts';
import { addDays, midnightOf } from './events/wall-time.ts';

/**
 * Approved leave on the submitter's calendar (请假 -> 日程): the `leave-calendar` stream consumer
 * writes one all-day item per day of a leave request once it is approved (lib/approvals' request
 * item, `flowType: 'leave'`, form `{ from, to }` as local dates); the calendar reads them as a
 * Query of the user's days in its range. A day item is keyed by its request and date, so a
 * delivery again writes the same items.
 */

const LEAVE_TITLE: Record<string, string> = {
  annual: '年假',
  sick: '病假',
  personal: '事假',
  marriage: '婚假',
  maternity: '产假',
  paternity: '陪产假',
  bereavement: '丧假',
  other: '请假',
};
/** The longest leave a form allows (LeaveForm's `days`). */
const MAX_DAYS = 366;

interface LeaveForm {
  leaveType?: string;
  from?: string;
  to?: string;
}

/** The local dates from `from` to `to`, both included. */
export function datesOf(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = from; day <= to && dates.length < MAX_DAYS; day = addDays(day, 1)) dates.push(day);
  return dates;
}

/** One stream record of an approval request: its leave days once it turns approved. */
export async function onLeaveDecided(record: DynamoDBRecord): Promise<void> {
  const { before, after, tenantId } = imagesOf(record);
  if (
    !tenantId ||
    after?.flowType !== 'leave' ||
    after.status !== 'approved' ||
    before?.status === 'approved'
  )
    return;
  const form = (after.form ?? {}) as LeaveForm;
  if (!form.from || !form.to) return;
  const zone = (await getSettings(tenantId)).timezone;
  const approvalId = after.id as string;
  const userId = after.submitterId as string;
  const title = `${LEAVE_TITLE[form.leaveType ?? 'other'] ?? '请假'}（${form.from} ~ ${form.to}）`;
  await batchPut(
    datesOf(form.from, form.to).map((day) => {
      const startsAt = midnightOf(day, zone);
      return {
        ...officeKeys.leaveDayKey(tenantId, approvalId, day),
        ...officeKeys.leaveIndexKeys(tenantId, userId, startsAt, approvalId),
        type: 'leaveDay',
        approvalId,
        userId,
        day,
        title,
        startsAt,
        endsAt: midnightOf(addDays(day, 1), zone),
      };
    }),
  );
}

/**
 * The user's leave overlapping [from, to), each request once, spanning its days in the range. A
 * day starts at local midnight: a range opening mid-day also reads the day it opens in.
 */
export async function leaveBetween(
  tenantId: string,
  userId: string,
  from: string,
  to: string,
  limit: number,
): Promise<CalendarItem[]> {
  const { index, pk } = officeKeys.leaveQuery(tenantId, userId);
  const page = await queryPage<Record<string, unknown>>({
    tenantId,
    index,
    pk,
    sk: { between: [new Date(Date.parse(from) - 86_400_000).toISOString(), `${to}#~`] },
    limit,
    ascending: true,
    fingerprint: 'calendar-leave',
  });
  const byRequest = new Map<string, CalendarItem>();
  for (const day of page.items) {
    if ((day.endsAt as string) <= from || (day.startsAt as string) >= to) continue;
    const id = day.approvalId as string;
    const seen = byRequest.get(id);
    byRequest.set(id, {
      kind: 'leave',
      id,
      title: day.title as string,
      startsAt: seen ? seen.startsAt : (day.startsAt as string),
      endsAt: day.endsAt as string,
      allDay: true,
    });
  }
  return [...byRequest.values()];
}
