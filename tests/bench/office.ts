/**
 * The office's part of the bench: a seeder that loads tasks, events, announcements, work logs and
 * activity straight into the table through the repositories' item builders. reps[0] gets more than
 * a page of each list; every other rep gets their own elsewhere, so the large tenant holds ten times
 * more without any of it on reps[0]'s lists. Each list must read about one item per item it returns.
 */
import { ulid } from 'ulid';
import { batchPut } from '#lib/db/batch.ts';
import { entryItems } from '#lib/office/activity/repository.ts';
import { recipientItems } from '#lib/office/announcements/repository.ts';
import type { Announcement } from '#lib/office/announcements/schemas.ts';
import type { EventRecord } from '#lib/office/events/record.ts';
import { entryItem, eventItem } from '#lib/office/events/repository.ts';
import { entriesOf } from '#lib/office/events/rules.ts';
import { taskItem, taskViewItem } from '#lib/office/tasks/repository.ts';
import { type TaskRecord, viewsOf } from '#lib/office/tasks/rules.ts';
import { periodItem, putRules, worklogItem } from '#lib/office/worklogs/repository.ts';
import type { WorklogRecord } from '#lib/office/worklogs/rules.ts';
import { remindMissing } from '#lib/office/worklogs/service.ts';
import type { BenchEndpoint, BenchTenant, BenchUser, Seeder } from './endpoints.ts';

const PAGE = 20;
const PER_LIST = 25;
const TZ = 'Asia/Shanghai';
const DAY_FROM = '2031-01-14T16:00:00.000Z';
const DAY_TO = '2031-01-15T16:00:00.000Z';
const PERIOD = '2031-01-15';

const rolePath = (t: BenchTenant, manager = false) =>
  manager ? `/${t.roles.root}/${t.roles.manager}` : `/${t.roles.root}/${t.roles.manager}/${t.roles.rep}`;

function task(t: BenchTenant, by: BenchUser, to: BenchUser, n: number): TaskRecord {
  const at = new Date(Date.UTC(2031, 0, 1) + n * 60_000).toISOString();
  return {
    id: ulid(),
    title: `基准任务${n}`,
    description: '',
    assigneeId: to.userId,
    assigneeName: to.name,
    participantIds: [],
    ccUserIds: [],
    priority: 'normal',
    dueAt: new Date(Date.UTC(2031, 1, 1) + n * 60_000).toISOString(),
    customerId: null,
    customerName: null,
    parentId: null,
    labels: [],
    status: 'open',
    completedAt: null,
    completedBy: null,
    createdBy: by.userId,
    createdByName: by.name,
    createdAt: at,
    updatedAt: at,
    version: 1,
    assigneeRolePath: rolePath(t),
    creatorRolePath: rolePath(t, true),
    remindedFor: null,
  };
}

function event(who: BenchUser, startsAt: string, n: number): EventRecord {
  return {
    id: ulid(),
    title: `基准日程${n}`,
    description: '',
    location: null,
    allDay: false,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 20 * 60_000).toISOString(),
    timezone: TZ,
    organizerId: who.userId,
    organizerName: who.name,
    organizerRolePath: '',
    people: { [who.userId]: { name: who.name, response: 'accepted' } },
    customerId: null,
    recurrence: null,
    remindMinutesBefore: [],
    private: false,
    exdates: [],
    overrides: {},
    occurrenceResponses: {},
    createdAt: startsAt,
    updatedAt: startsAt,
    version: 1,
    nextReminderAt: null,
  };
}

function worklog(t: BenchTenant, who: BenchUser, period: string): WorklogRecord {
  const at = `${period}T10:00:00.000Z`;
  return {
    id: ulid(),
    kind: 'daily',
    period,
    authorId: who.userId,
    authorName: who.name,
    authorRolePath: rolePath(t),
    content: '基准日志',
    plan: '',
    problems: '',
    recipientIds: [],
    customerIds: [],
    attachmentIds: [],
    snapshot: {
      from: period,
      to: period,
      newCustomers: 0,
      followUps: 0,
      wonCustomers: 0,
      contracts: 0,
      contractFen: 0,
      receivedFen: 0,
    },
    late: false,
    submittedAt: at,
    updatedAt: at,
    version: 1,
  };
}

const dayOf = (offset: number) =>
  new Date(Date.UTC(2031, 0, 15) - offset * 86_400_000).toISOString().slice(0, 10);

export const officeSeeder: Seeder = {
  name: 'office (tasks, events, announcements, work logs, activity: a page of each for reps[0], the rest elsewhere)',
  async seed(_api, t) {
    const [first, ...others] = t.reps;
    const boss = t.managers[0];
    if (!first || !boss) throw new Error('the office seeder needs the users seeder first');
    const items: Record<string, unknown>[] = [];
    const addTask = (x: TaskRecord) =>
      items.push(
        taskItem(t.tenantId, x),
        ...viewsOf(x).map((v) => taskViewItem(t.tenantId, x, v.view, v.whose)),
      );
    const addEvent = (e: EventRecord) =>
      items.push(eventItem(t.tenantId, e), ...entriesOf(e).map((x) => entryItem(t.tenantId, e, x)));
    const addLog = (w: WorklogRecord) => items.push(worklogItem(t.tenantId, w), periodItem(t.tenantId, w));
    const announce = (n: number): Announcement => {
      const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
      return {
        id: ulid(),
        title: `基准公告${n}`,
        content: '内容',
        audience: { all: true },
        pinned: n % 10 === 0,
        validFrom: at,
        validTo: null,
        publisherId: t.admin.userId,
        publisherName: t.admin.name,
        publishedAt: at,
        updatedAt: at,
        version: 1,
      };
    };
    const act = (who: BenchUser, n: number) => ({
      id: `bench-${ulid()}`,
      kind: 'worklog',
      actorId: who.userId,
      actorName: who.name,
      at: new Date(Date.UTC(2031, 0, 1) + n * 60_000).toISOString(),
      title: '基准动态',
      link: '/v1/worklogs',
      customerId: null,
    });
    for (let n = 0; n < PER_LIST; n++) {
      addTask(task(t, boss, first, n));
      addEvent(event(first, new Date(Date.parse(DAY_FROM) + (n + 1) * 30 * 60_000).toISOString(), n));
      items.push(...recipientItems(t.tenantId, announce(n), { id: first.userId, name: first.name }));
      addLog(worklog(t, first, dayOf(n)));
      items.push(
        ...entryItems(t.tenantId, act(first, n), [
          { user: first.userId },
          { role: t.roles.root },
          { role: t.roles.manager },
        ]),
      );
    }
    // Everyone else: a few of each on their own lists and other days.
    for (const [i, other] of others.entries()) {
      addTask(task(t, boss, other, 1000 + i));
      addEvent(event(other, `2031-02-0${1 + (i % 9)}T02:00:00.000Z`, 1000 + i));
      items.push(...recipientItems(t.tenantId, announce(1000 + i), { id: other.userId, name: other.name }));
      addLog(worklog(t, other, i % 2 ? PERIOD : dayOf(40 + i)));
      items.push(...entryItems(t.tenantId, act(other, 1000 + i), [{ user: other.userId }]));
    }
    await batchPut(items, 8);
    // Every rep owes a daily log by 18:00: the completion report lists them all.
    await putRules(t.tenantId, [{ kind: 'daily', roleIds: [t.roles.rep], dueTime: '18:00' }], 0);
    // The worklog-reminders job draws the period's roster, which the completion report reads.
    await remindMissing(t.tenantId, new Date(`${PERIOD}T12:00:00+08:00`));
  },
};

export const officeEndpoints: BenchEndpoint[] = [
  {
    name: 'tasks: assigned to me',
    route: 'GET /v1/tasks',
    path: () => `/v1/tasks?view=assigned&limit=${PAGE}`,
    as: 'rep',
  },
  {
    name: 'tasks: created by me (manager)',
    route: 'GET /v1/tasks',
    path: () => `/v1/tasks?view=created&limit=${PAGE}`,
    as: 'manager',
  },
  {
    name: 'tasks: my subordinates’ (manager)',
    route: 'GET /v1/tasks',
    path: () => `/v1/tasks?view=subordinates&limit=${PAGE}`,
    as: 'manager',
  },
  {
    name: 'events: one day’s calendar with plans and tasks overlaid',
    route: 'GET /v1/events',
    path: () => `/v1/events?from=${DAY_FROM}&to=${DAY_TO}`,
    as: 'rep',
  },
  {
    name: 'announcements: mine',
    route: 'GET /v1/announcements',
    path: () => `/v1/announcements?limit=${PAGE}`,
    as: 'rep',
  },
  {
    name: 'announcements: unread',
    route: 'GET /v1/announcements',
    path: () => `/v1/announcements?unread=true&limit=${PAGE}`,
    as: 'rep',
  },
  {
    name: 'work logs: mine',
    route: 'GET /v1/worklogs',
    path: () => `/v1/worklogs?view=mine&limit=${PAGE}`,
    as: 'rep',
  },
  {
    name: 'work logs: completion of a day (every rep)',
    route: 'GET /v1/worklogs/completion',
    path: () => `/v1/worklogs/completion?kind=daily&period=${PERIOD}`,
    returned: (body) =>
      (body.submitted?.length ?? 0) + (body.late?.length ?? 0) + (body.missing?.length ?? 0),
  },
  {
    name: 'activity: mine and below me (manager)',
    route: 'GET /v1/activity',
    path: () => `/v1/activity?limit=${PAGE}`,
    as: 'manager',
  },
];
