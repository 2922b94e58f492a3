import { maskPii } from '../log.ts';

/**
 * What a change of an item means on its customer's timeline: pure, from the stream record's images.
 * TIMELINE_SOURCES is the one table of record types the timeline consumer reads; a context that
 * links the customer (tasks, work logs, check-ins, approvals, attachments) joins with one entry
 * there (and its item type in lib/jobs.ts `customer-timeline`).
 */

type Item = Record<string, unknown>;

export interface Actor {
  id: string;
  name: string | null;
}

/** One entry of a customer's timeline. `key` names what it records: a redelivery lands on it again. */
export interface TimelineDraft {
  customerId: string;
  key: string;
  at: string;
  kind: string;
  actor: Actor | null;
  /** A one-line description (Chinese, as the seeds' front ends show it). */
  summary: string;
  /** field entries: the field, and its value before and after. */
  field?: string;
  before?: unknown;
  after?: unknown;
  /** The item the entry is about (its type and id), when it is not the customer itself. */
  subject?: { type: string; id: string };
}

export interface ItemChange {
  event: 'INSERT' | 'MODIFY' | 'REMOVE';
  before: Item | undefined;
  after: Item | undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const actorOf = (id: unknown, name: unknown): Actor | null =>
  typeof id === 'string' ? { id, name: str(name) } : null;
/** The actor an item names for its current version (`updatedBy` written with that version only). */
const versionActor = (item: Item): Actor | null => {
  const by = item.updatedBy as { id?: string; name?: string; version?: number } | null | undefined;
  return by && by.version === item.version ? actorOf(by.id, by.name) : null;
};
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The customer fields a person edits (the API's PATCH body); what the system derives is not history. */
export const TRACKED_FIELDS = [
  'name',
  'phone',
  'email',
  'website',
  'address',
  'regionId',
  'industryId',
  'categoryId',
  'sourceId',
  'levelId',
  'statusId',
  'maturityId',
  'birthday',
  'note',
  'tags',
  'private',
  'hot',
  'location',
] as const;

const FIELD_LABELS: Record<string, string> = {
  name: '客户名称',
  phone: '电话',
  email: '邮箱',
  website: '网址',
  address: '地址',
  regionId: '地区',
  industryId: '行业',
  categoryId: '客户类别',
  sourceId: '客户来源',
  levelId: '客户级别',
  statusId: '客户状态',
  maturityId: '成熟度',
  birthday: '生日',
  note: '备注',
  tags: '标签',
  private: '私密',
  hot: '热点客户',
  location: '位置',
};

/** Every tracked field (custom fields one by one) whose value differs between the images. */
export function fieldChanges(
  before: Item,
  after: Item,
): Array<{ field: string; before: unknown; after: unknown }> {
  const out: Array<{ field: string; before: unknown; after: unknown }> = [];
  for (const field of TRACKED_FIELDS)
    if (!same(before[field], after[field]))
      out.push({ field, before: before[field] ?? null, after: after[field] ?? null });
  const [b, a] = [(before.customFields ?? {}) as Item, (after.customFields ?? {}) as Item];
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort())
    if (!same(b[key], a[key]))
      out.push({ field: `customFields.${key}`, before: b[key] ?? null, after: a[key] ?? null });
  return out;
}

const TIER_LABELS: Record<string, string> = {
  potential: '潜在客户',
  new: '新客户',
  repeat: '老客户',
  loyal: '忠诚客户',
  dormant: '沉睡客户',
};

function customerEntries({ event, before, after }: ItemChange): TimelineDraft[] {
  if (!after) return [];
  const customerId = after.id as string;
  if (event === 'INSERT')
    return [
      {
        customerId,
        key: 'customer#created',
        at: after.createdAt as string,
        kind: 'created',
        actor: actorOf(after.createdBy, after.createdBy === after.ownerId ? after.ownerName : null),
        summary: `创建客户 ${after.name as string}`,
      },
    ];
  if (!before) return [];
  const out: TimelineDraft[] = [];
  const version = after.version as number;
  if (version !== before.version)
    for (const change of fieldChanges(before, after))
      out.push({
        customerId,
        key: `field#${change.field}#v${version}`,
        at: after.updatedAt as string,
        kind: 'field',
        actor: versionActor(after),
        summary: `修改${FIELD_LABELS[change.field] ?? change.field.replace('customFields.', '自定义字段 ')}`,
        ...change,
      });
  if (before.state !== 'recycled' && after.state === 'recycled')
    out.push({
      customerId,
      key: `state#recycled#v${version}`,
      at: (after.deletedAt ?? after.updatedAt) as string,
      kind: 'recycled',
      actor: actorOf(after.deletedBy, null),
      summary: '删除到回收站',
    });
  if (before.state === 'recycled' && after.state === 'active')
    out.push({
      customerId,
      key: `state#restored#v${version}`,
      at: after.updatedAt as string,
      kind: 'restored',
      actor: null,
      summary: '从回收站恢复',
    });
  const [from, to] = [before.tier ?? 'potential', after.tier ?? 'potential'];
  if (from !== to)
    out.push({
      customerId,
      key: `tier#${to as string}#${(after.tierSince ?? after.updatedAt) as string}`,
      at: (after.tierSince ?? after.updatedAt) as string,
      kind: 'tier',
      actor: null,
      summary: `客户分层：${TIER_LABELS[from as string]} → ${TIER_LABELS[to as string]}`,
      field: 'tier',
      before: from,
      after: to,
    });
  return out;
}

function followupEntries({ event, before, after }: ItemChange): TimelineDraft[] {
  if (!after) return [];
  const subject = { type: 'followup', id: after.id as string };
  const customerId = after.customerId as string;
  const out: TimelineDraft[] = [];
  if (event === 'INSERT')
    out.push({
      customerId,
      key: `followup#${subject.id}`,
      at: (after.occurredAt ?? after.createdAt) as string,
      kind: 'followup',
      actor: actorOf(after.authorId, after.authorName),
      summary: maskPii(`跟进：${after.content as string}`),
      subject,
    });
  const seen = new Set(((before?.replies ?? []) as Item[]).map((r) => r.id));
  for (const reply of (after.replies ?? []) as Item[])
    if (event === 'INSERT' || !seen.has(reply.id))
      out.push({
        customerId,
        key: `reply#${reply.id as string}`,
        at: reply.createdAt as string,
        kind: 'reply',
        actor: actorOf(reply.authorId, reply.authorName),
        summary: maskPii(`回复：${reply.content as string}`),
        subject,
      });
  return out;
}

const OWNER_ACTIONS: Record<string, string> = {
  create: '创建',
  claim: '领取',
  assign: '分配',
  transfer: '转移',
  release: '放入公海',
  reclaim: '自动收回公海',
  merge: '合并',
};

function ownershipEntries({ event, after }: ItemChange): TimelineDraft[] {
  if (event !== 'INSERT' || !after) return [];
  const action = after.action as string;
  const to = str(after.toUserName);
  const from = str(after.fromUserName);
  return [
    {
      customerId: after.customerId as string,
      key: `history#${after.id as string}`,
      at: after.at as string,
      kind: 'ownership',
      actor: actorOf(after.actorId, after.actorName),
      summary: [OWNER_ACTIONS[action] ?? action, from && `自 ${from}`, to && `给 ${to}`, str(after.note)]
        .filter(Boolean)
        .join(' '),
      field: 'owner',
      before: str(after.fromUserId),
      after: str(after.toUserId),
      subject: { type: 'ownerHistory', id: after.id as string },
    },
  ];
}

const PLAN_STATUS: Record<string, string> = { done: '完成', cancelled: '取消' };

function planEntries({ event, before, after }: ItemChange): TimelineDraft[] {
  if (!after) return [];
  const subject = { type: 'plan', id: after.id as string };
  const customerId = after.customerId as string;
  if (event === 'INSERT')
    return [
      {
        customerId,
        key: `plan#${subject.id}#created`,
        at: after.createdAt as string,
        kind: 'plan',
        actor: actorOf(after.createdBy, null),
        summary: maskPii(`跟进计划（${after.dueAt as string}）：${after.note as string}`),
        subject,
      },
    ];
  if (before?.status === after.status || after.status === 'open') return [];
  return [
    {
      customerId,
      key: `plan#${subject.id}#${after.status as string}`,
      at: (after.closedAt ?? after.updatedAt) as string,
      kind: 'plan',
      actor: actorOf(after.closedBy, null),
      summary: `${PLAN_STATUS[after.status as string] ?? after.status}跟进计划：${maskPii(after.note as string)}`,
      field: 'status',
      before: before?.status ?? null,
      after: after.status,
      subject,
    },
  ];
}

const fen = (v: unknown) => `¥${((v as number) / 100).toFixed(2)}`;

function opportunityEntries({ event, before, after }: ItemChange): TimelineDraft[] {
  if (!after) return [];
  const subject = { type: 'opportunity', id: after.id as string };
  const customerId = after.customerId as string;
  const moves = (after.stageHistory ?? []) as Item[];
  const known = event === 'INSERT' ? 0 : ((before?.stageHistory ?? []) as Item[]).length;
  const out: TimelineDraft[] = [];
  if (event === 'INSERT')
    out.push({
      customerId,
      key: `opportunity#${subject.id}#created`,
      at: after.createdAt as string,
      kind: 'opportunity',
      actor: actorOf(after.createdBy, after.createdBy === after.ownerId ? after.ownerName : null),
      summary: `新建商机 ${after.name as string}（${fen(after.amountFen)}）`,
      subject,
    });
  moves.forEach((move, i) => {
    // The first move is the opportunity's opening stage, told by its creation.
    if (i === 0 || i < known) return;
    out.push({
      customerId,
      key: `opportunity#${subject.id}#stage${i}`,
      at: move.at as string,
      kind: 'opportunity',
      actor: actorOf(move.actorId, move.actorName),
      summary: `商机 ${after.name as string} 阶段：${str(move.from) ?? ''} → ${move.to as string}`,
      field: 'stage',
      before: move.from ?? null,
      after: move.to,
      subject,
    });
  });
  return out;
}

const CONTRACT_STATUS: Record<string, string> = {
  draft: '草稿',
  signed: '已签约',
  completed: '已完成',
  terminated: '已作废',
};

function contractEntries({ event, before, after }: ItemChange): TimelineDraft[] {
  if (!after) return [];
  const subject = { type: 'contract', id: after.id as string };
  const customerId = after.customerId as string;
  if (event === 'INSERT')
    return [
      {
        customerId,
        key: `contract#${subject.id}#created`,
        at: after.createdAt as string,
        kind: 'contract',
        actor: actorOf(after.createdBy, after.createdBy === after.ownerId ? after.ownerName : null),
        summary: `新建合同 ${after.title as string}（${fen(after.totalFen)}，${CONTRACT_STATUS[after.status as string]}）`,
        subject,
      },
    ];
  if (!before || before.status === after.status) return [];
  return [
    {
      customerId,
      key: `contract#${subject.id}#${after.status as string}#v${after.version as number}`,
      at: after.updatedAt as string,
      kind: 'contract',
      actor: versionActor(after),
      summary: `合同 ${after.title as string}：${CONTRACT_STATUS[before.status as string]} → ${CONTRACT_STATUS[after.status as string]}`,
      field: 'status',
      before: before.status,
      after: after.status,
      subject,
    },
  ];
}

function paymentEntries({ event, after }: ItemChange): TimelineDraft[] {
  if (event !== 'INSERT' || !after) return [];
  return [
    {
      customerId: after.customerId as string,
      key: `payment#${after.id as string}`,
      at: after.createdAt as string,
      kind: 'payment',
      actor: actorOf(after.createdBy, after.createdByName),
      summary: `回款 ${fen(after.amountFen)}（${after.receivedOn as string}）`,
      subject: { type: 'payment', id: after.id as string },
    },
  ];
}

/** Contacts hold phone numbers of people: their entries are masked as the logs are. */
function contactEntries({ event, before, after }: ItemChange): TimelineDraft[] {
  if (!after) return [];
  const subject = { type: 'contact', id: after.id as string };
  const customerId = after.customerId as string;
  const describe = (c: Item) =>
    maskPii([c.name, c.title, c.mobile, c.phone, c.email].filter((v) => typeof v === 'string').join(' '));
  if (event === 'INSERT')
    return [
      {
        customerId,
        key: `contact#${subject.id}#created`,
        at: after.createdAt as string,
        kind: 'contact',
        actor: null,
        summary: `新增联系人 ${describe(after)}`,
        subject,
      },
    ];
  if (!before || before.version === after.version || describe(before) === describe(after)) return [];
  return [
    {
      customerId,
      key: `contact#${subject.id}#v${after.version as number}`,
      at: after.updatedAt as string,
      kind: 'contact',
      actor: null,
      summary: `修改联系人 ${describe(after)}`,
      before: describe(before),
      after: describe(after),
      subject,
    },
  ];
}

/** A task linked to the customer: created, and each completion. */
function taskEntries({ event, before, after }: ItemChange): TimelineDraft[] {
  if (!after || typeof after.customerId !== 'string') return [];
  const subject = { type: 'task', id: after.id as string };
  if (event === 'INSERT')
    return [
      {
        customerId: after.customerId,
        key: `task#${subject.id}#created`,
        at: after.createdAt as string,
        kind: 'task',
        actor: actorOf(after.createdBy, after.createdByName),
        summary: `新建任务「${after.title as string}」，负责人 ${after.assigneeName as string}`,
        subject,
      },
    ];
  if (after.status !== 'done' || before?.status === 'done') return [];
  return [
    {
      customerId: after.customerId,
      key: `task#${subject.id}#done#${after.completedAt as string}`,
      at: after.completedAt as string,
      kind: 'task',
      actor: actorOf(after.completedBy, after.completedBy === after.assigneeId ? after.assigneeName : null),
      summary: `完成任务「${after.title as string}」`,
      subject,
    },
  ];
}

const WORKLOG_NAMES: Record<string, string> = { daily: '日报', weekly: '周报', monthly: '月报' };

/** A work log names its customers: one entry on each one's timeline. */
function worklogEntries({ event, after }: ItemChange): TimelineDraft[] {
  if (event !== 'INSERT' || !after || !Array.isArray(after.customerIds)) return [];
  return (after.customerIds as string[]).map((customerId) => ({
    customerId,
    key: `worklog#${after.id as string}`,
    at: after.submittedAt as string,
    kind: 'worklog',
    actor: actorOf(after.authorId, after.authorName),
    summary: `${after.authorName as string}的${WORKLOG_NAMES[after.kind as string] ?? '日志'}（${after.period as string}）提到了客户`,
    subject: { type: 'worklog', id: after.id as string },
  }));
}

const APPROVAL_STATUS: Record<string, string> = {
  pending: '审批中',
  approved: '已通过',
  rejected: '已驳回',
  withdrawn: '已撤回',
};

/** An approval request about the customer: submitted, and each change of its status. */
function approvalEntries({ event, before, after }: ItemChange): TimelineDraft[] {
  if (!after || typeof after.customerId !== 'string') return [];
  const subject = { type: 'approval', id: after.id as string };
  const what = `${after.flowName as string}「${after.title as string}」`;
  if (event === 'INSERT')
    return [
      {
        customerId: after.customerId,
        key: `approval#${subject.id}#submitted`,
        at: after.submittedAt as string,
        kind: 'approval',
        actor: actorOf(after.submitterId, after.submitterName),
        summary: `提交审批 ${what}`,
        subject,
      },
    ];
  if (!before || before.status === after.status) return [];
  return [
    {
      customerId: after.customerId,
      key: `approval#${subject.id}#${after.status as string}#v${after.version as number}`,
      at: after.updatedAt as string,
      kind: 'approval',
      actor: null,
      summary: `审批 ${what}：${APPROVAL_STATUS[before.status as string]} → ${APPROVAL_STATUS[after.status as string]}`,
      field: 'status',
      before: before.status,
      after: after.status,
      subject,
    },
  ];
}

/** A document of the customer (相关文档), once its upload is confirmed. */
function attachmentEntries({ before, after }: ItemChange): TimelineDraft[] {
  const target = after?.target as { kind?: string; id?: string } | undefined;
  if (after?.state !== 'ready' || before?.state === 'ready' || target?.kind !== 'customer') return [];
  return [
    {
      customerId: target.id as string,
      key: `attachment#${after.id as string}`,
      at: after.readyAt as string,
      kind: 'attachment',
      actor: actorOf(after.uploadedBy, after.uploadedByName),
      summary: `上传文档 ${after.fileName as string}`,
      subject: { type: 'attachment', id: after.id as string },
    },
  ];
}

/**
 * Record type -> the entries a change of such an item writes. Removals write nothing: a merge moves
 * children by deleting and re-inserting them, and the timeline keeps what happened.
 */
export const TIMELINE_SOURCES: Record<string, (change: ItemChange) => TimelineDraft[]> = {
  customer: customerEntries,
  followup: followupEntries,
  ownerHistory: ownershipEntries,
  plan: planEntries,
  opportunity: opportunityEntries,
  contract: contractEntries,
  payment: paymentEntries,
  contact: contactEntries,
  task: taskEntries,
  worklog: worklogEntries,
  approval: approvalEntries,
  attachment: attachmentEntries,
};
