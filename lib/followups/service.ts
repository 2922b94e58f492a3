import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { commit, rereading, type Step, saveCustomerSteps } from '../customers/repository.ts';
import { afterActivity, type CustomerRecord } from '../customers/rules.ts';
import { loadEditableCustomer, loadVisibleCustomer } from '../customers/service.ts';
import type { Auth } from '../http/auth.ts';
import { NotFound, PreconditionFailed } from '../http/errors.ts';
import { notifySteps } from '../notifications/service.ts';
import { withClock } from '../ownership/reclaim.ts';
import { assertDictionaryItems, type DictionaryRef } from '../settings/dictionaries.ts';
import * as repo from './repository.ts';
import {
  addOpenPlan,
  applyFollowUp,
  changePlan,
  checkDueAt,
  checkFollowUpTimes,
  type FollowUpState,
  type OpenPlan,
  replaceOpenPlan,
  replyNotice,
  withOpenPlans,
} from './rules.ts';
import type { CreateFollowUpInput, FollowUp, Plan, Reply, UpdatePlanInput } from './schemas.ts';

/**
 * Follow-up records (跟进记录), their replies, and plans (跟进计划). Writing a record or changing a
 * plan changes its customer (lib/customers/rules.ts afterActivity): last follow-up, maturity, open
 * plans and the next follow-up, and the reclaim instant the pool derives from them.
 */

const followUpState = (c: CustomerRecord): FollowUpState => ({
  lastFollowUpAt: c.lastFollowUpAt ?? null,
  maturityId: c.maturityId,
  ...withOpenPlans(c.openPlans ?? []),
});

/**
 * Re-runs a change when the customer moved on between read and write (someone else's edit, a
 * concurrent follow-up): the change is re-applied to the fresh customer. A stale plan is the
 * client's 412 (its If-Match), not retried.
 */
const retrying = <T>(fn: () => Promise<T>): Promise<T> =>
  rereading(fn, (error) => error instanceof PreconditionFailed && !(error instanceof repo.StalePlan));

/** A plan's place on the customer (what the customer keeps of it). */
const openPlanOf = (p: Pick<Plan, 'id' | 'dueAt' | 'note'>): OpenPlan => ({
  id: p.id,
  dueAt: p.dueAt,
  note: p.note,
});

function newPlan(
  c: CustomerRecord,
  fields: { id: string; dueAt: string; note: string; followupId: string | null },
  by: string,
  at: string,
): repo.PlanRecord {
  return {
    ...fields,
    customerId: c.id,
    customerName: c.name,
    ownerId: c.state === 'active' ? c.ownerId : null,
    ownerRolePath: c.state === 'active' ? c.ownerRolePath : null,
    status: 'open',
    createdBy: by,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    closedBy: null,
    version: 1,
    remindedFor: null,
  };
}

// ---- follow-up records ---------------------------------------------------------------------------

/**
 * Records a follow-up by the caller (新建跟单只能给当前人新建): the customer's last follow-up /
 * maturity / open plans / reclaim instant at the version read, with the plan it carries out (done)
 * in the same transaction when there is one; then the record and the next plan it schedules.
 */
export async function addFollowUp(
  auth: Auth,
  customerId: string,
  input: CreateFollowUpInput,
  opts: {
    /**
     * Steps of another context that belong to the record's transaction (a check-in that counts as a
     * visit, lib/field), built from the record and the customer as read on each attempt.
     */
    with?: (record: FollowUp, customer: CustomerRecord) => Step[];
  } = {},
): Promise<FollowUp> {
  const at = now();
  const iso = at.toISOString();
  const times = checkFollowUpTimes(input, at);
  const refs: DictionaryRef[] = [
    ...(input.channel ? [{ path: 'body.channel', kind: 'channel' as const, id: input.channel }] : []),
    ...(input.maturityId
      ? [{ path: 'body.maturityId', kind: 'maturity' as const, id: input.maturityId }]
      : []),
  ];
  await assertDictionaryItems(auth.tenantId, refs);
  // Ids are minted once: a retry after a conflict writes the same record, never a second one.
  const id = ulid(Date.parse(times.occurredAt));
  const planId = times.nextFollowUpAt ? ulid() : null;

  return retrying(async () => {
    const c = await loadEditableCustomer(auth, customerId);
    const completed = input.planId ? await repo.getPlan(auth.tenantId, c.id, input.planId) : undefined;
    const scheduled = times.nextFollowUpAt
      ? newPlan(
          c,
          {
            id: planId as string,
            dueAt: times.nextFollowUpAt,
            note: input.nextFollowUpNote ?? '',
            followupId: id,
          },
          auth.userId,
          iso,
        )
      : undefined;
    const before = followUpState(c);
    const after = applyFollowUp(before, {
      occurredAt: times.occurredAt,
      maturityId: input.maturityId,
      completedPlanId: input.planId,
      newPlan: scheduled ? openPlanOf(scheduled) : undefined,
    });
    const next = await withClock(auth.tenantId, afterActivity(c, iso, after), c);
    const record: FollowUp = {
      id,
      customerId: c.id,
      customerName: c.name,
      authorId: auth.userId,
      authorName: auth.userName,
      content: input.content,
      channel: input.channel ?? null,
      interests: input.interests ?? [],
      objections: input.objections ?? [],
      maturityBefore: before.maturityId,
      maturityAfter: after.maturityId,
      occurredAt: times.occurredAt,
      nextFollowUpAt: times.nextFollowUpAt,
      nextFollowUpNote: scheduled ? scheduled.note : null,
      scheduledPlanId: scheduled?.id ?? null,
      completedPlanId: completed?.id ?? null,
      replies: [],
      createdAt: iso,
    };
    const steps: Step[] = [
      ...saveCustomerSteps(auth.tenantId, next, c, {}),
      ...repo.newFollowUpSteps(auth.tenantId, { ...record, authorRolePath: auth.rolePath }),
      ...(scheduled ? repo.newPlanSteps(auth.tenantId, scheduled) : []),
      ...(opts.with?.(record, c) ?? []),
    ];
    if (completed) {
      // applyFollowUp checked it is one of the customer's open plans; its item moves with it.
      const done = changePlan(repo.publicPlan(completed), { status: 'done' }, auth.userId, at);
      steps.push(repo.planSaveStep(auth.tenantId, { ...completed, ...done }, completed.version));
    }
    await commit(steps);
    return record;
  });
}

export async function listFollowUps(
  auth: Auth,
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
) {
  const c = await loadVisibleCustomer(auth, customerId);
  return repo.listFollowUps(auth.tenantId, c.id, page);
}

/**
 * The customer of a record or plan id from a path, loaded with `load` (visible, or editable): an
 * unknown id, another tenant's, or one whose customer the caller may not see are all the same 404.
 */
async function customerOf(
  auth: Auth,
  id: string,
  kind: repo.FollowUpRef['kind'],
  load: (auth: Auth, id: string) => Promise<CustomerRecord>,
): Promise<CustomerRecord> {
  const what = kind === 'plan' ? 'plan' : 'follow-up record';
  const ref = await repo.getRef(auth.tenantId, id);
  if (ref?.kind !== kind) throw new NotFound(what);
  return load(auth, ref.customerId).catch((error: unknown) => {
    throw error instanceof NotFound ? new NotFound(what) : error;
  });
}

/** The record behind an id from a path, if the caller may see its customer (404 otherwise). */
async function loadRecord(auth: Auth, id: string) {
  const c = await customerOf(auth, id, 'followup', loadVisibleCustomer);
  const record = await repo.getFollowUp(auth.tenantId, c.id, id);
  if (!record) throw new NotFound('follow-up record');
  return record;
}

/**
 * A reply to a record (跟单回复) by anyone who may see the customer, a superior typically; the
 * record's author is notified in the same transaction (not when replying to oneself).
 */
export async function reply(
  auth: Auth,
  followupId: string,
  content: string,
): Promise<Reply & { followupId: string }> {
  const record = await loadRecord(auth, followupId);
  const r: Reply = {
    id: ulid(),
    authorId: auth.userId,
    authorName: auth.userName,
    content,
    createdAt: now().toISOString(),
  };
  await commit([
    repo.replyStep(auth.tenantId, record, r),
    ...(record.authorId === auth.userId
      ? []
      : notifySteps(
          auth.tenantId,
          record.authorId,
          replyNotice(record, { ...r, authorName: auth.userName }),
        )),
  ]);
  return { ...r, followupId: record.id };
}

// ---- plans ----------------------------------------------------------------------------------------

/** A plan (跟进计划) on a customer the caller may work: due time ahead, key points. */
export async function createPlan(
  auth: Auth,
  customerId: string,
  input: { dueAt: string; note: string },
): Promise<Plan> {
  const at = now();
  const iso = at.toISOString();
  const dueAt = checkDueAt(input.dueAt, at);
  const id = ulid();
  return retrying(async () => {
    const c = await loadEditableCustomer(auth, customerId);
    const plan = newPlan(c, { id, dueAt, note: input.note, followupId: null }, auth.userId, iso);
    const next = afterActivity(c, iso, withOpenPlans(addOpenPlan(c.openPlans ?? [], openPlanOf(plan))));
    await commit([
      ...saveCustomerSteps(auth.tenantId, next, c, {}),
      ...repo.newPlanSteps(auth.tenantId, plan),
    ]);
    return repo.publicPlan(plan);
  });
}

/** The plan behind an id from a path, and its customer, if the caller may work the customer. */
async function loadPlan(auth: Auth, id: string) {
  const c = await customerOf(auth, id, 'plan', loadEditableCustomer);
  const plan = await repo.getPlan(auth.tenantId, c.id, id);
  if (!plan) throw new NotFound('plan');
  return { c, plan };
}

export async function getPlan(auth: Auth, id: string): Promise<Plan> {
  const c = await customerOf(auth, id, 'plan', loadVisibleCustomer);
  const plan = await repo.getPlan(auth.tenantId, c.id, id);
  if (!plan) throw new NotFound('plan');
  return repo.publicPlan(plan);
}

/** Moves, edits, completes or cancels a plan at the version the client read (If-Match). */
export async function updatePlan(
  auth: Auth,
  id: string,
  expected: number,
  patch: UpdatePlanInput,
): Promise<Plan> {
  const at = now();
  return retrying(async () => {
    const { c, plan } = await loadPlan(auth, id);
    if (plan.version !== expected) throw new repo.StalePlan();
    const edited = changePlan(repo.publicPlan(plan), patch, auth.userId, at);
    const changed: repo.PlanRecord = {
      ...plan,
      ...edited,
      updatedBy: { id: auth.userId, name: auth.userName, version: edited.version },
    };
    const next = afterActivity(
      c,
      at.toISOString(),
      withOpenPlans(replaceOpenPlan(c.openPlans ?? [], changed)),
    );
    await commit([
      ...saveCustomerSteps(auth.tenantId, next, c, {}),
      repo.planSaveStep(auth.tenantId, changed, expected),
    ]);
    return repo.publicPlan(changed);
  });
}

export async function deletePlan(auth: Auth, id: string): Promise<void> {
  await retrying(async () => {
    const { c, plan } = await loadPlan(auth, id);
    const open = c.openPlans ?? [];
    const steps = repo.planDeleteSteps(auth.tenantId, plan);
    if (open.some((p) => p.id === plan.id)) {
      const next = afterActivity(c, now().toISOString(), withOpenPlans(open.filter((p) => p.id !== plan.id)));
      steps.unshift(...saveCustomerSteps(auth.tenantId, next, c, {}));
    }
    await commit(steps);
  });
}
