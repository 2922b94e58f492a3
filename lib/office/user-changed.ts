import type { DynamoDBRecord } from 'aws-lambda';
import { currentStamp, type OwnerStamp, ownerChangeOf } from '../customers/consumers.ts';
import { type FeedOf, officeKeys as k } from '../db/keys.ts';
import { queryAll, queryPage } from '../db/query.ts';
import { commitSteps, deleteStep, type Step } from '../db/write.ts';
import { Conflict, PreconditionFailed } from '../http/errors.ts';
import type { Activity } from './activity/repository.ts';
import * as activity from './activity/repository.ts';
import * as tasks from './tasks/repository.ts';
import type { TaskRecord } from './tasks/rules.ts';
import * as worklogs from './worklogs/repository.ts';
import type { WorklogRecord } from './worklogs/rules.ts';

/**
 * `office-owner-sync` (lib/jobs.ts): a user's role or name changed, so what the office keys by them
 * follows: their tasks (below their role path, as assignee or creator), their work logs and period
 * submissions, and their activity entries (in the feeds of the roles above them). Like the
 * customers' owner sync, each record is re-read and rewritten only where it differs, at the version
 * read: a second delivery, or one after a crash half-way, finishes the job and changes nothing twice.
 */
export async function onUserChanged(record: DynamoDBRecord): Promise<number> {
  const change = ownerChangeOf(record);
  if (!change) return 0;
  const stamp = await currentStamp(change.tenantId, change.userId);
  if (!stamp) return 0;
  const { tenantId, userId } = change;
  return (
    (await retagTasks(tenantId, userId, stamp)) +
    (await retagWorklogs(tenantId, userId, stamp)) +
    (await refeed(tenantId, userId, stamp))
  );
}

const MAX_REREADS = 8;

/** Runs a read-decide-write again when a concurrent writer moved the record first. */
async function rereading(fn: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof PreconditionFailed) || attempt >= MAX_REREADS) throw error;
    }
  }
}

/** Every page of a list on agendaByUser, one after another. */
async function* pages(tenantId: string, pk: string) {
  let cursor: string | undefined;
  do {
    const page = await queryPage<Record<string, unknown>>({
      tenantId,
      index: 'agendaByUser',
      pk,
      limit: 100,
      cursor,
      fingerprint: `owner-sync:${pk}`,
    });
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

function taskStamped(t: TaskRecord, userId: string, stamp: OwnerStamp): TaskRecord {
  const next = { ...t };
  if (t.assigneeId === userId)
    Object.assign(next, { assigneeRolePath: stamp.rolePath, assigneeName: stamp.name });
  if (t.createdBy === userId)
    Object.assign(next, { creatorRolePath: stamp.rolePath, createdByName: stamp.name });
  return next;
}
const taskDiffers = (a: TaskRecord, b: TaskRecord) =>
  a.assigneeRolePath !== b.assigneeRolePath ||
  a.assigneeName !== b.assigneeName ||
  a.creatorRolePath !== b.creatorRolePath ||
  a.createdByName !== b.createdByName;

async function retagTasks(tenantId: string, userId: string, stamp: OwnerStamp): Promise<number> {
  let changed = 0;
  const seen = new Set<string>();
  for (const view of ['ASSIGNED', 'CREATED'] as const)
    for (const status of ['open', 'done'] as const)
      for await (const items of pages(tenantId, k.taskViewQuery(tenantId, view, status, userId).pk))
        for (const { id } of items as Array<{ id: string }>) {
          if (seen.has(id)) continue;
          seen.add(id);
          const did = await rereading(async () => {
            const t = await tasks.getTask(tenantId, id);
            if (!t) return false;
            const next = taskStamped(t, userId, stamp);
            if (!taskDiffers(t, next)) return false;
            // The task's content is the same: updatedAt stays, the version moves (a concurrent edit re-reads).
            await tasks.commit(tasks.taskSteps(tenantId, t, { ...next, version: t.version + 1 }));
            return true;
          });
          if (did) changed += 1;
        }
  return changed;
}

async function retagWorklogs(tenantId: string, userId: string, stamp: OwnerStamp): Promise<number> {
  let changed = 0;
  for (const kind of ['daily', 'weekly', 'monthly'] as const)
    for await (const items of pages(tenantId, k.worklogListQuery(tenantId, 'MINE', kind, userId).pk))
      for (const { id } of items as Array<{ id: string }>) {
        const did = await rereading(async () => {
          const w = await worklogs.getWorklog(tenantId, id);
          if (!w || (w.authorRolePath === stamp.rolePath && w.authorName === stamp.name)) return false;
          const next: WorklogRecord = {
            ...w,
            authorRolePath: stamp.rolePath,
            authorName: stamp.name,
            version: w.version + 1,
          };
          await worklogs.commit([
            ...worklogs.worklogSteps(tenantId, w, next),
            worklogs.submissionMovedStep(tenantId, next),
          ]);
          return true;
        });
        if (did) changed += 1;
      }
  return changed;
}

/** The feeds an entry of an actor at a role path belongs in: theirs, and each role's above them. */
const feedsOf = (userId: string, rolePath: string): FeedOf[] => [
  { user: userId },
  ...rolePath
    .split('/')
    .filter(Boolean)
    .slice(0, -1)
    .map((role) => ({ role })),
];

async function refeed(tenantId: string, userId: string, stamp: OwnerStamp): Promise<number> {
  let changed = 0;
  const feeds = feedsOf(userId, stamp.rolePath);
  for await (const items of pages(tenantId, k.feedQuery(tenantId, { user: userId }).pk))
    for (const item of items) {
      const entry = activity.toActivity(item);
      const stored = await queryAll<Record<string, unknown>>({
        tenantId,
        ...k.activityCollection(tenantId, entry.id),
        consistent: true,
      });
      const wanted = new Set(feeds.map((f) => k.activityKey(tenantId, entry.id, f).sk));
      const have = new Set(stored.map((i) => i.sk as string));
      const extra = stored.filter((i) => !wanted.has(i.sk as string));
      const renamed = stored.some((i) => i.actorName !== stamp.name);
      if (!extra.length && !renamed && [...wanted].every((sk) => have.has(sk))) continue;
      const next: Activity = { ...entry, actorName: stamp.name };
      await activity.putEntry(tenantId, next, feeds);
      if (extra.length)
        await commitSteps(
          extra.map(
            (i): Step =>
              deleteStep({ pk: i.pk as string, sk: i.sk as string }, () => new Error('activity entry')),
          ),
          { exhausted: () => new Conflict('busy', 'Retry.') },
        );
      changed += 1;
    }
  return changed;
}
