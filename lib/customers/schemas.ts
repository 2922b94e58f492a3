import * as z from 'zod';
import { PoolId } from '../ownership/schemas.ts';
import { Cursor, Email, Id, IdParams, Limit, LocalDate, Name, pageOf } from '../schemas.ts';
import { Contact, ContactInput } from './contact-schemas.ts';

/** Phones are checked and normalised to E.164 by the service, which reports the exact field path. */
const PhoneText = z.string().trim().min(3).max(40);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Tag = z.string().trim().min(1).max(30);

/**
 * Tags per customer: each tag has a copy of the customer (the lists narrowed by tag read it), rewritten
 * with the customer in its transaction, which DynamoDB caps at 100 items (repository.saveCustomerSteps).
 */
export const MAX_TAGS = 10;
/**
 * A contact is about six items (contact, reference, search terms) in the customer's create
 * transaction, which DynamoDB caps at 100 items.
 */
export const MAX_INITIAL_CONTACTS = 10;
/** Shares per customer: each share item is rewritten with the customer, in its transaction. */
export const MAX_SHARES = 20;
export const MAX_BATCH = 100;

const Tags = z
  .array(Tag)
  .max(MAX_TAGS)
  .transform((tags) => [...new Set(tags)]);

/** Contacts are lib/contacts' (POST /v1/customers takes the same input as POST .../contacts). */
export { Contact, ContactInput };

/** The fields of a customer a user edits (基础资料, 联系方式, 辅助资料 references, 自定义字段). */
const editable = {
  phone: PhoneText,
  email: Email,
  website: Text(500),
  address: Text(500),
  regionId: Id,
  industryId: Id,
  categoryId: Id,
  sourceId: Id,
  levelId: Id,
  statusId: Id,
  maturityId: Id,
  birthday: LocalDate,
  note: Text(2000),
};

export const DICTIONARY_FIELDS = {
  regionId: 'region',
  industryId: 'industry',
  categoryId: 'category',
  sourceId: 'source',
  levelId: 'level',
  statusId: 'status',
  maturityId: 'maturity',
} as const;
export type DictionaryField = keyof typeof DICTIONARY_FIELDS;

const optional = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof T]: z.ZodOptional<T[K]>;
  };
const clearable = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.nullable().optional()])) as {
    [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>>;
  };

export const CreateCustomerBody = z.strictObject({
  name: Name,
  ...optional(editable),
  tags: Tags.optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  private: z.boolean().optional(),
  contacts: z.array(ContactInput).max(MAX_INITIAL_CONTACTS).optional(),
});
export type CreateCustomerInput = z.output<typeof CreateCustomerBody>;

/** `null` clears a field; absent leaves it. */
export const UpdateCustomerBody = z
  .strictObject({
    name: Name.optional(),
    ...clearable(editable),
    tags: Tags.optional(),
    customFields: z.record(z.string(), z.unknown()).optional(),
    private: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');
export type UpdateCustomerInput = z.output<typeof UpdateCustomerBody>;

export const CustomerState = z.enum(['active', 'pool', 'recycled']);
export type CustomerState = z.infer<typeof CustomerState>;

export const Customer = z.object({
  id: Id,
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  address: z.string().nullable(),
  regionId: Id.nullable(),
  industryId: Id.nullable(),
  categoryId: Id.nullable(),
  sourceId: Id.nullable(),
  levelId: Id.nullable(),
  statusId: Id.nullable(),
  maturityId: Id.nullable(),
  birthday: z.string().nullable(),
  note: z.string().nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
  private: z.boolean(),
  /** Shown in red by front ends (热点客户). */
  hot: z.boolean(),
  state: CustomerState,
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  poolId: z.string().nullable(),
  sharedWith: z.array(Id),
  /** When the customer returns to the pool if nothing happens (null: never / not owned). */
  reclaimAt: z.string().nullable(),
  /** The latest follow-up record (最近跟进), null when never followed up (lib/followups). */
  lastFollowUpAt: z.string().nullable(),
  /** The earliest open follow-up plan (下次跟进): its due time and key points. */
  nextFollowUpAt: z.string().nullable(),
  nextFollowUpNote: z.string().nullable(),
  /** Locked by its owner against automatic reclaim (PUT /v1/customers/{id}/lock). */
  locked: z.boolean(),
  /** Has a won opportunity or a signed contract (成交); lastDealAt: the latest one. */
  won: z.boolean(),
  lastDealAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: Id,
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
});
export type Customer = z.infer<typeof Customer>;

export const CustomerPage = pageOf(Customer);

export const CUSTOMER_VIEWS = [
  'mine',
  'hot',
  'shared',
  'subordinates',
  'company',
  'pool',
  'recycle',
  /** The caller's customers about to return to their pool (within the pool's warnDays). */
  'reclaim-soon',
] as const;
export type CustomerView = (typeof CUSTOMER_VIEWS)[number];

export const CustomerListQuery = z.strictObject({
  view: z.enum(CUSTOMER_VIEWS).default('mine'),
  /** `subordinates` / `recycle`: one owner below the caller. */
  ownerId: Id.optional(),
  /** `pool`: which pool (the default pool when absent). */
  poolId: PoolId.optional(),
  q: z.string().trim().min(1).max(50).optional(),
  regionId: Id.optional(),
  industryId: Id.optional(),
  categoryId: Id.optional(),
  sourceId: Id.optional(),
  levelId: Id.optional(),
  statusId: Id.optional(),
  maturityId: Id.optional(),
  tag: Tag.optional(),
  limit: Limit,
  cursor: Cursor,
});
export type CustomerListQuery = z.output<typeof CustomerListQuery>;

export const DuplicatesQuery = z
  .strictObject({ name: Name.optional(), phone: PhoneText.optional() })
  .refine((q) => q.name !== undefined || q.phone !== undefined, 'Give a name, a phone or both');

export const DuplicateCandidate = z.object({
  /** Absent when the caller may not see the candidate: then only its name and owner are told. */
  id: Id.optional(),
  name: z.string(),
  ownerName: z.string().nullable(),
  state: CustomerState.optional(),
  matchedBy: z.array(z.enum(['name', 'phone'])),
});
export const Duplicates = z.object({ items: z.array(DuplicateCandidate) });

export const CustomerCreated = Customer.extend({ contacts: z.array(Contact) });

export const News = z.object({
  id: Id,
  customerId: Id,
  title: z.string(),
  url: z.string().nullable(),
  summary: z.string().nullable(),
  publishedOn: z.string().nullable(),
  createdAt: z.string(),
  createdBy: Id,
});
export type News = z.infer<typeof News>;
export const NewsPage = pageOf(News);
export const CreateNewsBody = z.strictObject({
  title: Text(200),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  summary: Text(5000).optional(),
  publishedOn: LocalDate.optional(),
});
export const NewsListQuery = z.strictObject({ limit: Limit, cursor: Cursor });

export const RELATION_TYPES = ['parent', 'subsidiary', 'partner', 'other'] as const;
export const RelationType = z.enum(RELATION_TYPES);
export type RelationType = z.infer<typeof RelationType>;
export const Relation = z.object({
  customerId: Id,
  relatedId: Id,
  /** The related customer's name when the link was made. */
  relatedName: z.string(),
  /** What the related customer is to this one: its parent, a subsidiary, a partner. */
  type: RelationType,
  createdAt: z.string(),
  createdBy: Id,
});
export type Relation = z.infer<typeof Relation>;
export const CreateRelationBody = z.strictObject({ relatedId: Id, type: RelationType });
export const RelationParams = z.strictObject({ id: Id, relatedId: Id });

export const Share = z.object({ userId: Id, sharedBy: Id, sharedAt: z.string() });
export type Share = z.infer<typeof Share>;
export const SharesBody = z.strictObject({
  userIds: z
    .array(Id)
    .min(1)
    .max(MAX_SHARES)
    .transform((ids) => [...new Set(ids)]),
});
export const ShareParams = z.strictObject({ id: Id, userId: Id });

export const TransferBody = z.strictObject({ userId: Id });

/** Where a recycle-bin entry goes (放入公海): the default pool when no body or no poolId is sent. */
export const RecycledToPoolBody = z
  .strictObject({
    poolId: PoolId.optional(),
    /** Why: an item of the poolReason dictionary, recorded in the owner history. */
    reasonId: Id.optional(),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .optional();
export type RecycledToPoolInput = NonNullable<z.output<typeof RecycledToPoolBody>>;

export const HistoryEntry = z.object({
  id: Id,
  customerId: Id,
  action: z.string(),
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  fromUserId: Id.nullable(),
  fromUserName: z.string().nullable(),
  toUserId: Id.nullable(),
  toUserName: z.string().nullable(),
  poolId: z.string().nullable(),
  reasonId: z.string().nullable(),
  note: z.string().nullable(),
  at: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

const Loose = z.record(z.string(), z.unknown());
/** The 360 view (客户视图): every part from one Query on the customer's item collection. */
export const Overview = z.object({
  customer: Customer,
  contacts: z.array(Contact),
  followups: z.array(Loose),
  plans: z.array(Loose),
  news: z.array(News),
  relations: z.array(Relation),
  shares: z.array(Share),
  history: z.array(HistoryEntry),
  opportunities: z.array(Loose),
  contracts: z.array(Loose),
  paymentPlans: z.array(Loose),
  payments: z.array(Loose),
});

const BatchIds = z
  .array(Id)
  .min(1)
  .max(MAX_BATCH)
  .transform((ids) => [...new Set(ids)]);
/** `release` puts each customer into a pool (放入公海) with a poolReason dictionary item. */
export const BatchBody = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('release'),
    ids: BatchIds,
    reasonId: Id,
    poolId: PoolId.optional(),
    note: z.string().trim().min(1).max(500).optional(),
  }),
  z.strictObject({ action: z.literal('share'), ids: BatchIds, userIds: SharesBody.shape.userIds }),
  z.strictObject({ action: z.literal('transfer'), ids: BatchIds, userId: Id }),
  z.strictObject({ action: z.literal('delete'), ids: BatchIds }),
  z.strictObject({ action: z.literal('hot'), ids: BatchIds, hot: z.boolean() }),
]);
export type BatchInput = z.output<typeof BatchBody>;
export const BatchResult = z.object({
  action: z.string(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  results: z.array(z.object({ id: Id, status: z.number().int(), code: z.string().optional() })),
});

export const CustomerParams = IdParams;

// ---- import, export, merge (lib/customers/import.ts, export.ts, merge.ts) -----------------------

export const CSV_CONTENT_TYPE = 'text/csv';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What an import accepts as its body (the file itself, not JSON). */
export const SHEET_CONTENT_TYPES = [CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE] as const;

/** `pool`: the rows become customers of the default pool (needs pool.import). */
export const ImportQuery = z.strictObject({ into: z.enum(['mine', 'pool']).default('mine') });

const ImportError = z.object({
  /** The field as the API names it: phone, regionId, contactMobile, customFields.<key>, row. */
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export const ImportReport = z.object({
  total: z.number().int(),
  created: z.number().int(),
  rejected: z.number().int(),
  /** Every row of the file, by its row number in the spreadsheet (the header is row 1). */
  rows: z.array(
    z.object({
      row: z.number().int(),
      status: z.enum(['created', 'rejected']),
      customerId: Id.optional(),
      errors: z.array(ImportError).optional(),
    }),
  ),
  /** The rejected rows with their original columns and a 错误原因 column (UTF-8 CSV with BOM). */
  rejectedCsv: z.string().nullable(),
  /** True when rejectedCsv holds only the first rejected rows (the report is kept for retries). */
  rejectedCsvTruncated: z.boolean(),
});

/** The list's view, filters and search (as GET /v1/customers), without paging: the export reads on. */
export const ExportQuery = CustomerListQuery.omit({ limit: true, cursor: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
export type ExportQuery = z.output<typeof ExportQuery>;

export const MAX_MERGE_SOURCES = 10;
/** The fields whose surviving value a merge may take from any of the merged customers. */
export const MERGE_FIELDS = [
  'name',
  'phone',
  'email',
  'website',
  'address',
  ...(Object.keys(DICTIONARY_FIELDS) as DictionaryField[]),
  'birthday',
  'note',
  'tags',
  'private',
] as const;
/** More custom fields than any tenant defines; bounds the work a merge request can ask for. */
const MAX_PICKED_CUSTOM_FIELDS = 100;
const PickField = z
  .string()
  .refine(
    (f) =>
      (MERGE_FIELDS as readonly string[]).includes(f) || /^customFields\.[a-zA-Z][a-zA-Z0-9_]{0,39}$/.test(f),
    'Pick one of the customer fields or customFields.<key>',
  );
export const MergeBody = z
  .strictObject({
    targetId: Id,
    sourceIds: z.array(Id).min(1).max(MAX_MERGE_SOURCES),
    /** Field -> the id of the merged customer (target or source) whose value survives. */
    pick: z
      .record(PickField, Id)
      .refine((p) => Object.keys(p).length <= MERGE_FIELDS.length + MAX_PICKED_CUSTOM_FIELDS, {
        message: `Pick at most the ${MERGE_FIELDS.length} customer fields and ${MAX_PICKED_CUSTOM_FIELDS} custom fields`,
      })
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (new Set(b.sourceIds).size !== b.sourceIds.length)
      ctx.addIssue({ code: 'custom', path: ['sourceIds'], message: 'Name each source once' });
    const at = b.sourceIds.indexOf(b.targetId);
    if (at >= 0)
      ctx.addIssue({ code: 'custom', path: ['sourceIds', at], message: 'The target cannot be a source' });
    const merged = new Set([b.targetId, ...b.sourceIds]);
    for (const [field, id] of Object.entries(b.pick ?? {})) {
      if (!merged.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['pick', field],
          message: 'Pick the target or one of the sources',
        });
    }
  });
export type MergeInput = z.output<typeof MergeBody>;
export const MergeResult = z.object({
  customer: Customer,
  mergedIds: z.array(Id),
  /** How many children of each kind moved to the target. */
  moved: z.record(z.string(), z.number().int()),
});
