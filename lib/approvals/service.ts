import { ulid } from 'ulid';
import { now } from '../clock.ts';
import { pause, type Step } from '../db/write.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, Conflict, type FieldError, HttpError, NotFound, Unprocessable } from '../http/errors.ts';
import { notifySteps } from '../notifications/service.ts';
import { getRoles, getUser, getUsers } from '../org/repository.ts';
import * as repo from './repository.ts';
import {
  type Actor,
  type ApprovalRecord,
  addApprover as addRule,
  approve as approveRule,
  canSee,
  checkDefinition,
  type Directory,
  entriesOf,
  MAX_PARTICIPANTS,
  needsChoice,
  normalizeForm,
  participants,
  pathsToRead,
  planSteps,
  reject as rejectRule,
  remind as remindRule,
  resubmit as resubmitRule,
  returnTo,
  type Transition,
  transfer as transferRule,
  withdraw as withdrawRule,
} from './rules.ts';
import type {
  Action,
  Approval,
  Comment,
  CreateFlowInput,
  Flow,
  FlowStep,
  PlannedStep,
  UpdateFlowInput,
} from './schemas.ts';

/**
 * Approval use cases: load, decide through rules.ts, commit at the version read. A decision that
 * loses a race (another one committed on the same version) is decided again on the new state, so
 * its answer is what that state allows: an `any` step moved by one approver is not waiting for the
 * other any more (409), the last two approvers of an `all` step both land and the step passes once.
 */

export const invalid = (errors: FieldError[]) => new BadRequest('Some fields are invalid.', errors);
const actorOf = (auth: Auth): Actor => ({ id: auth.userId, name: auth.userName });

// ---- flows -------------------------------------------------------------------------------------

/** Named approvers, cc'd users and roles of a definition exist in the tenant. */
async function referenceErrors(tenantId: string, steps: FlowStep[]): Promise<FieldError[]> {
  const userIds = [
    ...new Set(steps.flatMap((s) => [...(s.approvers.userIds ?? []), ...(s.ccUserIds ?? [])])),
  ];
  const roleIds = [...new Set(steps.flatMap((s) => (s.approvers.roleId ? [s.approvers.roleId] : [])))];
  const [users, roles] = await Promise.all([getUsers(tenantId, userIds), getRoles(tenantId, roleIds)]);
  const knownUsers = new Set(users.map((u) => u.id));
  const knownRoles = new Set(roles.map((r) => r.id));
  const errors: FieldError[] = [];
  steps.forEach((s, i) => {
    (s.approvers.userIds ?? []).forEach((id, j) => {
      if (!knownUsers.has(id))
        errors.push({
          path: `body.steps.${i}.approvers.userIds.${j}`,
          code: 'unknown_user',
          message: 'No user has this id',
        });
    });
    (s.ccUserIds ?? []).forEach((id, j) => {
      if (!knownUsers.has(id))
        errors.push({
          path: `body.steps.${i}.ccUserIds.${j}`,
          code: 'unknown_user',
          message: 'No user has this id',
        });
    });
    if (s.approvers.roleId && !knownRoles.has(s.approvers.roleId))
      errors.push({
        path: `body.steps.${i}.approvers.roleId`,
        code: 'unknown_role',
        message: 'No role has this id',
      });
  });
  return errors;
}

async function definition(auth: Auth, input: Omit<CreateFlowInput, 'type'> & { type: Flow['type'] }) {
  const def = { type: input.type, form: input.form ?? [], steps: input.steps };
  const errors = [...checkDefinition(def), ...(await referenceErrors(auth.tenantId, input.steps))];
  if (errors.length) throw invalid(errors);
  return { ...def, name: input.name, onReject: input.onReject, whenNoApprover: input.whenNoApprover };
}

export async function createFlow(auth: Auth, input: CreateFlowInput): Promise<Flow> {
  const def = await definition(auth, input);
  const at = now().toISOString();
  const flow: Flow = { id: ulid(), ...def, version: 1, createdAt: at, createdBy: auth.userId, updatedAt: at };
  await repo.saveFlow(auth.tenantId, flow, null);
  return flow;
}

export async function getFlow(auth: Auth, id: string): Promise<Flow> {
  const flow = await repo.getFlow(auth.tenantId, id);
  if (!flow) throw new NotFound('approval flow');
  return flow;
}

export const listFlows = (
  auth: Auth,
  q: { type?: string | undefined; limit: number; cursor?: string | undefined },
) => repo.listFlows(auth.tenantId, { limit: q.limit, cursor: q.cursor }, q.type);

/** An edit is a new version; requests running on the old one keep it. */
export async function updateFlow(
  auth: Auth,
  id: string,
  expected: number,
  input: UpdateFlowInput,
): Promise<Flow> {
  const current = await getFlow(auth, id);
  const def = await definition(auth, { ...input, type: input.type ?? current.type });
  const next: Flow = { ...current, ...def, version: expected + 1, updatedAt: now().toISOString() };
  await repo.saveFlow(auth.tenantId, next, expected);
  return next;
}

export async function deleteFlow(auth: Auth, id: string, expected: number): Promise<void> {
  await getFlow(auth, id);
  await repo.deleteFlow(auth.tenantId, id, expected);
}

// ---- requests ----------------------------------------------------------------------------------

/** What public readers see: the request without the bookkeeping of lists and visibility. */
export const present = ({
  submitterRolePath: _p,
  onReject: _o,
  pendingSince: _s,
  handled: _h,
  cc: _c,
  chosenIds: _i,
  ...r
}: ApprovalRecord): Approval => r;

/** The organisation a plan reads: the roles named, the role paths its approvers come from. */
async function directoryFor(
  tenantId: string,
  steps: FlowStep[],
  submitterRolePath: string,
  chosen: string[],
): Promise<Directory> {
  const roleIds = [...new Set(steps.flatMap((s) => (s.approvers.roleId ? [s.approvers.roleId] : [])))];
  const named = [
    ...new Set([
      ...steps.flatMap((s) => [...(s.approvers.userIds ?? []), ...(s.ccUserIds ?? [])]),
      ...chosen,
    ]),
  ];
  const [roles, users] = await Promise.all([getRoles(tenantId, roleIds), getUsers(tenantId, named)]);
  const rolePaths = new Map(roles.map((r) => [r.id, r.path]));
  const paths = pathsToRead(steps, submitterRolePath, [...rolePaths.values()]);
  const members = new Map(
    await Promise.all(paths.map(async (p) => [p, await repo.usersInRole(tenantId, p)] as const)),
  );
  const active = new Set(users.filter((u) => !u.disabled).map((u) => u.id));
  return {
    usersIn: (p) => members.get(p) ?? [],
    rolePathOf: (id) => rolePaths.get(id),
    isUser: (id) => active.has(id),
  };
}

export async function plan(
  tenantId: string,
  flow: Flow,
  form: Record<string, unknown>,
  submitter: { id: string; rolePath: string },
  chosen: string[],
): Promise<PlannedStep[]> {
  if (needsChoice(flow, form) && chosen.length === 0)
    throw invalid([
      {
        path: 'body.chosenApproverIds',
        code: 'required',
        message: 'This flow asks the submitter to choose approvers',
      },
    ]);
  const dir = await directoryFor(tenantId, flow.steps, submitter.rolePath, chosen);
  return planSteps(flow, form, submitter, dir, chosen);
}

function notices(tenantId: string, t: Transition) {
  return t.notices.flatMap((n) =>
    notifySteps(tenantId, n.userId, {
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: `/v1/approvals/${t.next.id}`,
      dedupeKey: `approval:${t.next.id}:${t.next.version}:${n.kind}`,
    }),
  );
}

export async function commit(
  tenantId: string,
  prev: ApprovalRecord | null,
  t: Transition,
  guards: Step[] = [],
): Promise<void> {
  if (participants(t.next).size > MAX_PARTICIPANTS)
    throw new Unprocessable(
      'too_many_participants',
      `A request involves at most ${MAX_PARTICIPANTS} people (submitter, approvers, cc).`,
    );
  await repo.commitTransition(
    tenantId,
    prev ? { record: prev, entries: entriesOf(prev) } : null,
    t,
    entriesOf(t.next),
    [...guards, ...notices(tenantId, t)],
  );
}

async function loadVisible(auth: Auth, id: string): Promise<ApprovalRecord> {
  const r = await repo.getApproval(auth.tenantId, id);
  if (!r || !canSee(auth, r)) throw new NotFound('approval');
  return r;
}

export async function getApproval(auth: Auth, id: string): Promise<Approval & { actions: Action[] }> {
  const found = await repo.getApprovalWithActions(auth.tenantId, id);
  if (!found || !canSee(auth, found.record)) throw new NotFound('approval');
  return { ...present(found.record), actions: found.actions };
}

const ATTEMPTS = 12;

/** Reads, decides and commits at the version read; a lost race decides again on the new state. */
async function act(
  auth: Auth,
  id: string,
  decide: (r: ApprovalRecord, at: string) => Transition | Promise<Transition>,
): Promise<Approval> {
  for (let attempt = 1; ; attempt += 1) {
    const r = await loadVisible(auth, id);
    const t = await decide(r, now().toISOString());
    try {
      await commit(auth.tenantId, r, t);
      return present(t.next);
    } catch (error) {
      if (!(error instanceof repo.StaleApproval)) throw error;
      if (attempt >= ATTEMPTS) throw new Conflict('busy', 'The request is changing too fast; try again.');
      await pause(attempt);
    }
  }
}

export const approve = (auth: Auth, id: string, comment?: string) =>
  act(auth, id, (r, at) => approveRule(r, actorOf(auth), comment ?? null, at));

export const reject = (auth: Auth, id: string, comment?: string) =>
  act(auth, id, (r, at) => rejectRule(r, actorOf(auth), comment ?? null, at));

export const withdraw = (auth: Auth, id: string) =>
  act(auth, id, (r, at) => withdrawRule(r, actorOf(auth), at));

/** A new round from the first step, on the request's own flow version, with the form given or kept. */
export const resubmit = (auth: Auth, id: string, rawForm?: Record<string, unknown>) =>
  act(auth, id, async (r, at) => {
    const flow = await repo.getFlowVersion(auth.tenantId, r.flowId, r.flowVersion);
    if (!flow) throw new NotFound('approval flow');
    let form = r.form;
    if (rawForm) {
      const normalized = normalizeForm(flow, rawForm);
      if (normalized.errors.length) throw invalid(normalized.errors);
      form = normalized.form;
    }
    const steps = await plan(
      auth.tenantId,
      flow,
      form,
      { id: r.submitterId, rolePath: r.submitterRolePath },
      r.chosenIds,
    );
    return resubmitRule(r, actorOf(auth), form, steps, at);
  });

export const returnToStep = (auth: Auth, id: string, toStep: number, comment?: string) =>
  act(auth, id, (r, at) => returnTo(r, actorOf(auth), toStep, comment ?? null, at));

/** A colleague of the tenant, active, as an approver. */
async function colleague(auth: Auth, userId: string): Promise<Actor> {
  const user = await getUser(auth.tenantId, userId);
  if (!user || user.disabled)
    throw invalid([{ path: 'body.userId', code: 'unknown_user', message: 'No active user has this id' }]);
  return { id: user.id, name: user.name };
}

export async function addApprover(auth: Auth, id: string, userId: string, position: 'before' | 'after') {
  const user = await colleague(auth, userId);
  return act(auth, id, (r, at) => addRule(r, actorOf(auth), user, position, at));
}

export async function transfer(auth: Auth, id: string, userId: string, comment?: string) {
  const user = await colleague(auth, userId);
  return act(auth, id, (r, at) => transferRule(r, actorOf(auth), user, comment ?? null, at));
}

export const remind = (auth: Auth, id: string) => act(auth, id, (r, at) => remindRule(r, actorOf(auth), at));

/** Each id decided on its own; the answer says, per id, what happened (a refusal does not stop the rest). */
export async function batch(auth: Auth, action: 'approve' | 'reject', ids: string[], comment?: string) {
  const results = [];
  for (const id of [...new Set(ids)]) {
    try {
      const r = await (action === 'approve' ? approve : reject)(auth, id, comment);
      results.push({ id, ok: true, status: 200, code: null, approvalStatus: r.status });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const status = (error.extensions?.approvalStatus as Approval['status'] | undefined) ?? null;
      results.push({ id, ok: false, status: error.status, code: error.code, approvalStatus: status });
    }
  }
  return { results };
}

// ---- comments ----------------------------------------------------------------------------------

export async function addComment(auth: Auth, id: string, content: string): Promise<Comment> {
  await loadVisible(auth, id);
  const at = now();
  const comment: Comment = {
    id: ulid(at.getTime()),
    authorId: auth.userId,
    authorName: auth.userName,
    content,
    createdAt: at.toISOString(),
  };
  await repo.addComment(auth.tenantId, id, comment);
  return comment;
}

export async function listComments(
  auth: Auth,
  id: string,
  page: { limit: number; cursor?: string | undefined },
) {
  await loadVisible(auth, id);
  return repo.listComments(auth.tenantId, id, page);
}
