/**
 * What each kind of stored item becomes in the activity feed (工作动态): a map from item type to
 * the entry its change makes, or nothing. Another context's items join by adding an entry here;
 * the consumer's `itemTypes` in lib/jobs.ts follow the keys.
 */

export type Item = Record<string, unknown>;

export interface ActivityEntry {
  /** Stable per occurrence (a delivery again writes the same entry). */
  id: string;
  kind: string;
  actorId: string;
  /** The actor's role path when they acted, if the item carries it (else it is looked up). */
  actorRolePath: string | null;
  at: string;
  title: string;
  /** The API path of what it is about. */
  link: string;
  customerId: string | null;
}

export type Projection = (before: Item | undefined, after: Item | undefined) => ActivityEntry | undefined;

const s = (v: unknown) => (typeof v === 'string' && v ? v : null);

export const projections: Record<string, Projection> = {
  followup: (before, after) => {
    if (before || !after) return undefined;
    return {
      id: `followup-${after.id}`,
      kind: 'followup',
      actorId: after.authorId as string,
      actorRolePath: s(after.authorRolePath),
      at: after.occurredAt as string,
      title: `跟进了客户「${after.customerName}」：${String(after.content).slice(0, 80)}`,
      link: `/v1/customers/${after.customerId}/followups`,
      customerId: s(after.customerId),
    };
  },
  task: (before, after) => {
    if (after?.status !== 'done' || before?.status === 'done' || !after.completedBy) return undefined;
    return {
      id: `task-${after.id}-${after.completedAt}`,
      kind: 'taskCompleted',
      actorId: after.completedBy as string,
      actorRolePath: after.completedBy === after.assigneeId ? s(after.assigneeRolePath) : null,
      at: after.completedAt as string,
      title: `完成了任务「${after.title}」`,
      link: `/v1/tasks/${after.id}`,
      customerId: s(after.customerId),
    };
  },
  worklog: (before, after) => {
    if (before || !after) return undefined;
    const name = { daily: '日报', weekly: '周报', monthly: '月报' }[after.kind as string] ?? '日志';
    return {
      id: `worklog-${after.id}`,
      kind: 'worklog',
      actorId: after.authorId as string,
      actorRolePath: s(after.authorRolePath),
      at: after.submittedAt as string,
      title: `提交了${name}（${after.period}）`,
      link: `/v1/worklogs/${after.id}`,
      customerId: null,
    };
  },
  checkin: (before, after) => {
    if (before || !after) return undefined;
    const where = after.customerName ? `在客户「${after.customerName}」` : `在${after.address ?? '外勤'}`;
    return {
      id: `checkin-${after.id}`,
      kind: 'checkin',
      actorId: after.userId as string,
      actorRolePath: s(after.userRolePath),
      at: after.checkedInAt as string,
      title: `${where}签到${after.offsite ? '（超出范围）' : ''}`,
      link: `/v1/checkins/${after.id}`,
      customerId: s(after.customerId),
    };
  },
  approval: (before, after) => {
    if (!after) return undefined;
    const what = `${after.flowName}「${after.title}」`;
    if (!before)
      return {
        id: `approval-${after.id}-submitted`,
        kind: 'approval',
        actorId: after.submitterId as string,
        actorRolePath: s(after.submitterRolePath),
        at: after.submittedAt as string,
        title: `提交了审批 ${what}`,
        link: `/v1/approvals/${after.id}`,
        customerId: s(after.customerId),
      };
    // The decider: the one whose last action is new in this change (the request's `handled`).
    const was = (before.handled ?? {}) as Record<string, string>;
    const now = (after.handled ?? {}) as Record<string, string>;
    const decider = Object.keys(now).find((userId) => now[userId] !== was[userId]);
    const verb = { approved: '通过了', rejected: '驳回了' }[after.status as string];
    if (before.status === after.status || !verb || !decider) return undefined;
    return {
      id: `approval-${after.id}-${after.status}-${after.version}`,
      kind: 'approval',
      actorId: decider,
      actorRolePath: null,
      at: after.updatedAt as string,
      title: `${verb}审批 ${what}`,
      link: `/v1/approvals/${after.id}`,
      customerId: s(after.customerId),
    };
  },
};

export const PROJECTED_TYPES = Object.keys(projections);
