import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../db/client.ts';
import { atVersion, stripper } from '../db/items.ts';
import {
  type ApprovalView,
  approvalActionKey,
  approvalActionsPrefix,
  approvalCommentKey,
  approvalCommentsPrefix,
  approvalContractGuardKey,
  approvalEntryKey,
  approvalKey,
  approvalListPk,
  flowHeadKey,
  flowHeadsOf,
  flowVersionKey,
  usersInRoleQuery,
} from '../db/keys.ts';
import { type Page, queryAll, queryPage } from '../db/query.ts';
import { commitSteps, deleteStep, NEW_ITEM, putStep, type Step } from '../db/write.ts';
import { Conflict, PreconditionFailed, Unprocessable } from '../http/errors.ts';
import type { ApprovalRecord, Entry, Transition } from './rules.ts';
import type { Action, ApprovalStatus, ApprovalSummary, Comment, Flow } from './schemas.ts';

/**
 * The approvals context's reads and writes. A decision is one transaction at the request's version:
 * the request, its new actions (numbered in their keys, never rewritten), the list entries that
 * changed and the notifications. Two decisions made on the same version never both commit.
 */

const strip = stripper();

/** The request changed since it was read: the service reads it again and decides anew. */
export class StaleApproval extends Error {}

// ---- flows -------------------------------------------------------------------------------------

export interface FlowRecord extends Flow {
  deleted?: boolean;
}

// The item's `type` names its kind, so the flow's type is stored as `flowType`.
const flowHeadItem = (tenantId: string, { type, ...f }: Flow) => ({
  ...flowHeadKey(tenantId, f.id),
  type: 'approvalFlow',
  ...f,
  flowType: type,
});
const flowVersionItem = (tenantId: string, { type, ...f }: Flow) => ({
  ...flowVersionKey(tenantId, f.id, f.version),
  type: 'approvalFlowVersion',
  ...f,
  flowType: type,
});
const toFlow = ({ flowType, ...item }: Record<string, unknown>): Flow => ({
  ...strip<Flow>(item),
  type: flowType as Flow['type'],
});

/**
 * Saves a flow's new version: the head moves on from `previous` (412 when another edit moved it
 * first), and the version is kept beside the older ones, which running requests still read.
 */
export async function saveFlow(tenantId: string, flow: Flow, previous: number | null): Promise<void> {
  await commitSteps(
    [
      putStep(
        flowHeadItem(tenantId, flow),
        () =>
          previous === null ? new Conflict('duplicate_flow', 'The flow exists.') : new PreconditionFailed(),
        previous === null ? NEW_ITEM : atVersion(previous),
      ),
      putStep(flowVersionItem(tenantId, flow), () => new PreconditionFailed(), NEW_ITEM),
    ],
    { exhausted: () => new PreconditionFailed() },
  );
}

export async function getFlow(tenantId: string, id: string): Promise<Flow | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: flowHeadKey(tenantId, id) }));
  return out.Item ? toFlow(out.Item) : undefined;
}

export async function getFlowVersion(
  tenantId: string,
  id: string,
  version: number,
): Promise<Flow | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: flowVersionKey(tenantId, id, version) }),
  );
  return out.Item ? toFlow(out.Item) : undefined;
}

export async function listFlows(
  tenantId: string,
  page: { limit: number; cursor?: string | undefined },
  type: string | undefined,
): Promise<Page<Flow>> {
  // Residue only: a tenant keeps a handful of flows.
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    ...flowHeadsOf(tenantId),
    ...page,
    ...(type
      ? { filter: { expression: '#type = :type', names: { '#type': 'flowType' }, values: { ':type': type } } }
      : {}),
    fingerprint: `approval-flows:${type ?? ''}`,
  });
  return { items: result.items.map(toFlow), nextCursor: result.nextCursor };
}

/** Removes the flow from the list; its versions stay for the requests that run on them. */
export async function deleteFlow(tenantId: string, id: string, version: number): Promise<void> {
  await commitSteps(
    [deleteStep(flowHeadKey(tenantId, id), () => new PreconditionFailed(), atVersion(version))],
    {
      exhausted: () => new PreconditionFailed(),
    },
  );
}

// ---- requests ----------------------------------------------------------------------------------

/**
 * The request item, `type: 'approval'`. Other contexts read its plain attributes from the stream and
 * may rely on them: `id`, `status` (pending | approved | rejected | withdrawn), `flowType` (leave,
 * trip, overtime, expense, loan, contract, general, custom), `flowName`, `title`, `submitterId`,
 * `submitterName`, `form` (leave: `{ leaveType, from, to, days }` with `YYYY-MM-DD` dates; expense:
 * `{ lines, totalFen }`; see schemas.ts), `contractId`, `customerId`, `submittedAt`, `decidedAt`
 * (ISO instant of the final decision or withdrawal, null while pending), `resubmittable` (a
 * rejection that may still be resubmitted), `version`. lib/pipeline reacts to contract decisions;
 * lib/office may project approved leave and activity from the same changes.
 */
export const approvalItem = (tenantId: string, r: ApprovalRecord) => ({
  ...approvalKey(tenantId, r.id),
  type: 'approval',
  ...r,
});

const toRecord = (item: Record<string, unknown>) => strip<ApprovalRecord>(item);

export async function getApproval(tenantId: string, id: string): Promise<ApprovalRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: approvalKey(tenantId, id), ConsistentRead: true }),
  );
  return out.Item ? toRecord(out.Item) : undefined;
}

/** The request with every action in order: one Query of its partition. */
export async function getApprovalWithActions(
  tenantId: string,
  id: string,
): Promise<{ record: ApprovalRecord; actions: Action[] } | undefined> {
  const [record, items] = await Promise.all([
    getApproval(tenantId, id),
    queryAll<Record<string, unknown>>({
      tenantId,
      pk: approvalActionsPrefix(tenantId, id).pk,
      sk: { beginsWith: approvalActionsPrefix(tenantId, id).skPrefix },
      consistent: true,
    }),
  ]);
  return record ? { record, actions: items.map((i) => strip<Action>(i)) } : undefined;
}

const summaryOf = (r: ApprovalRecord): Omit<ApprovalSummary, 'listedAt'> => ({
  id: r.id,
  title: r.title,
  flowName: r.flowName,
  flowType: r.flowType,
  status: r.status,
  submitterId: r.submitterId,
  submitterName: r.submitterName,
  currentStepName: r.currentStep === null ? null : (r.steps[r.currentStep]?.name ?? null),
  pendingIds: r.pendingIds,
  submittedAt: r.submittedAt,
  decidedAt: r.decidedAt,
});

const entryKey = (tenantId: string, r: ApprovalRecord, e: Entry) =>
  approvalEntryKey(tenantId, e.view, e.userId, e.status, e.at, r.id);

/** An entry item as stored; also what the bench seeds. */
export const entryItem = (tenantId: string, r: ApprovalRecord, e: Entry) => ({
  ...entryKey(tenantId, r, e),
  type: 'approvalEntry',
  ...summaryOf(r),
  listedAt: e.at,
});

/** DynamoDB's limit on one transaction. */
const MAX_TRANSACTION = 100;

/**
 * Commits a transition made on `prev` (null: a new request): the request at prev's version, the
 * actions, the entries of the new state (those of the old state that it no longer has deleted),
 * and `extra` (notifications) in one transaction.
 */
export async function commitTransition(
  tenantId: string,
  prev: { record: ApprovalRecord; entries: Entry[] } | null,
  t: Transition,
  entries: Entry[],
  extra: Step[],
): Promise<void> {
  const stale = () => new StaleApproval();
  const base = prev?.record.version ?? 0;
  const keep = new Set(entries.map((e) => JSON.stringify(entryKey(tenantId, t.next, e))));
  const gone = (prev?.entries ?? [])
    .map((e) => entryKey(tenantId, prev?.record as ApprovalRecord, e))
    .filter((k) => !keep.has(JSON.stringify(k)));
  const steps: Step[] = [
    putStep(approvalItem(tenantId, t.next), stale, prev ? atVersion(base) : NEW_ITEM),
    ...t.actions.map((a, i) =>
      putStep(
        {
          ...approvalActionKey(tenantId, t.next.id, base + i + 1),
          type: 'approvalAction',
          seq: base + i + 1,
          ...a,
        },
        stale,
        NEW_ITEM,
      ),
    ),
    ...gone.map((key) => deleteStep(key, stale)),
    ...entries.map((e) => putStep(entryItem(tenantId, t.next, e), stale)),
    ...extra,
  ];
  if (steps.length > MAX_TRANSACTION)
    throw new Unprocessable(
      'too_many_participants',
      'This request involves too many people for one decision.',
    );
  await commitSteps(steps, { exhausted: stale });
}

export async function listEntries(
  tenantId: string,
  view: ApprovalView,
  userId: string,
  status: ApprovalStatus | undefined,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ApprovalSummary>> {
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk: approvalListPk(tenantId, view, userId, view === 'pending' ? undefined : status),
    ...page,
    ascending: false,
    fingerprint: `approvals:${view}:${userId}:${status ?? ''}`,
  });
  return { items: result.items.map((i) => strip<ApprovalSummary>(i)), nextCursor: result.nextCursor };
}

/** How many entries a list holds, up to `cap` (a workbench badge). */
export async function countEntries(tenantId: string, view: ApprovalView, userId: string, cap: number) {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': approvalListPk(tenantId, view, userId) },
      Select: 'COUNT',
      Limit: cap,
    }),
  );
  return out.Count ?? 0;
}

/** The contract has no approval request yet (409 when it has): joins the submission's transaction. */
export const contractGuardStep = (tenantId: string, contractId: string, requestId: string): Step =>
  putStep(
    { ...approvalContractGuardKey(tenantId, contractId), type: 'approvalContractGuard', requestId },
    () => new Conflict('contract_in_approval', 'This contract has an approval request already.'),
    NEW_ITEM,
  );

// ---- comments ----------------------------------------------------------------------------------

export async function addComment(tenantId: string, requestId: string, c: Comment): Promise<void> {
  await commitSteps(
    [
      putStep(
        { ...approvalCommentKey(tenantId, requestId, c.id), type: 'approvalComment', ...c },
        () => new Conflict('duplicate_comment', 'The comment exists.'),
        NEW_ITEM,
      ),
    ],
    { exhausted: () => new Conflict('busy', 'Try again.') },
  );
}

export async function listComments(
  tenantId: string,
  requestId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Comment>> {
  const { pk, skPrefix } = approvalCommentsPrefix(tenantId, requestId);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
    fingerprint: `approval-comments:${requestId}`,
  });
  return { items: result.items.map((i) => strip<Comment>(i)), nextCursor: result.nextCursor };
}

// ---- the organisation, as approver resolution reads it ----------------------------------------

/** Active users whose role is exactly `rolePath`, by id. */
export async function usersInRole(tenantId: string, rolePath: string): Promise<string[]> {
  const { index, pk, skPrefix } = usersInRoleQuery(tenantId, rolePath);
  const items = await queryAll<Record<string, unknown>>({
    tenantId,
    index,
    pk,
    sk: { beginsWith: skPrefix },
  });
  return items.filter((i) => !i.disabled && !i.deleted).map((i) => i.id as string);
}
