import { ulid } from 'ulid';
import { getSeries } from '../../analytics/repository.ts';
import { bucketRanges } from '../../analytics/rules.ts';
import { now } from '../../clock.ts';
import { loadVisibleCustomer } from '../../customers/service.ts';
import type { Auth } from '../../http/auth.ts';
import { BadRequest, Forbidden, NotFound } from '../../http/errors.ts';
import { localDate } from '../../local-time.ts';
import { notify, notifySteps } from '../../notifications/service.ts';
import { getRoles, listRoles, listUsersInSubtree } from '../../org/repository.ts';
import { tenantTimezone } from '../../settings/repository.ts';
import { addDays } from '../events/wall-time.ts';
import type { Comment } from '../schemas.ts';
import { activeUsers } from '../users.ts';
import { loadVisibleWorklog } from './load.ts';
import * as repo from './repository.ts';
import { dueAtOf, periodOf, periodRange, ruleFor, snapshotOf, type WorklogRecord } from './rules.ts';
import type {
  CreateWorklogInput,
  Kind,
  Rule,
  UpdateWorklogInput,
  Worklog,
  WorklogListQuery,
} from './schemas.ts';

/** Work logs (日志): daily, weekly, monthly; one per author and period; rules and completion. */

/** The author's numbers over the period, summed from the analytics aggregates (never from customers). */
async function snapshot(tenantId: string, userId: string, kind: Kind, period: string) {
  const range = periodRange(kind, period);
  const series = await getSeries(tenantId, [userId], bucketRanges(range.from, range.to));
  const total: Record<string, number> = {};
  for (const { metrics } of series.get(userId) ?? [])
    for (const [metric, n] of Object.entries(metrics)) total[metric] = (total[metric] ?? 0) + n;
  return snapshotOf(range, total);
}

/** The author's direct superiors: the users of their role's parent. */
async function superiorsOf(auth: Auth): Promise<string[]> {
  const parentPath = auth.rolePath.split('/').slice(0, -1).join('/');
  if (!parentPath) return [];
  return (await listUsersInSubtree(auth.tenantId, parentPath))
    .filter((u) => u.rolePath === parentPath)
    .map((u) => u.id);
}

async function checkCustomers(auth: Auth, ids: readonly string[]) {
  await Promise.all(
    ids.map((id, i) =>
      loadVisibleCustomer(auth, id).catch((error: unknown) => {
        if (error instanceof NotFound)
          throw new BadRequest('A linked customer is not visible to you.', [
            {
              path: `body.customerIds.${i}`,
              code: 'unknown_customer',
              message: 'No customer you see has this id.',
            },
          ]);
        throw error;
      }),
    ),
  );
}

export async function submit(auth: Auth, input: CreateWorklogInput): Promise<Worklog> {
  const recipients = input.recipientIds ?? (await superiorsOf(auth));
  await activeUsers(auth.tenantId, [{ path: 'body.recipientIds', ids: input.recipientIds ?? [] }]);
  await checkCustomers(auth, input.customerIds ?? []);
  const at = now().toISOString();
  const [zone, { rules }, snap] = await Promise.all([
    tenantTimezone(auth),
    repo.getRules(auth.tenantId),
    snapshot(auth.tenantId, auth.userId, input.kind, input.period),
  ]);
  const rule = ruleFor(rules, input.kind, auth.rolePath);
  const w: WorklogRecord = {
    id: ulid(),
    kind: input.kind,
    period: input.period,
    authorId: auth.userId,
    authorName: auth.userName,
    authorRolePath: auth.rolePath,
    content: input.content,
    plan: input.plan ?? '',
    problems: input.problems ?? '',
    recipientIds: recipients.filter((u) => u !== auth.userId),
    customerIds: input.customerIds ?? [],
    attachmentIds: input.attachmentIds ?? [],
    snapshot: snap,
    late: rule ? at > dueAtOf(input.kind, input.period, rule.dueTime, zone) : false,
    submittedAt: at,
    updatedAt: at,
    version: 1,
  };
  await repo.commit([
    ...repo.worklogSteps(auth.tenantId, undefined, w),
    ...w.recipientIds.flatMap((u) =>
      notifySteps(auth.tenantId, u, {
        kind: 'worklog',
        title: `${auth.userName} 提交了${{ daily: '日报', weekly: '周报', monthly: '月报' }[w.kind]}`,
        body: `${w.period}：${w.content.slice(0, 100)}`,
        link: `/v1/worklogs/${w.id}`,
        dedupeKey: `worklog:${w.id}`,
      }),
    ),
  ]);
  return repo.publicWorklog(w);
}

const load = loadVisibleWorklog;

export async function get(auth: Auth, id: string) {
  const w = await load(auth, id);
  return { ...repo.publicWorklog(w), likes: await repo.likes(auth.tenantId, w.id) };
}

export async function update(
  auth: Auth,
  id: string,
  expected: number,
  patch: UpdateWorklogInput,
): Promise<Worklog> {
  const w = await load(auth, id);
  if (w.authorId !== auth.userId) throw new Forbidden('Only its author edits a work log.', 'not_author');
  if (w.version !== expected) throw new repo.StaleWorklog();
  await activeUsers(auth.tenantId, [{ path: 'body.recipientIds', ids: patch.recipientIds ?? [] }]);
  await checkCustomers(auth, patch.customerIds ?? []);
  const next: WorklogRecord = {
    ...w,
    ...patch,
    ...(patch.recipientIds ? { recipientIds: patch.recipientIds.filter((u) => u !== auth.userId) } : {}),
    updatedAt: now().toISOString(),
    version: w.version + 1,
  };
  await repo.commit(repo.worklogSteps(auth.tenantId, w, next));
  return repo.publicWorklog(next);
}

export async function list(auth: Auth, q: WorklogListQuery) {
  const periods = {
    ...(q.from ? { from: periodOf(q.kind, q.from) } : {}),
    ...(q.to ? { to: periodOf(q.kind, q.to) } : {}),
  };
  const page = { limit: q.limit, cursor: q.cursor };
  if (q.view === 'subordinates')
    return repo.listPage(auth.tenantId, { below: auth.rolePath }, q.kind, periods, page);
  return repo.listPage(
    auth.tenantId,
    { list: q.view === 'mine' ? 'MINE' : 'TO', userId: auth.userId },
    q.kind,
    periods,
    page,
  );
}

export async function addComment(
  auth: Auth,
  id: string,
  content: string,
): Promise<Comment & { worklogId: string }> {
  const w = await load(auth, id);
  const c: Comment = {
    id: ulid(),
    authorId: auth.userId,
    authorName: auth.userName,
    content,
    createdAt: now().toISOString(),
  };
  await repo.commit([
    repo.commentStep(auth.tenantId, w.id, c),
    ...(w.authorId === auth.userId
      ? []
      : notifySteps(auth.tenantId, w.authorId, {
          kind: 'worklogComment',
          title: '日志有新评论',
          body: `${auth.userName}：${content.slice(0, 100)}`,
          link: `/v1/worklogs/${w.id}`,
          dedupeKey: `worklog-comment:${c.id}`,
        })),
  ]);
  return { ...c, worklogId: w.id };
}

export async function comments(auth: Auth, id: string, page: { limit: number; cursor?: string | undefined }) {
  const w = await load(auth, id);
  return repo.childPage(auth.tenantId, w.id, 'COMMENT', page) as Promise<{
    items: Comment[];
    nextCursor: string | null;
  }>;
}

export async function like(auth: Auth, id: string, on: boolean) {
  const w = await load(auth, id);
  if (on) await repo.like(auth.tenantId, w.id, { userId: auth.userId, name: auth.userName });
  else await repo.unlike(auth.tenantId, w.id, auth.userId);
  return { likes: await repo.likes(auth.tenantId, w.id) };
}

export const getRules = (auth: Auth) => repo.getRules(auth.tenantId);

export async function putRules(auth: Auth, expected: number, rules: Rule[]) {
  const roleIds = [...new Set(rules.flatMap((r) => r.roleIds))];
  const found = new Set((await getRoles(auth.tenantId, roleIds)).map((r) => r.id));
  const errors = rules.flatMap((r, i) =>
    r.roleIds
      .map((id, j) => ({ id, j }))
      .filter(({ id }) => !found.has(id))
      .map(({ j }) => ({
        path: `body.rules.${i}.roleIds.${j}`,
        code: 'unknown_role',
        message: 'No role has this id.',
      })),
  );
  if (errors.length) throw new BadRequest('Some roles do not exist.', errors);
  await repo.putRules(auth.tenantId, rules, expected);
  return { rules, version: expected + 1 };
}

/**
 * Who submitted a period's log on time, late, or not at all, within roleId's subtree (the caller's
 * by default). Once the worklog-reminders job has drawn the period's roster, that is one Query of the
 * subtree's entries (one item per person shown); before, the rules' users are joined with the
 * period's submissions.
 */
export async function completion(auth: Auth, q: { kind: Kind; period: string; roleId?: string | undefined }) {
  const scope = q.roleId ? (await getRoles(auth.tenantId, [q.roleId]))[0] : undefined;
  if (q.roleId && !scope) throw new NotFound('role');
  const scopePath = scope?.path ?? auth.rolePath;
  if (!auth.isAdmin && scopePath !== auth.rolePath && !scopePath.startsWith(`${auth.rolePath}/`))
    throw new NotFound('role');
  const zone = await tenantTimezone(auth);
  const drawn = await repo.rosterRules(auth.tenantId, q.kind, q.period);
  const { rules, entries } = drawn
    ? { rules: drawn, entries: await repo.completionEntries(auth.tenantId, q.kind, q.period, scopePath) }
    : await joined(auth.tenantId, q.kind, q.period, scopePath);
  return reportOf(entries, rules, zone, q.kind, q.period, scopePath);
}

/** The users a kind's rules expect a log of within a subtree: the rules' roles' subtrees, read only. */
async function expectedUsers(tenantId: string, rules: Rule[], kind: Kind, scopePath: string) {
  const roles = await getRoles(tenantId, [
    ...new Set(rules.filter((r) => r.kind === kind).flatMap((r) => r.roleIds)),
  ]);
  const within = (path: string, top: string) => path === top || path.startsWith(`${top}/`);
  const paths = roles
    .map((r) => (within(r.path, scopePath) ? r.path : within(scopePath, r.path) ? scopePath : null))
    .filter((p): p is string => p !== null)
    .sort();
  const tops = paths.filter((p, i) => !paths.slice(0, i).some((q) => within(p, q)));
  const users = (await Promise.all(tops.map((p) => listUsersInSubtree(tenantId, p)))).flat();
  return users
    .filter((u) => ruleFor(rules, kind, u.rolePath))
    .map((u) => ({ userId: u.id, name: u.name, rolePath: u.rolePath }));
}

/** A period's entries without a roster: the rules' people now, and the submissions in the subtree. */
async function joined(tenantId: string, kind: Kind, period: string, scopePath: string) {
  const [{ rules }, done] = await Promise.all([
    repo.getRules(tenantId),
    repo.submissions(tenantId, kind, period),
  ]);
  const by = new Set(done.map((s) => s.userId));
  const missing = (await expectedUsers(tenantId, rules, kind, scopePath))
    .filter((u) => !by.has(u.userId))
    .map((u) => ({ ...u, submission: null }));
  return { rules, entries: [...done.filter((s) => inSubtree(s.rolePath, scopePath)), ...missing] };
}

const inSubtree = (path: string, top: string) => path === top || path.startsWith(`${top}/`);

function reportOf(
  entries: repo.PeriodEntry[],
  rules: Rule[],
  zone: string,
  kind: Kind,
  period: string,
  scopePath: string,
) {
  const person = ({ userId, name, submission }: repo.PeriodEntry) => ({
    userId,
    name,
    submittedAt: submission?.submittedAt as string,
    worklogId: submission?.worklogId as string,
  });
  const rule =
    rules.find((r) => r.kind === kind && r.roleIds.some((id) => scopePath.split('/').includes(id))) ??
    rules.find((r) => r.kind === kind);
  return {
    kind,
    period,
    dueAt: rule ? dueAtOf(kind, period, rule.dueTime, zone) : null,
    submitted: entries.filter((e) => e.submission && !e.submission.late).map(person),
    late: entries.filter((e) => e.submission?.late).map(person),
    missing: entries.filter((e) => !e.submission).map(({ userId, name }) => ({ userId, name })),
  };
}

const NAMES = { daily: '日报', weekly: '周报', monthly: '月报' } as const;

/**
 * Reminds those a rule expects a log of and who have none, once the period's due time under their
 * rule has passed: one notification per person and period, however often it runs. Looks at the
 * current and the previous period of each kind (a due time may fall after the period ends), and
 * draws their rosters (what the completion report reads) from the rules and users as they are now:
 * a closed period's roster stays as it was last drawn.
 */
export async function remindMissing(tenantId: string, at: Date): Promise<number> {
  const zone = await tenantTimezone({ tenantId });
  const { rules } = await repo.getRules(tenantId);
  if (!rules.length) return 0;
  const root = (await listRoles(tenantId)).find((r) => r.isRoot);
  if (!root) return 0;
  const today = localDate(at, zone);
  let notified = 0;
  for (const kind of [...new Set(rules.map((r) => r.kind))]) {
    const current = periodOf(kind, today);
    const previous = periodOf(kind, addDays(periodRange(kind, current).from, -1));
    const expected = await expectedUsers(tenantId, rules, kind, root.path);
    for (const period of [previous, current]) {
      const entries = await repo.syncRoster(
        tenantId,
        kind,
        period,
        expected,
        rules.filter((r) => r.kind === kind),
      );
      for (const m of entries.filter((e) => !e.submission)) {
        const rule = ruleFor(rules, kind, m.rolePath);
        if (!rule || dueAtOf(kind, period, rule.dueTime, zone) > at.toISOString()) continue;
        const { created } = await notify(tenantId, m.userId, {
          kind: 'worklogMissing',
          title: `请提交${NAMES[kind]}`,
          body: `${period} 的${NAMES[kind]}尚未提交`,
          link: '/v1/worklogs',
          dedupeKey: `worklog-missing:${kind}:${period}`,
        });
        if (created) notified += 1;
      }
    }
  }
  return notified;
}
