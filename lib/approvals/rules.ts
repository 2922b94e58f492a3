import * as z from 'zod/mini';
import type { ApprovalView } from '../db/keys.ts';
import { Conflict, type FieldError, TooManyRequests, Unprocessable } from '../http/errors.ts';
import { fieldErrors } from '../http/problem.ts';
import {
  type Action,
  type Approval,
  type ApprovalStatus,
  BUILT_IN_FORMS,
  type Flow,
  type FlowStep,
  type FormField,
  type PlannedStep,
  TYPED_FORMS,
  type When,
} from './schemas.ts';

/**
 * The approval engine, pure: (request, command, instant) -> the next request, the actions to append
 * and whom to tell. No I/O: the service loads the request and the org data a command needs, decides
 * here, and commits the result at the version it read, so two decisions made on the same version
 * never both land.
 */

// ---- the stored request ------------------------------------------------------------------------

/** The request as stored: the public record plus who has been involved and since when. */
export interface ApprovalRecord extends Approval {
  submitterRolePath: string;
  onReject: 'end' | 'toSubmitter';
  /** When each current approver started waiting (their 待我审批 entry). */
  pendingSince: Record<string, string>;
  /** When each user last acted on it (approve, reject, return, transfer: their 我已审批 entry). */
  handled: Record<string, string>;
  /** When each user was cc'd (抄送我的). */
  cc: Record<string, string>;
  /** The approvers the submitter chose (steps of kind submitterChooses), kept for a resubmission. */
  chosenIds: string[];
}

export type ActionDraft = Omit<Action, 'seq'>;
export interface Notice {
  userId: string;
  kind: 'approvalPending' | 'approvalCc' | 'approvalDecided' | 'approvalRemind';
  title: string;
  body: string;
}
export interface Transition {
  next: ApprovalRecord;
  actions: ActionDraft[];
  notices: Notice[];
}

/** Most users one request may involve: its list entries and notices fit one transaction. */
export const MAX_PARTICIPANTS = 15;
/** Most steps after additions (加签). */
export const MAX_PLANNED_STEPS = 20;
export const REMIND_INTERVAL_MS = 60 * 60 * 1000;

// ---- forms -------------------------------------------------------------------------------------

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function checkField(field: FormField, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.trim().length > 0 && value.length <= 2000
        ? undefined
        : 'Must be text of 1 to 2000 characters';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'Must be a number';
    case 'money':
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : 'Must be a whole number of fen';
    case 'date':
      return typeof value === 'string' && LOCAL_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'Must be a date YYYY-MM-DD';
    case 'datetime':
      return typeof value === 'string' && /T/.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'Must be an ISO-8601 instant';
    case 'select':
      return typeof value === 'string' && (field.options ?? []).includes(value)
        ? undefined
        : `Must be one of: ${(field.options ?? []).join(', ')}`;
    case 'user':
    case 'customer':
      return typeof value === 'string' && ID.test(value) ? undefined : 'Must be an id issued by this API';
  }
}

/**
 * The form as stored: a built-in type's typed form (expense: `totalFen`, the lines' sum, computed
 * here and never taken from the client), or the flow's own fields. Errors name `body.form.<field>`.
 */
export function normalizeForm(
  flow: Pick<Flow, 'type' | 'form'>,
  raw: Record<string, unknown>,
): { form: Record<string, unknown>; errors: FieldError[] } {
  if (BUILT_IN_FORMS.includes(flow.type)) {
    const schema = TYPED_FORMS[flow.type as keyof typeof TYPED_FORMS];
    const parsed = z.safeParse(schema, raw);
    if (!parsed.success) return { form: {}, errors: fieldErrors(parsed.error, 'body.form') };
    const form = parsed.data as Record<string, unknown>;
    if (flow.type === 'expense') {
      const lines = form.lines as Array<{ amountFen: number }>;
      return { form: { ...form, totalFen: lines.reduce((sum, l) => sum + l.amountFen, 0) }, errors: [] };
    }
    return { form, errors: [] };
  }
  const errors: FieldError[] = [];
  const known = new Map(flow.form.map((f) => [f.key, f]));
  for (const key of Object.keys(raw)) {
    if (!known.has(key))
      errors.push({ path: `body.form.${key}`, code: 'unknown_field', message: 'The flow has no such field' });
  }
  const form: Record<string, unknown> = {};
  for (const field of flow.form) {
    const value = raw[field.key];
    if (value === undefined || value === null || value === '') {
      if (field.required)
        errors.push({
          path: `body.form.${field.key}`,
          code: 'required',
          message: `${field.label} is required`,
        });
      continue;
    }
    const problem = checkField(field, value);
    if (problem) errors.push({ path: `body.form.${field.key}`, code: 'invalid_value', message: problem });
    else form[field.key] = typeof value === 'string' ? value.trim() : value;
  }
  return { form, errors };
}

/** Whether a step's condition holds for the form: a missing or non-numeric field never meets it. */
export function meets(when: When | undefined, form: Record<string, unknown>): boolean {
  if (!when) return true;
  const value = form[when.field];
  if (typeof value !== 'number') return false;
  switch (when.op) {
    case 'gt':
      return value > when.value;
    case 'gte':
      return value >= when.value;
    case 'lt':
      return value < when.value;
    case 'lte':
      return value <= when.value;
    case 'eq':
      return value === when.value;
  }
}

/** The fields a flow's conditions may name: numbers and money of its form, or the typed form's. */
export function numericFields(flow: Pick<Flow, 'type' | 'form'>): string[] {
  switch (flow.type) {
    case 'leave':
      return ['days'];
    case 'trip':
      return ['estimatedCostFen'];
    case 'overtime':
      return ['hours'];
    case 'expense':
      return ['totalFen'];
    case 'loan':
      return ['amountFen'];
    default:
      return flow.form.filter((f) => f.type === 'number' || f.type === 'money').map((f) => f.key);
  }
}

/** A definition's own consistency: conditions on numeric fields, unique field keys. */
export function checkDefinition(flow: Pick<Flow, 'type' | 'form' | 'steps'>): FieldError[] {
  const errors: FieldError[] = [];
  const keys = new Set<string>();
  flow.form.forEach((f, i) => {
    if (keys.has(f.key))
      errors.push({ path: `body.form.${i}.key`, code: 'duplicate_key', message: 'Field keys are unique' });
    keys.add(f.key);
  });
  const numeric = numericFields(flow);
  flow.steps.forEach((s, i) => {
    if (s.when && !numeric.includes(s.when.field))
      errors.push({
        path: `body.steps.${i}.when.field`,
        code: 'not_numeric',
        message: `A condition names a numeric field of the form: ${numeric.join(', ') || '(none)'}`,
      });
  });
  return errors;
}

// ---- resolving approvers from the role tree ----------------------------------------------------

/** The role path `level` levels above `rolePath` (`/a/b/c`, 1 -> `/a/b`), or null above the root. */
export function superiorPath(rolePath: string, level: number): string | null {
  const parts = rolePath.split('/').filter(Boolean);
  if (level >= parts.length) return null;
  return `/${parts.slice(0, parts.length - level).join('/')}`;
}

/** The tenant's root role path (its administrators). */
export const rootPath = (rolePath: string) => `/${rolePath.split('/').filter(Boolean)[0] ?? ''}`;

/** What resolving a flow needs from the organisation, fetched by the service beforehand. */
export interface Directory {
  /** Active users whose role is exactly the path, in a stable order. */
  usersIn: (rolePath: string) => string[];
  /** A role id's path, when the role exists. */
  rolePathOf: (roleId: string) => string | undefined;
  /** Whether the id is an active user of the tenant (named approvers, chosen ones). */
  isUser: (userId: string) => boolean;
}

/** The role paths resolving these steps for this submitter reads (besides named roles). */
export function pathsToRead(
  steps: readonly FlowStep[],
  submitterRolePath: string,
  rolePaths: string[],
): string[] {
  const paths = new Set<string>([rootPath(submitterRolePath), ...rolePaths]);
  for (const s of steps) {
    const { kind, level = 0 } = s.approvers;
    if (kind === 'superior') {
      const p = superiorPath(submitterRolePath, level);
      if (p) paths.add(p);
    }
    if (kind === 'superiors')
      for (let l = 1; l <= level; l += 1) {
        const p = superiorPath(submitterRolePath, l);
        if (p) paths.add(p);
      }
  }
  return [...paths];
}

function approversOf(
  step: FlowStep,
  submitter: { id: string; rolePath: string },
  dir: Directory,
  chosen: readonly string[],
): string[] {
  const a = step.approvers;
  switch (a.kind) {
    case 'users':
      return (a.userIds ?? []).filter(dir.isUser);
    case 'superior': {
      const p = superiorPath(submitter.rolePath, a.level ?? 1);
      return p ? dir.usersIn(p) : [];
    }
    case 'superiors': {
      const ids: string[] = [];
      for (let l = 1; l <= (a.level ?? 1); l += 1) {
        const p = superiorPath(submitter.rolePath, l);
        if (p) ids.push(...dir.usersIn(p));
      }
      return ids;
    }
    case 'role': {
      const p = a.roleId ? dir.rolePathOf(a.roleId) : undefined;
      return p ? dir.usersIn(p) : [];
    }
    case 'submitterChooses':
      return chosen.filter(dir.isUser);
  }
}

/**
 * The steps of one round for this submitter and form: conditions decide which apply; approvers
 * resolve from the role tree; nobody resolving is auto-approval or the tenant's administrators
 * (`whenNoApprover`); the submitter never approves their own request (removed, and a step left
 * with nobody passes).
 */
export function planSteps(
  flow: Pick<Flow, 'steps' | 'whenNoApprover'>,
  form: Record<string, unknown>,
  submitter: { id: string; rolePath: string },
  dir: Directory,
  chosen: readonly string[] = [],
): PlannedStep[] {
  return flow.steps.map((step): PlannedStep => {
    const base = {
      name: step.name,
      mode: step.mode,
      doneIds: [],
      ccUserIds: [...new Set(step.ccUserIds ?? [])].filter((id) => dir.isUser(id) && id !== submitter.id),
      added: false,
    };
    if (!meets(step.when, form)) return { ...base, approverIds: [], ccUserIds: [], skipped: 'condition' };
    let ids = [...new Set(approversOf(step, submitter, dir, chosen))];
    if (ids.length === 0) {
      if (flow.whenNoApprover === 'autoApprove') return { ...base, approverIds: [], skipped: 'noApprover' };
      ids = dir.usersIn(rootPath(submitter.rolePath));
    }
    const others = ids.filter((id) => id !== submitter.id);
    if (others.length === 0)
      return { ...base, approverIds: [], skipped: ids.length ? 'submitter' : 'noApprover' };
    return { ...base, approverIds: others, skipped: null };
  });
}

/** Whether a plan needs the submitter to choose approvers. */
export const needsChoice = (flow: Pick<Flow, 'steps'>, form: Record<string, unknown>) =>
  flow.steps.some((s) => s.approvers.kind === 'submitterChooses' && meets(s.when, form));

// ---- steps -------------------------------------------------------------------------------------

/** Who must act on a step now. */
export function waitingOn(step: PlannedStep): string[] {
  if (step.skipped) return [];
  const open = step.approverIds.filter((id) => !step.doneIds.includes(id));
  if (step.mode === 'any') return step.doneIds.length > 0 ? [] : open;
  if (step.mode === 'sequential') return open.slice(0, 1);
  return open;
}

export const isComplete = (step: PlannedStep) =>
  step.skipped !== null ||
  (step.mode === 'any' ? step.doneIds.length > 0 : step.approverIds.every((id) => step.doneIds.includes(id)));

// ---- transitions -------------------------------------------------------------------------------

const action = (
  kind: Action['kind'],
  at: string,
  fields: Partial<Omit<ActionDraft, 'kind' | 'at'>> = {},
): ActionDraft => ({
  kind,
  actorId: null,
  actorName: null,
  step: null,
  comment: null,
  userId: null,
  detail: null,
  at,
  ...fields,
});

export interface Actor {
  id: string;
  name: string;
}
const by = (actor: Actor) => ({ actorId: actor.id, actorName: actor.name });

/**
 * Moves past every complete step: cc's a passed step's users, approves at once an approver who
 * approved the step just before (one person in consecutive steps approves once), and decides the
 * request when no step is left. Then sets who is waiting, keeping each one's waiting time.
 */
function settle(prev: ApprovalRecord, draft: ApprovalRecord, at: string, actions: ActionDraft[]): Transition {
  const r = draft;
  const notices: Notice[] = [];
  let lastApprovers: string[] = [];
  while (r.status === 'pending' && r.currentStep !== null) {
    const i: number = r.currentStep;
    const step = r.steps[i];
    if (!step) {
      r.status = 'approved';
      r.currentStep = null;
      r.decidedAt = at;
      actions.push(action('approved', at));
      break;
    }
    if (!step.skipped && lastApprovers.length > 0) {
      for (const id of step.approverIds)
        if (lastApprovers.includes(id) && !step.doneIds.includes(id) && waitingOn(step).includes(id)) {
          step.doneIds.push(id);
          actions.push(action('autoApprove', at, { step: i, userId: id, detail: 'duplicate' }));
          if (isComplete(step)) break;
        }
    }
    if (!isComplete(step)) break;
    if (step.skipped === 'noApprover' || step.skipped === 'submitter')
      actions.push(action('autoApprove', at, { step: i, detail: step.skipped }));
    if (step.skipped !== 'condition')
      for (const id of step.ccUserIds)
        if (!(id in r.cc)) {
          r.cc[id] = at;
          actions.push(action('cc', at, { step: i, userId: id }));
          notices.push({
            userId: id,
            kind: 'approvalCc',
            title: `抄送：${r.title}`,
            body: `${r.submitterName}的${r.flowName}已通过「${step.name}」`,
          });
        }
    if (!step.skipped) lastApprovers = step.doneIds;
    r.currentStep = i + 1;
  }
  r.pendingIds =
    r.status === 'pending' && r.currentStep !== null ? waitingOn(r.steps[r.currentStep] as PlannedStep) : [];
  const since: Record<string, string> = {};
  for (const id of r.pendingIds) {
    since[id] = prev.status === 'pending' && prev.round === r.round ? (prev.pendingSince[id] ?? at) : at;
    if (!prev.pendingIds.includes(id) || prev.round !== r.round || prev.status !== 'pending')
      notices.push({
        userId: id,
        kind: 'approvalPending',
        title: `待审批：${r.title}`,
        body: `${r.submitterName}的${r.flowName}等您审批`,
      });
  }
  r.pendingSince = since;
  if (r.status !== 'pending' && prev.status === 'pending' && r.status !== 'withdrawn')
    notices.push({
      userId: r.submitterId,
      kind: 'approvalDecided',
      title: `${r.status === 'approved' ? '已通过' : '已驳回'}：${r.title}`,
      body: `您的${r.flowName}${r.status === 'approved' ? '已通过' : '被驳回'}`,
    });
  r.updatedAt = at;
  r.version = prev.version + actions.length;
  return { next: r, actions, notices };
}

const copy = (r: ApprovalRecord): ApprovalRecord => structuredClone(r);

/** A request about to start, before it settles (its first steps may pass at once). */
export interface NewRequest {
  id: string;
  flow: Pick<Flow, 'id' | 'version' | 'name' | 'type' | 'onReject'>;
  title: string;
  form: Record<string, unknown>;
  attachmentIds: string[];
  customerId: string | null;
  contractId: string | null;
  submitter: Actor & { rolePath: string };
  steps: PlannedStep[];
  chosenIds: string[];
}

/** A new request: the first round starts, and steps that need nobody pass at once. */
export function submit(input: NewRequest, at: string): Transition {
  const blank: ApprovalRecord = {
    id: input.id,
    flowId: input.flow.id,
    flowVersion: input.flow.version,
    flowName: input.flow.name,
    flowType: input.flow.type,
    title: input.title,
    form: input.form,
    attachmentIds: input.attachmentIds,
    customerId: input.customerId,
    contractId: input.contractId,
    submitterId: input.submitter.id,
    submitterName: input.submitter.name,
    submitterRolePath: input.submitter.rolePath,
    onReject: input.flow.onReject,
    status: 'pending',
    resubmittable: false,
    round: 1,
    steps: input.steps,
    currentStep: 0,
    pendingIds: [],
    submittedAt: at,
    decidedAt: null,
    updatedAt: at,
    remindedAt: null,
    version: 0,
    pendingSince: {},
    handled: {},
    cc: {},
    chosenIds: input.chosenIds,
  };
  const none = { ...blank, status: 'withdrawn' as ApprovalStatus, round: 0 };
  return settle(none, copy(blank), at, [action('submit', at, by(input.submitter))]);
}

export class NotYourTurn extends Conflict {
  constructor(status: ApprovalStatus) {
    super(
      status === 'pending' ? 'not_pending_for_you' : 'already_decided',
      status === 'pending'
        ? 'This request is not waiting for you (someone else acted first, or it moved on).'
        : `This request is ${status} already.`,
      { approvalStatus: status },
    );
  }
}

function requireTurn(r: ApprovalRecord, actor: Actor): PlannedStep {
  if (r.status !== 'pending' || r.currentStep === null || !r.pendingIds.includes(actor.id))
    throw new NotYourTurn(r.status);
  return r.steps[r.currentStep] as PlannedStep;
}

export function approve(r: ApprovalRecord, actor: Actor, comment: string | null, at: string): Transition {
  requireTurn(r, actor);
  const next = copy(r);
  const i = next.currentStep as number;
  (next.steps[i] as PlannedStep).doneIds.push(actor.id);
  next.handled[actor.id] = at;
  return settle(r, next, at, [action('approve', at, { ...by(actor), step: i, comment })]);
}

/** A rejection ends the request; with `onReject: toSubmitter` the submitter may resubmit it. */
export function reject(r: ApprovalRecord, actor: Actor, comment: string | null, at: string): Transition {
  requireTurn(r, actor);
  const next = copy(r);
  const i = next.currentStep as number;
  next.status = 'rejected';
  next.resubmittable = r.onReject === 'toSubmitter';
  next.currentStep = null;
  next.decidedAt = at;
  next.handled[actor.id] = at;
  return settle(r, next, at, [action('reject', at, { ...by(actor), step: i, comment })]);
}

/** The submitter takes it back before the final decision. */
export function withdraw(r: ApprovalRecord, actor: Actor, at: string): Transition {
  if (actor.id !== r.submitterId)
    throw new Unprocessable('not_submitter', 'Only the submitter withdraws a request.');
  if (r.status !== 'pending') throw new NotYourTurn(r.status);
  const next = copy(r);
  next.status = 'withdrawn';
  next.currentStep = null;
  next.decidedAt = at;
  return settle(r, next, at, [action('withdraw', at, { ...by(actor) })]);
}

/** After a withdrawal or a rejection back to the submitter: a new round from the first step. */
export function resubmit(
  r: ApprovalRecord,
  actor: Actor,
  form: Record<string, unknown>,
  steps: PlannedStep[],
  at: string,
): Transition {
  if (actor.id !== r.submitterId)
    throw new Unprocessable('not_submitter', 'Only the submitter resubmits a request.');
  if (!(r.status === 'withdrawn' || (r.status === 'rejected' && r.resubmittable)))
    throw new Conflict(
      'not_resubmittable',
      r.status === 'rejected'
        ? 'This flow ends a request when it is rejected; submit a new one.'
        : `A ${r.status} request cannot be resubmitted.`,
      { approvalStatus: r.status },
    );
  const next = copy(r);
  Object.assign(next, {
    form,
    steps,
    status: 'pending',
    resubmittable: false,
    round: r.round + 1,
    currentStep: 0,
    decidedAt: null,
    submittedAt: at,
    remindedAt: null,
  });
  return settle(r, next, at, [action('resubmit', at, { ...by(actor) })]);
}

/** Back to an earlier step: its approvals and those after it start over. */
export function returnTo(
  r: ApprovalRecord,
  actor: Actor,
  toStep: number,
  comment: string | null,
  at: string,
): Transition {
  requireTurn(r, actor);
  const current = r.currentStep as number;
  const target = r.steps[toStep];
  if (toStep >= current || !target || target.skipped)
    throw new Unprocessable('invalid_step', 'Return to an earlier step that has approvers.');
  const next = copy(r);
  for (let i = toStep; i <= current; i += 1) (next.steps[i] as PlannedStep).doneIds = [];
  next.currentStep = toStep;
  next.handled[actor.id] = at;
  return settle(r, next, at, [
    action('return', at, { ...by(actor), step: current, comment, detail: String(toStep) }),
  ]);
}

/** 加签: a colleague approves before the caller (who approves after them) or after the current step. */
export function addApprover(
  r: ApprovalRecord,
  actor: Actor,
  user: Actor,
  position: 'before' | 'after',
  at: string,
): Transition {
  const step = requireTurn(r, actor);
  if (user.id === r.submitterId || step.approverIds.includes(user.id))
    throw new Unprocessable(
      'invalid_approver',
      'Add someone who is neither the submitter nor already in this step.',
    );
  if (r.steps.length >= MAX_PLANNED_STEPS)
    throw new Unprocessable('too_many_steps', `A request has at most ${MAX_PLANNED_STEPS} steps.`);
  const next = copy(r);
  const i = next.currentStep as number;
  const added: PlannedStep = {
    name: `加签：${user.name}`,
    mode: 'sequential',
    approverIds: [user.id],
    doneIds: [],
    ccUserIds: [],
    skipped: null,
    added: true,
  };
  next.steps.splice(position === 'before' ? i : i + 1, 0, added);
  return settle(r, next, at, [
    action('addApprover', at, { ...by(actor), step: i, userId: user.id, detail: position }),
  ]);
}

/** 转交: the caller's turn goes to a colleague. */
export function transfer(
  r: ApprovalRecord,
  actor: Actor,
  user: Actor,
  comment: string | null,
  at: string,
): Transition {
  const step = requireTurn(r, actor);
  if (user.id === r.submitterId || step.approverIds.includes(user.id))
    throw new Unprocessable(
      'invalid_approver',
      'Transfer to someone who is neither the submitter nor already in this step.',
    );
  const next = copy(r);
  const i = next.currentStep as number;
  const s = next.steps[i] as PlannedStep;
  s.approverIds = s.approverIds.map((id) => (id === actor.id ? user.id : id));
  next.handled[actor.id] = at;
  return settle(r, next, at, [action('transfer', at, { ...by(actor), step: i, userId: user.id, comment })]);
}

/** The submitter nudges whoever must act, at most once an hour. */
export function remind(r: ApprovalRecord, actor: Actor, at: string): Transition {
  if (actor.id !== r.submitterId)
    throw new Unprocessable('not_submitter', 'Only the submitter sends reminders.');
  if (r.status !== 'pending') throw new NotYourTurn(r.status);
  if (r.remindedAt && Date.parse(at) - Date.parse(r.remindedAt) < REMIND_INTERVAL_MS)
    throw new TooManyRequests('Approvers were reminded less than an hour ago.', 'reminded_recently');
  const next = copy(r);
  next.remindedAt = at;
  const t = settle(r, next, at, [action('remind', at, { ...by(actor), step: r.currentStep })]);
  t.notices.push(
    ...r.pendingIds.map((userId) => ({
      userId,
      kind: 'approvalRemind' as const,
      title: `催办：${r.title}`,
      body: `${r.submitterName}提醒您审批${r.flowName}`,
    })),
  );
  return t;
}

// ---- visibility and lists ----------------------------------------------------------------------

/** Everyone a request involves: the submitter, every approver planned or acting, every cc'd user. */
export function participants(r: ApprovalRecord): Set<string> {
  return new Set([
    r.submitterId,
    ...r.steps.flatMap((s) => s.approverIds),
    ...Object.keys(r.handled),
    ...Object.keys(r.cc),
    ...r.steps.flatMap((s) => s.ccUserIds),
  ]);
}

/**
 * Who sees a request: those it involves, the submitter's superiors (their role above the
 * submitter's) and administrators.
 */
export function canSee(
  viewer: { userId: string; rolePath: string; isAdmin: boolean },
  r: ApprovalRecord,
): boolean {
  return (
    viewer.isAdmin ||
    participants(r).has(viewer.userId) ||
    r.submitterRolePath.startsWith(`${viewer.rolePath}/`)
  );
}

export interface Entry {
  view: ApprovalView;
  userId: string;
  /** The status partition; undefined for the all-statuses partition. */
  status?: ApprovalStatus;
  at: string;
}

/** The list entries a request in this state has: one per list and user (and status partition). */
export function entriesOf(r: ApprovalRecord): Entry[] {
  const both = (view: ApprovalView, userId: string, at: string): Entry[] => [
    { view, userId, at },
    { view, userId, status: r.status, at },
  ];
  return [
    ...both('submitted', r.submitterId, r.submittedAt),
    ...r.pendingIds.map(
      (userId): Entry => ({ view: 'pending', userId, at: r.pendingSince[userId] ?? r.updatedAt }),
    ),
    ...Object.entries(r.handled).flatMap(([userId, at]) => both('handled', userId, at)),
    ...Object.entries(r.cc).flatMap(([userId, at]) => both('cc', userId, at)),
  ];
}
