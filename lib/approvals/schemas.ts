import * as z from 'zod/mini';
import { Cursor, Id, Limit, LocalDate, Name, pageOf } from '../schemas.ts';

/**
 * Approvals (审批, seed 001 办公 and seed 002 合同审批): flows of steps that resolve approvers from the
 * role tree, requests that move through them, and the lists of who submitted, must act, acted or was
 * cc'd. Money is integer fen.
 */

const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const Fen = z.number().check(z.int(), z.gte(0), z.lte(10_000_000_000_000));
const Instantish = z.iso.datetime({ offset: true });

export const FLOW_TYPES = [
  'general',
  'leave',
  'trip',
  'overtime',
  'expense',
  'loan',
  'contract',
  'custom',
] as const;
export const FlowType = z.enum(FLOW_TYPES);
export type FlowType = z.infer<typeof FlowType>;
/** Types whose form is fixed by the API (the flow's own `form` adds nothing to them). */
export const BUILT_IN_FORMS: readonly FlowType[] = ['leave', 'trip', 'overtime', 'expense', 'loan'];

export const FIELD_TYPES = [
  'text',
  'number',
  'money',
  'date',
  'datetime',
  'select',
  'user',
  'customer',
] as const;
export const FormField = z
  .strictObject({
    key: z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'Letters, digits and _ (a letter first)')),
    label: Text(100),
    type: z.enum(FIELD_TYPES),
    required: z.optional(z.boolean()),
    options: z.optional(z.array(Text(100)).check(z.minLength(1), z.maxLength(100))),
  })
  .check(
    z.refine((f) => (f.type === 'select') === (f.options !== undefined), {
      path: ['options'],
      message: 'A select field has options, and only a select field',
    }),
  );
export type FormField = z.output<typeof FormField>;

export const APPROVER_KINDS = ['users', 'superior', 'superiors', 'role', 'submitterChooses'] as const;
export const Approvers = z
  .strictObject({
    kind: z.enum(APPROVER_KINDS),
    userIds: z.optional(z.array(Id).check(z.minLength(1), z.maxLength(10))),
    /** superior: the superior that many levels up; superiors: every level from 1 up to it. */
    level: z.optional(z.number().check(z.int(), z.gte(1), z.lte(10))),
    roleId: z.optional(Id),
  })
  .check(
    z.refine((a) => (a.kind === 'users') === (a.userIds !== undefined), {
      path: ['userIds'],
      message: 'Named approvers (kind users) need userIds, and only they',
    }),
    z.refine((a) => (a.kind === 'superior' || a.kind === 'superiors') === (a.level !== undefined), {
      path: ['level'],
      message: 'superior and superiors need a level, and only they',
    }),
    z.refine((a) => (a.kind === 'role') === (a.roleId !== undefined), {
      path: ['roleId'],
      message: 'A role approver needs roleId, and only it',
    }),
  );
export type Approvers = z.output<typeof Approvers>;

export const StepMode = z.enum(['sequential', 'all', 'any']);
export type StepMode = z.infer<typeof StepMode>;

export const When = z.strictObject({
  field: z.string().check(z.minLength(1), z.maxLength(40)),
  op: z.enum(['gt', 'gte', 'lt', 'lte', 'eq']),
  value: z.number(),
});
export type When = z.output<typeof When>;

export const FlowStep = z.strictObject({
  name: Text(50),
  approvers: Approvers,
  mode: z._default(StepMode, 'sequential'),
  ccUserIds: z.optional(z.array(Id).check(z.maxLength(10))),
  /** The step applies only when the form's numeric field meets it (expense total: `totalFen`). */
  when: z.optional(When),
});
export type FlowStep = z.output<typeof FlowStep>;

export const MAX_STEPS = 10;

const FlowFields = {
  name: Name,
  type: FlowType,
  form: z.optional(z.array(FormField).check(z.maxLength(30))),
  steps: z.array(FlowStep).check(z.minLength(1), z.maxLength(MAX_STEPS)),
  onReject: z._default(z.enum(['end', 'toSubmitter']), 'end'),
  whenNoApprover: z._default(z.enum(['autoApprove', 'admin']), 'autoApprove'),
};

export const CreateFlowBody = z.strictObject(FlowFields);
export type CreateFlowInput = z.output<typeof CreateFlowBody>;
/** An edit replaces the definition: the new version is what the body says (type stays). */
export const UpdateFlowBody = z.strictObject({ ...FlowFields, type: z.optional(FlowType) });
export type UpdateFlowInput = z.output<typeof UpdateFlowBody>;

export const Flow = z.object({
  id: Id,
  name: z.string(),
  type: FlowType,
  form: z.array(FormField),
  steps: z.array(FlowStep),
  onReject: z.enum(['end', 'toSubmitter']),
  whenNoApprover: z.enum(['autoApprove', 'admin']),
  version: z.number().check(z.int()),
  createdAt: z.string(),
  createdBy: Id,
  updatedAt: z.string(),
});
export type Flow = z.infer<typeof Flow>;
export const FlowPage = pageOf(Flow);
export const FlowListQuery = z.strictObject({ type: z.optional(FlowType), limit: Limit, cursor: Cursor });

// ---- typed forms of the built-in types ------------------------------------------------------------

export const LeaveForm = z
  .strictObject({
    leaveType: z.enum([
      'annual',
      'sick',
      'personal',
      'marriage',
      'maternity',
      'paternity',
      'bereavement',
      'other',
    ]),
    from: LocalDate,
    to: LocalDate,
    days: z.number().check(z.gt(0), z.lte(366)),
    reason: z.optional(Text(1000)),
  })
  .check(z.refine((f) => f.from <= f.to, { path: ['to'], message: 'Ends on or after it starts' }));
export const TripForm = z
  .strictObject({
    destination: Text(200),
    from: LocalDate,
    to: LocalDate,
    estimatedCostFen: z.optional(Fen),
    reason: z.optional(Text(1000)),
  })
  .check(z.refine((f) => f.from <= f.to, { path: ['to'], message: 'Ends on or after it starts' }));
export const OvertimeForm = z
  .strictObject({
    from: Instantish,
    to: Instantish,
    hours: z.number().check(z.gt(0), z.lte(24 * 31)),
    reason: z.optional(Text(1000)),
  })
  .check(
    z.refine((f) => Date.parse(f.from) < Date.parse(f.to), { path: ['to'], message: 'Ends after it starts' }),
  );
export const ExpenseLine = z.strictObject({
  date: LocalDate,
  category: Text(50),
  amountFen: z.number().check(z.int(), z.gte(1), z.lte(10_000_000_000)),
  note: z.optional(Text(500)),
});
export const ExpenseForm = z.strictObject({
  lines: z.array(ExpenseLine).check(z.minLength(1), z.maxLength(100)),
  reason: z.optional(Text(1000)),
});
export const LoanForm = z.strictObject({
  amountFen: z.number().check(z.int(), z.gte(1), z.lte(10_000_000_000)),
  reason: Text(1000),
  repayBy: z.optional(LocalDate),
});
export const TYPED_FORMS = {
  leave: LeaveForm,
  trip: TripForm,
  overtime: OvertimeForm,
  expense: ExpenseForm,
  loan: LoanForm,
} as const;

// ---- requests ---------------------------------------------------------------------------------------

export const STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const ApprovalStatus = z.enum(STATUSES);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

/** A step as resolved for one round of a request: who approves, who of them has, who is cc'd. */
export const PlannedStep = z.object({
  name: z.string(),
  mode: StepMode,
  approverIds: z.array(Id),
  /** Approvers who have approved this step in this round, in order. */
  doneIds: z.array(Id),
  ccUserIds: z.array(Id),
  /** Why the step needs nobody: its condition is false, nobody resolved, or only the submitter did. */
  skipped: z.nullable(z.enum(['condition', 'noApprover', 'submitter'])),
  /** Added by an approver (加签), not by the flow. */
  added: z.boolean(),
});
export type PlannedStep = z.infer<typeof PlannedStep>;

export const Approval = z.object({
  id: Id,
  flowId: Id,
  flowVersion: z.number().check(z.int()),
  flowName: z.string(),
  /** The flow's type (`leave`, `expense`, `contract`, ...). */
  flowType: FlowType,
  title: z.string(),
  /** The submitted form, normalised (expense: `totalFen` computed from the lines). */
  form: z.record(z.string(), z.unknown()),
  attachmentIds: z.array(z.string()),
  customerId: z.nullable(Id),
  contractId: z.nullable(Id),
  submitterId: Id,
  submitterName: z.string(),
  status: ApprovalStatus,
  /** Whether a rejected request may be resubmitted (the flow's onReject is toSubmitter). */
  resubmittable: z.boolean(),
  round: z.number().check(z.int()),
  steps: z.array(PlannedStep),
  /** The step waiting for approval (index into steps), null once decided. */
  currentStep: z.nullable(z.number().check(z.int())),
  /** Who must act now. */
  pendingIds: z.array(Id),
  submittedAt: z.string(),
  decidedAt: z.nullable(z.string()),
  updatedAt: z.string(),
  remindedAt: z.nullable(z.string()),
  version: z.number().check(z.int()),
});
export type Approval = z.infer<typeof Approval>;

export const ACTION_KINDS = [
  'submit',
  'approve',
  'autoApprove',
  'reject',
  'withdraw',
  'resubmit',
  'return',
  'addApprover',
  'transfer',
  'remind',
  'cc',
  'approved',
] as const;
export const Action = z.object({
  seq: z.number().check(z.int()),
  kind: z.enum(ACTION_KINDS),
  /** Who acted; null for what the flow did by itself (auto-approval, the final decision). */
  actorId: z.nullable(Id),
  actorName: z.nullable(z.string()),
  step: z.nullable(z.number().check(z.int())),
  comment: z.nullable(z.string()),
  /** The user an action names: the added approver, the transferee, the cc'd user. */
  userId: z.nullable(Id),
  /** Why an automatic approval happened, where to a return went, before/after of an addition. */
  detail: z.nullable(z.string()),
  at: z.string(),
});
export type Action = z.infer<typeof Action>;

export const Comment = z.object({
  id: Id,
  authorId: Id,
  authorName: z.string(),
  content: z.string(),
  createdAt: z.string(),
});
export type Comment = z.infer<typeof Comment>;
export const CommentPage = pageOf(Comment);

export const ApprovalDetail = z.extend(Approval, { actions: z.array(Action) });

/** One list entry: the request's summary as of its last change. */
export const ApprovalSummary = z.object({
  id: Id,
  title: z.string(),
  flowName: z.string(),
  flowType: FlowType,
  status: ApprovalStatus,
  submitterId: Id,
  submitterName: z.string(),
  currentStepName: z.nullable(z.string()),
  pendingIds: z.array(Id),
  submittedAt: z.string(),
  decidedAt: z.nullable(z.string()),
  /** When the request entered this list for this user. */
  listedAt: z.string(),
});
export type ApprovalSummary = z.infer<typeof ApprovalSummary>;
export const ApprovalPage = z.extend(pageOf(ApprovalSummary), {});

export const ApprovalListQuery = z.strictObject({
  view: z._default(z.enum(['submitted', 'pending', 'handled', 'cc']), 'pending'),
  status: z.optional(ApprovalStatus),
  limit: Limit,
  cursor: Cursor,
});
export type ApprovalListQuery = z.output<typeof ApprovalListQuery>;

export const ApprovalCounts = z.object({
  submitted: z.number(),
  pending: z.number(),
  handled: z.number(),
  cc: z.number(),
  /** Counts stop at this many (a badge shows "99+"). */
  cap: z.number(),
});

export const SubmitBody = z.strictObject({
  flowId: Id,
  title: z.optional(Text(200)),
  form: z._default(z.record(z.string(), z.unknown()), {}),
  attachmentIds: z.optional(
    z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.maxLength(20)),
  ),
  customerId: z.optional(Id),
  contractId: z.optional(Id),
  chosenApproverIds: z.optional(z.array(Id).check(z.minLength(1), z.maxLength(10))),
});
export type SubmitInput = z.output<typeof SubmitBody>;

export const CommentBody = z._default(z.strictObject({ comment: z.optional(Text(2000)) }), {});
export const ResubmitBody = z._default(
  z.strictObject({ form: z.optional(z.record(z.string(), z.unknown())) }),
  {},
);
export const ReturnBody = z.strictObject({
  toStep: z.number().check(z.int(), z.gte(0)),
  comment: z.optional(Text(2000)),
});
export const AddApproverBody = z.strictObject({ userId: Id, position: z.enum(['before', 'after']) });
export const TransferBody = z.strictObject({ userId: Id, comment: z.optional(Text(2000)) });
export const BatchBody = z.strictObject({
  action: z.enum(['approve', 'reject']),
  ids: z.array(Id).check(z.minLength(1), z.maxLength(50)),
  comment: z.optional(Text(2000)),
});
export const BatchResult = z.object({
  results: z.array(
    z.object({
      id: Id,
      ok: z.boolean(),
      status: z.number(),
      code: z.nullable(z.string()),
      approvalStatus: z.nullable(ApprovalStatus),
    }),
  ),
});
export const NewCommentBody = z.strictObject({ content: Text(2000) });
export const CommentListQuery = z.strictObject({ limit: Limit, cursor: Cursor });
