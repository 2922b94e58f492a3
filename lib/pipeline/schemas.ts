import * as z from 'zod/mini';
import { Cursor, Email, Id, IdParams, Limit, LocalDate, Name, pageOf } from '../schemas.ts';

/**
 * The sales pipeline (seed 001 线索/商机/合同/回款/产品, seed 002 标准合同/补充合同/收款计划/收款情况,
 * seed 003 潜在客户管理/销售管理). Money is integer fen (CNY); dates are tenant-local `YYYY-MM-DD`.
 */

export const CURRENCY = 'CNY';
const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const PhoneText = z.string().check(z.trim(), z.minLength(3), z.maxLength(40));

/** Fen amounts up to 10^13 (one hundred billion yuan): sums of them stay exact in a double. */
export const MAX_FEN = 10_000_000_000_000;
export const Fen = z.number().check(z.int(), z.gte(0), z.lte(MAX_FEN));
export const PositiveFen = z.number().check(z.int(), z.gte(1), z.lte(MAX_FEN));

// ---- products (产品) ------------------------------------------------------------------------------

/** Product codes are compared case-insensitively after trimming: `ab-01` and ` AB-01` are one code. */
export const ProductCode = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(40),
    z.regex(/^[\p{L}\p{N}._/-]+$/u, 'Letters, digits and . _ / - only'),
  );

export const Product = z.object({
  id: Id,
  name: z.string(),
  code: z.string(),
  unit: z.string(),
  priceFen: z.number().check(z.int()),
  currency: z.literal(CURRENCY),
  /** An item of the tenant's `productCategory` dictionary (产品分类). */
  categoryId: z.nullable(Id),
  description: z.nullable(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Product = z.infer<typeof Product>;
export const ProductPage = pageOf(Product);

export const CreateProductBody = z.strictObject({
  name: Name,
  code: ProductCode,
  unit: Text(20),
  priceFen: Fen,
  categoryId: z.optional(Id),
  description: z.optional(Text(2000)),
  enabled: z.optional(z.boolean()),
});
export type CreateProductInput = z.output<typeof CreateProductBody>;

export const UpdateProductBody = z
  .strictObject({
    name: z.optional(Name),
    code: z.optional(ProductCode),
    unit: z.optional(Text(20)),
    priceFen: z.optional(Fen),
    categoryId: z.optional(z.nullable(Id)),
    description: z.optional(z.nullable(Text(2000))),
    enabled: z.optional(z.boolean()),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateProductInput = z.output<typeof UpdateProductBody>;

export const ProductListQuery = z.strictObject({
  enabled: z.optional(z.enum(['true', 'false'])),
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
  company: z.nullable(z.string()),
  title: z.nullable(z.string()),
  mobile: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  email: z.nullable(z.string()),
  address: z.nullable(z.string()),
  sourceId: z.nullable(Id),
  note: z.nullable(z.string()),
  status: LeadStatus,
  ownerId: Id,
  ownerName: z.string(),
  customerId: z.nullable(Id),
  contactId: z.nullable(Id),
  opportunityId: z.nullable(Id),
  convertedAt: z.nullable(z.string()),
  convertedBy: z.nullable(Id),
  createdAt: z.string(),
  createdBy: Id,
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Lead = z.infer<typeof Lead>;
export const LeadPage = pageOf(Lead);

export const CreateLeadBody = z.strictObject({
  name: Name.check(z.maxLength(100)),
  company: z.optional(Text(200)),
  title: z.optional(Text(100)),
  mobile: z.optional(PhoneText),
  phone: z.optional(PhoneText),
  email: z.optional(Email),
  address: z.optional(Text(500)),
  sourceId: z.optional(Id),
  note: z.optional(Text(2000)),
  status: z.optional(OpenLeadStatus),
});
export type CreateLeadInput = z.output<typeof CreateLeadBody>;

/** `null` clears a field; `status` moves among the open statuses (conversion is its own route). */
export const UpdateLeadBody = z
  .strictObject({
    name: z.optional(Name.check(z.maxLength(100))),
    company: z.optional(z.nullable(Text(200))),
    title: z.optional(z.nullable(Text(100))),
    mobile: z.optional(z.nullable(PhoneText)),
    phone: z.optional(z.nullable(PhoneText)),
    email: z.optional(z.nullable(Email)),
    address: z.optional(z.nullable(Text(500))),
    sourceId: z.optional(z.nullable(Id)),
    note: z.optional(z.nullable(Text(2000))),
    status: z.optional(OpenLeadStatus),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateLeadInput = z.output<typeof UpdateLeadBody>;

export const LeadListQuery = z.strictObject({
  view: z._default(PipelineView, 'mine'),
  /** `subordinates`: one owner below the caller. */
  ownerId: z.optional(Id),
  /** `converted` lists converted leads; the open statuses narrow the open ones. */
  status: z.optional(LeadStatus),
  limit: Limit,
  cursor: Cursor,
});
export type LeadListQuery = z.output<typeof LeadListQuery>;

// ---- opportunity stages (销售阶段) ------------------------------------------------------------------

export const StageKey = z
  .string()
  .check(z.regex(/^[a-z][a-zA-Z0-9_-]{0,31}$/, 'Lower-case letter, then letters, digits, _ or -'));

export const Stage = z.object({
  key: StageKey,
  name: z.string(),
  /** Win probability in percent (赢率). */
  probability: z.number().check(z.int(), z.gte(0), z.lte(100)),
  /** `won` and `lost` close an opportunity for good. */
  terminal: z.nullable(z.enum(['won', 'lost'])),
  /** Hidden from new moves; opportunities already there keep it. */
  disabled: z.boolean(),
});
export type Stage = z.infer<typeof Stage>;
export const StageList = z.object({ stages: z.array(Stage), version: z.number().check(z.int()) });
export type StageList = z.infer<typeof StageList>;

export const PutStagesBody = z.strictObject({
  stages: z
    .array(
      z.strictObject({
        key: StageKey,
        name: Text(30),
        probability: z.number().check(z.int(), z.gte(0), z.lte(100)),
        terminal: z.optional(z.nullable(z.enum(['won', 'lost']))),
        disabled: z.optional(z.boolean()),
      }),
    )
    .check(z.minLength(3), z.maxLength(20)),
});
export type PutStagesInput = z.output<typeof PutStagesBody>;

// ---- opportunities (商机) -------------------------------------------------------------------------

export const OpportunityStatus = z.enum(['open', 'won', 'lost']);
export type OpportunityStatus = z.infer<typeof OpportunityStatus>;

export const StageMove = z.object({
  from: z.nullable(z.string()),
  to: z.string(),
  at: z.string(),
  actorId: Id,
  actorName: z.string(),
  note: z.nullable(z.string()),
});
export type StageMove = z.infer<typeof StageMove>;

export const Opportunity = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  name: z.string(),
  amountFen: z.number().check(z.int()),
  currency: z.literal(CURRENCY),
  expectedCloseDate: z.nullable(z.string()),
  stage: z.string(),
  /** The stage's win probability when the opportunity entered it. */
  probability: z.number().check(z.int()),
  status: OpportunityStatus,
  closedAt: z.nullable(z.string()),
  note: z.nullable(z.string()),
  ownerId: Id,
  ownerName: z.string(),
  /** The lead it was converted from, if any. */
  leadId: z.nullable(Id),
  stageHistory: z.array(StageMove),
  createdAt: z.string(),
  createdBy: Id,
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Opportunity = z.infer<typeof Opportunity>;
export const OpportunityPage = pageOf(Opportunity);

export const NewOpportunityFields = z.strictObject({
  name: Name,
  amountFen: z.optional(Fen),
  expectedCloseDate: z.optional(LocalDate),
  /** An open stage; the first open stage when absent. */
  stage: z.optional(StageKey),
  note: z.optional(Text(2000)),
});
export type NewOpportunityFields = z.output<typeof NewOpportunityFields>;

export const CreateOpportunityBody = z.extend(NewOpportunityFields, { customerId: Id });
export type CreateOpportunityInput = z.output<typeof CreateOpportunityBody>;

export const UpdateOpportunityBody = z
  .strictObject({
    name: z.optional(Name),
    amountFen: z.optional(Fen),
    expectedCloseDate: z.optional(z.nullable(LocalDate)),
    note: z.optional(z.nullable(Text(2000))),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateOpportunityInput = z.output<typeof UpdateOpportunityBody>;

export const MoveStageBody = z.strictObject({ stage: StageKey, note: z.optional(Text(500)) });

export const OpportunityListQuery = z.strictObject({
  view: z._default(PipelineView, 'mine'),
  ownerId: z.optional(Id),
  /** The opportunities of one customer (every one the customer's viewers may see). */
  customerId: z.optional(Id),
  /** One stage of the funnel. */
  stage: z.optional(StageKey),
  limit: Limit,
  cursor: Cursor,
});
export type OpportunityListQuery = z.output<typeof OpportunityListQuery>;

// ---- contracts (合同) -----------------------------------------------------------------------------

export const MAX_LINES = 200;
/** Quantities may have up to three decimals (2.5 吨). */
export const Quantity = z.number().check(
  z.positive(),
  z.lte(1_000_000),
  z.refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, 'At most three decimals'),
);
/** Discount in percent off the unit price, up to two decimals (12.5 means 12.5% off). */
export const DiscountPct = z.number().check(
  z.gte(0),
  z.lte(100),
  z.refine((d) => Math.abs(d * 100 - Math.round(d * 100)) < 1e-6, 'At most two decimals'),
);

export const LineInput = z.strictObject({
  productId: Id,
  quantity: Quantity,
  /** The product's price when absent. */
  unitPriceFen: z.optional(Fen),
  discountPct: z.optional(DiscountPct),
});
export type LineInput = z.output<typeof LineInput>;

export const ContractLine = z.object({
  productId: Id,
  productName: z.string(),
  productCode: z.string(),
  unit: z.string(),
  quantity: z.number(),
  unitPriceFen: z.number().check(z.int()),
  discountPct: z.number(),
  /** quantity × unit price, rounded to the fen. */
  listFen: z.number().check(z.int()),
  /** After the discount, rounded to the fen (half up): what the line adds to the total. */
  amountFen: z.number().check(z.int()),
});
export type ContractLine = z.infer<typeof ContractLine>;

export const ContractKind = z.enum(['standard', 'supplement']);
export type ContractKind = z.infer<typeof ContractKind>;
/**
 * `pending_approval`: created while the tenant's settings ask for contract approval, until its
 * approval request (lib/approvals, flow type contract) is decided; `rejected` when it is refused.
 */
export const ContractStatus = z.enum([
  'draft',
  'signed',
  'completed',
  'terminated',
  'pending_approval',
  'rejected',
]);
export type ContractStatus = z.infer<typeof ContractStatus>;

export const Contract = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  opportunityId: z.nullable(Id),
  kind: ContractKind,
  parentId: z.nullable(Id),
  title: z.string(),
  number: z.nullable(z.string()),
  lines: z.array(ContractLine),
  totalFen: z.number().check(z.int()),
  receivedFen: z.number().check(z.int()),
  outstandingFen: z.number().check(z.int()),
  plannedFen: z.number().check(z.int()),
  currency: z.literal(CURRENCY),
  signedOn: z.nullable(z.string()),
  startsOn: z.nullable(z.string()),
  endsOn: z.nullable(z.string()),
  status: ContractStatus,
  /** 合同评价, 进度, 风险 (seed 002). */
  evaluation: z.nullable(z.string()),
  progress: z.nullable(z.string()),
  risk: z.nullable(z.string()),
  note: z.nullable(z.string()),
  ownerId: Id,
  ownerName: z.string(),
  createdAt: z.string(),
  createdBy: Id,
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type Contract = z.infer<typeof Contract>;
export const ContractPage = pageOf(Contract);

const Notes = Text(5000);

export const CreateContractBody = z.strictObject({
  customerId: Id,
  opportunityId: z.optional(Id),
  kind: z._default(ContractKind, 'standard'),
  parentId: z.optional(Id),
  title: z.optional(Name),
  number: z.optional(Text(50)),
  lines: z.array(LineInput).check(z.minLength(1), z.maxLength(MAX_LINES)),
  /** Given: the contract is signed (and marks the customer as having a deal); absent: a draft. */
  signedOn: z.optional(LocalDate),
  startsOn: z.optional(LocalDate),
  endsOn: z.optional(LocalDate),
  evaluation: z.optional(Notes),
  progress: z.optional(Notes),
  risk: z.optional(Notes),
  note: z.optional(Notes),
});
export type CreateContractInput = z.output<typeof CreateContractBody>;

export const UpdateContractBody = z
  .strictObject({
    title: z.optional(Name),
    number: z.optional(z.nullable(Text(50))),
    lines: z.optional(z.array(LineInput).check(z.minLength(1), z.maxLength(MAX_LINES))),
    signedOn: z.optional(z.nullable(LocalDate)),
    startsOn: z.optional(z.nullable(LocalDate)),
    endsOn: z.optional(z.nullable(LocalDate)),
    status: z.optional(ContractStatus),
    evaluation: z.optional(z.nullable(Notes)),
    progress: z.optional(z.nullable(Notes)),
    risk: z.optional(z.nullable(Notes)),
    note: z.optional(z.nullable(Notes)),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateContractInput = z.output<typeof UpdateContractBody>;

export const ContractListQuery = z.strictObject({
  view: z._default(PipelineView, 'mine'),
  ownerId: z.optional(Id),
  customerId: z.optional(Id),
  /** The supplements of one contract (with customerId). */
  parentId: z.optional(Id),
  status: z.optional(ContractStatus),
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
  amountFen: z.number().check(z.int()),
  receivedFen: z.number().check(z.int()),
  currency: z.literal(CURRENCY),
  status: z.enum(['open', 'paid']),
  note: z.nullable(z.string()),
  ownerId: Id,
  createdAt: z.string(),
  createdBy: Id,
  version: z.number().check(z.int()),
});
export type PaymentPlan = z.infer<typeof PaymentPlan>;
export const PaymentPlanPage = pageOf(PaymentPlan);

export const CreatePaymentPlanBody = z.strictObject({
  dueOn: LocalDate,
  amountFen: PositiveFen,
  note: z.optional(Text(500)),
});

export const Payment = z.object({
  id: Id,
  contractId: Id,
  customerId: Id,
  planId: z.nullable(Id),
  amountFen: z.number().check(z.int()),
  currency: z.literal(CURRENCY),
  receivedOn: z.string(),
  method: z.nullable(z.string()),
  note: z.nullable(z.string()),
  createdAt: z.string(),
  createdBy: Id,
  createdByName: z.string(),
});
export type Payment = z.infer<typeof Payment>;
export const PaymentPage = pageOf(Payment);

export const CreatePaymentBody = z.strictObject({
  contractId: Id,
  planId: z.optional(Id),
  amountFen: PositiveFen,
  receivedOn: LocalDate,
  method: z.optional(Text(50)),
  note: z.optional(Text(500)),
});
export type CreatePaymentInput = z.output<typeof CreatePaymentBody>;

export const PaymentCreated = z.object({
  payment: Payment,
  contract: Contract,
  plan: z.nullable(PaymentPlan),
});

export const ContractItemsQuery = z.strictObject({ limit: Limit, cursor: Cursor });

// ---- lead conversion ----------------------------------------------------------------------------

export const ConvertLeadBody = z.strictObject({
  /** The customer's name; the lead's company (or its name) when absent. */
  customerName: z.optional(Name),
  /** Adds the lead's person as the customer's primary contact (default true). */
  createContact: z.optional(z.boolean()),
  createOpportunity: z.optional(NewOpportunityFields),
});
export type ConvertLeadInput = z.output<typeof ConvertLeadBody>;

export const LeadConverted = z.object({
  lead: Lead,
  customerId: Id,
  contactId: z.nullable(Id),
  opportunity: z.nullable(Opportunity),
});

export { IdParams };
