import * as z from 'zod';
import { Cursor, Email, Id, IdParams, Limit, LocalDate, Name, pageOf } from '../schemas.ts';

/**
 * The sales pipeline (seed 001 线索/商机/合同/回款/产品, seed 002 标准合同/补充合同/收款计划/收款情况,
 * seed 003 潜在客户管理/销售管理). Money is integer fen (CNY); dates are tenant-local `YYYY-MM-DD`.
 */

export const CURRENCY = 'CNY';
const Text = (max: number) => z.string().trim().min(1).max(max);
const PhoneText = z.string().trim().min(3).max(40);

/** Fen amounts up to 10^13 (one hundred billion yuan): sums of them stay exact in a double. */
export const MAX_FEN = 10_000_000_000_000;
export const Fen = z.number().int().min(0).max(MAX_FEN);
export const PositiveFen = z.number().int().min(1).max(MAX_FEN);

// ---- products (产品) ------------------------------------------------------------------------------

/** Product codes are compared case-insensitively after trimming: `ab-01` and ` AB-01` are one code. */
export const ProductCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}._/-]+$/u, 'Letters, digits and . _ / - only');

export const Product = z.object({
  id: Id,
  name: z.string(),
  code: z.string(),
  unit: z.string(),
  priceFen: z.number().int(),
  currency: z.literal(CURRENCY),
  /** An item of the tenant's `productCategory` dictionary (产品分类). */
  categoryId: Id.nullable(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Product = z.infer<typeof Product>;
export const ProductPage = pageOf(Product);

export const CreateProductBody = z.strictObject({
  name: Name,
  code: ProductCode,
  unit: Text(20),
  priceFen: Fen,
  categoryId: Id.optional(),
  description: Text(2000).optional(),
  enabled: z.boolean().optional(),
});
export type CreateProductInput = z.output<typeof CreateProductBody>;

export const UpdateProductBody = z
  .strictObject({
    name: Name.optional(),
    code: ProductCode.optional(),
    unit: Text(20).optional(),
    priceFen: Fen.optional(),
    categoryId: Id.nullable().optional(),
    description: Text(2000).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');
export type UpdateProductInput = z.output<typeof UpdateProductBody>;

export const ProductListQuery = z.strictObject({
  enabled: z.enum(['true', 'false']).optional(),
  limit: Limit,
  cursor: Cursor,
});

// ---- list views shared by leads, opportunities and contracts ------------------------------------

/** mine: the caller's records; subordinates: owners below the caller's role; company: needs customers.viewAll. */
export const PIPELINE_VIEWS = ['mine', 'subordinates', 'company'] as const;
export const PipelineView = z.enum(PIPELINE_VIEWS);
export type PipelineView = z.infer<typeof PipelineView>;

// ---- leads (线索) -------------------------------------------------------------------------------

export const OPEN_LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified'] as const;
export const LEAD_STATUSES = [...OPEN_LEAD_STATUSES, 'converted'] as const;
export const LeadStatus = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof LeadStatus>;
export const OpenLeadStatus = z.enum(OPEN_LEAD_STATUSES);

export const Lead = z.object({
  id: Id,
  /** The contact person (联系人姓名). */
  name: z.string(),
  /** The company the lead works for: the customer's name on conversion. */
  company: z.string().nullable(),
  title: z.string().nullable(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  sourceId: Id.nullable(),
  note: z.string().nullable(),
  status: LeadStatus,
  ownerId: Id,
  ownerName: z.string(),
  customerId: Id.nullable(),
  contactId: Id.nullable(),
  opportunityId: Id.nullable(),
  convertedAt: z.string().nullable(),
  convertedBy: Id.nullable(),
  createdAt: z.string(),
  createdBy: Id,
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Lead = z.infer<typeof Lead>;
export const LeadPage = pageOf(Lead);

export const CreateLeadBody = z.strictObject({
  name: Name.max(100),
  company: Text(200).optional(),
  title: Text(100).optional(),
  mobile: PhoneText.optional(),
  phone: PhoneText.optional(),
  email: Email.optional(),
  address: Text(500).optional(),
  sourceId: Id.optional(),
  note: Text(2000).optional(),
  status: OpenLeadStatus.optional(),
});
export type CreateLeadInput = z.output<typeof CreateLeadBody>;

/** `null` clears a field; `status` moves among the open statuses (conversion is its own route). */
export const UpdateLeadBody = z
  .strictObject({
    name: Name.max(100).optional(),
    company: Text(200).nullable().optional(),
    title: Text(100).nullable().optional(),
    mobile: PhoneText.nullable().optional(),
    phone: PhoneText.nullable().optional(),
    email: Email.nullable().optional(),
    address: Text(500).nullable().optional(),
    sourceId: Id.nullable().optional(),
    note: Text(2000).nullable().optional(),
    status: OpenLeadStatus.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');
export type UpdateLeadInput = z.output<typeof UpdateLeadBody>;

export const LeadListQuery = z.strictObject({
  view: PipelineView.default('mine'),
  /** `subordinates`: one owner below the caller. */
  ownerId: Id.optional(),
  /** `converted` lists converted leads; the open statuses narrow the open ones. */
  status: LeadStatus.optional(),
  limit: Limit,
  cursor: Cursor,
});
export type LeadListQuery = z.output<typeof LeadListQuery>;

// ---- opportunity stages (销售阶段) ------------------------------------------------------------------

export const StageKey = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_-]{0,31}$/, 'Lower-case letter, then letters, digits, _ or -');

export const Stage = z.object({
  key: StageKey,
  name: z.string(),
  /** Win probability in percent (赢率). */
  probability: z.number().int().min(0).max(100),
  /** `won` and `lost` close an opportunity for good. */
  terminal: z.enum(['won', 'lost']).nullable(),
  /** Hidden from new moves; opportunities already there keep it. */
  disabled: z.boolean(),
});
export type Stage = z.infer<typeof Stage>;
export const StageList = z.object({ stages: z.array(Stage), version: z.number().int() });
export type StageList = z.infer<typeof StageList>;

export const PutStagesBody = z.strictObject({
  stages: z
    .array(
      z.strictObject({
        key: StageKey,
        name: Text(30),
        probability: z.number().int().min(0).max(100),
        terminal: z.enum(['won', 'lost']).nullable().optional(),
        disabled: z.boolean().optional(),
      }),
    )
    .min(3)
    .max(20),
});
export type PutStagesInput = z.output<typeof PutStagesBody>;

// ---- opportunities (商机) -------------------------------------------------------------------------

export const OpportunityStatus = z.enum(['open', 'won', 'lost']);
export type OpportunityStatus = z.infer<typeof OpportunityStatus>;

export const StageMove = z.object({
  from: z.string().nullable(),
  to: z.string(),
  at: z.string(),
  actorId: Id,
  actorName: z.string(),
  note: z.string().nullable(),
});
export type StageMove = z.infer<typeof StageMove>;

export const Opportunity = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  name: z.string(),
  amountFen: z.number().int(),
  currency: z.literal(CURRENCY),
  expectedCloseDate: z.string().nullable(),
  stage: z.string(),
  /** The stage's win probability when the opportunity entered it. */
  probability: z.number().int(),
  status: OpportunityStatus,
  closedAt: z.string().nullable(),
  note: z.string().nullable(),
  ownerId: Id,
  ownerName: z.string(),
  /** The lead it was converted from, if any. */
  leadId: Id.nullable(),
  stageHistory: z.array(StageMove),
  createdAt: z.string(),
  createdBy: Id,
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Opportunity = z.infer<typeof Opportunity>;
export const OpportunityPage = pageOf(Opportunity);

export const NewOpportunityFields = z.strictObject({
  name: Name,
  amountFen: Fen.optional(),
  expectedCloseDate: LocalDate.optional(),
  /** An open stage; the first open stage when absent. */
  stage: StageKey.optional(),
  note: Text(2000).optional(),
});
export type NewOpportunityFields = z.output<typeof NewOpportunityFields>;

export const CreateOpportunityBody = NewOpportunityFields.extend({ customerId: Id });
export type CreateOpportunityInput = z.output<typeof CreateOpportunityBody>;

export const UpdateOpportunityBody = z
  .strictObject({
    name: Name.optional(),
    amountFen: Fen.optional(),
    expectedCloseDate: LocalDate.nullable().optional(),
    note: Text(2000).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');
export type UpdateOpportunityInput = z.output<typeof UpdateOpportunityBody>;

export const MoveStageBody = z.strictObject({ stage: StageKey, note: Text(500).optional() });

export const OpportunityListQuery = z.strictObject({
  view: PipelineView.default('mine'),
  ownerId: Id.optional(),
  /** The opportunities of one customer (every one the customer's viewers may see). */
  customerId: Id.optional(),
  /** One stage of the funnel. */
  stage: StageKey.optional(),
  limit: Limit,
  cursor: Cursor,
});
export type OpportunityListQuery = z.output<typeof OpportunityListQuery>;

// ---- contracts (合同) -----------------------------------------------------------------------------

export const MAX_LINES = 200;
/** Quantities may have up to three decimals (2.5 吨). */
export const Quantity = z
  .number()
  .positive()
  .max(1_000_000)
  .refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, 'At most three decimals');
/** Discount in percent off the unit price, up to two decimals (12.5 means 12.5% off). */
export const DiscountPct = z
  .number()
  .min(0)
  .max(100)
  .refine((d) => Math.abs(d * 100 - Math.round(d * 100)) < 1e-6, 'At most two decimals');

export const LineInput = z.strictObject({
  productId: Id,
  quantity: Quantity,
  /** The product's price when absent. */
  unitPriceFen: Fen.optional(),
  discountPct: DiscountPct.optional(),
});
export type LineInput = z.output<typeof LineInput>;

export const ContractLine = z.object({
  productId: Id,
  productName: z.string(),
  productCode: z.string(),
  unit: z.string(),
  quantity: z.number(),
  unitPriceFen: z.number().int(),
  discountPct: z.number(),
  /** quantity × unit price, rounded to the fen. */
  listFen: z.number().int(),
  /** After the discount, rounded to the fen (half up): what the line adds to the total. */
  amountFen: z.number().int(),
});
export type ContractLine = z.infer<typeof ContractLine>;

export const ContractKind = z.enum(['standard', 'supplement']);
export type ContractKind = z.infer<typeof ContractKind>;
export const ContractStatus = z.enum(['draft', 'signed', 'completed', 'terminated']);
export type ContractStatus = z.infer<typeof ContractStatus>;

export const Contract = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  opportunityId: Id.nullable(),
  kind: ContractKind,
  parentId: Id.nullable(),
  title: z.string(),
  number: z.string().nullable(),
  lines: z.array(ContractLine),
  totalFen: z.number().int(),
  receivedFen: z.number().int(),
  outstandingFen: z.number().int(),
  plannedFen: z.number().int(),
  currency: z.literal(CURRENCY),
  signedOn: z.string().nullable(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  status: ContractStatus,
  /** 合同评价, 进度, 风险 (seed 002). */
  evaluation: z.string().nullable(),
  progress: z.string().nullable(),
  risk: z.string().nullable(),
  note: z.string().nullable(),
  ownerId: Id,
  ownerName: z.string(),
  createdAt: z.string(),
  createdBy: Id,
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Contract = z.infer<typeof Contract>;
export const ContractPage = pageOf(Contract);

const Notes = Text(5000);

export const CreateContractBody = z.strictObject({
  customerId: Id,
  opportunityId: Id.optional(),
  kind: ContractKind.default('standard'),
  parentId: Id.optional(),
  title: Name.optional(),
  number: Text(50).optional(),
  lines: z.array(LineInput).min(1).max(MAX_LINES),
  /** Given: the contract is signed (and marks the customer as having a deal); absent: a draft. */
  signedOn: LocalDate.optional(),
  startsOn: LocalDate.optional(),
  endsOn: LocalDate.optional(),
  evaluation: Notes.optional(),
  progress: Notes.optional(),
  risk: Notes.optional(),
  note: Notes.optional(),
});
export type CreateContractInput = z.output<typeof CreateContractBody>;

export const UpdateContractBody = z
  .strictObject({
    title: Name.optional(),
    number: Text(50).nullable().optional(),
    lines: z.array(LineInput).min(1).max(MAX_LINES).optional(),
    signedOn: LocalDate.nullable().optional(),
    startsOn: LocalDate.nullable().optional(),
    endsOn: LocalDate.nullable().optional(),
    status: ContractStatus.optional(),
    evaluation: Notes.nullable().optional(),
    progress: Notes.nullable().optional(),
    risk: Notes.nullable().optional(),
    note: Notes.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');
export type UpdateContractInput = z.output<typeof UpdateContractBody>;

export const ContractListQuery = z.strictObject({
  view: PipelineView.default('mine'),
  ownerId: Id.optional(),
  customerId: Id.optional(),
  /** The supplements of one contract (with customerId). */
  parentId: Id.optional(),
  status: ContractStatus.optional(),
  limit: Limit,
  cursor: Cursor,
});
export type ContractListQuery = z.output<typeof ContractListQuery>;

// ---- payment plans (收款计划) and payments (收款情况/回款) -------------------------------------------

export const PaymentPlan = z.object({
  id: Id,
  contractId: Id,
  customerId: Id,
  dueOn: z.string(),
  amountFen: z.number().int(),
  receivedFen: z.number().int(),
  currency: z.literal(CURRENCY),
  status: z.enum(['open', 'paid']),
  note: z.string().nullable(),
  ownerId: Id,
  createdAt: z.string(),
  createdBy: Id,
  version: z.number().int(),
});
export type PaymentPlan = z.infer<typeof PaymentPlan>;
export const PaymentPlanPage = pageOf(PaymentPlan);

export const CreatePaymentPlanBody = z.strictObject({
  dueOn: LocalDate,
  amountFen: PositiveFen,
  note: Text(500).optional(),
});

export const Payment = z.object({
  id: Id,
  contractId: Id,
  customerId: Id,
  planId: Id.nullable(),
  amountFen: z.number().int(),
  currency: z.literal(CURRENCY),
  receivedOn: z.string(),
  method: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: Id,
  createdByName: z.string(),
});
export type Payment = z.infer<typeof Payment>;
export const PaymentPage = pageOf(Payment);

export const CreatePaymentBody = z.strictObject({
  contractId: Id,
  planId: Id.optional(),
  amountFen: PositiveFen,
  receivedOn: LocalDate,
  method: Text(50).optional(),
  note: Text(500).optional(),
});
export type CreatePaymentInput = z.output<typeof CreatePaymentBody>;

export const PaymentCreated = z.object({
  payment: Payment,
  contract: Contract,
  plan: PaymentPlan.nullable(),
});

export const ContractItemsQuery = z.strictObject({ limit: Limit, cursor: Cursor });

// ---- lead conversion ----------------------------------------------------------------------------

export const ConvertLeadBody = z.strictObject({
  /** The customer's name; the lead's company (or its name) when absent. */
  customerName: Name.optional(),
  /** Adds the lead's person as the customer's primary contact (default true). */
  createContact: z.boolean().optional(),
  createOpportunity: NewOpportunityFields.optional(),
});
export type ConvertLeadInput = z.output<typeof ConvertLeadBody>;

export const LeadConverted = z.object({
  lead: Lead,
  customerId: Id,
  contactId: Id.nullable(),
  opportunity: Opportunity.nullable(),
});

export { IdParams };
