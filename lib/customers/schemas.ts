import * as z from 'zod/mini';
import { PoolId } from '../ownership/schemas.ts';
import { Cursor, Email, Id, IdParams, Limit, LocalDate, Name, pageOf } from '../schemas.ts';
import { TIERS } from '../tiers.ts';
import { Contact, ContactInput } from './contact-schemas.ts';
import {
  DICTIONARY_FIELDS,
  type DictionaryField,
  MAX_BATCH,
  MAX_INITIAL_CONTACTS,
  MAX_SHARES,
  MAX_TAGS,
} from './limits.ts';

export { DICTIONARY_FIELDS, type DictionaryField, MAX_BATCH, MAX_INITIAL_CONTACTS, MAX_SHARES, MAX_TAGS };

/** Phones are checked and normalised to E.164 by the service, which reports the exact field path. */
const PhoneText = z.string().check(z.trim(), z.minLength(3), z.maxLength(40));
const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const Tag = z.string().check(z.trim(), z.minLength(1), z.maxLength(30));

const Tags = z.pipe(
  z.array(Tag).check(z.maxLength(MAX_TAGS)),
  z.transform((tags) => [...new Set(tags)]),
);

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

/** A point in WGS-84 (lib/geo.ts); `coordSystem: "gcj02"` beside it sends Chinese map SDK coordinates. */
export const Location = z.object({
  lat: z.number().check(z.gte(-90), z.lte(90)),
  lng: z.number().check(z.gte(-180), z.lte(180)),
});
export const LocationInput = z.strictObject(Location.shape);
export const CoordSystem = z.enum(['wgs84', 'gcj02']);

const optional = <T extends Record<string, z.ZodMiniType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, z.optional(v)])) as {
    [K in keyof T]: z.ZodMiniOptional<T[K]>;
  };
const clearable = <T extends Record<string, z.ZodMiniType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, z.optional(z.nullable(v))])) as {
    [K in keyof T]: z.ZodMiniOptional<z.ZodMiniNullable<T[K]>>;
  };

export const CreateCustomerBody = z.strictObject({
  name: Name,
  ...optional(editable),
  tags: z.optional(Tags),
  customFields: z.optional(z.record(z.string(), z.unknown())),
  private: z.optional(z.boolean()),
  contacts: z.optional(z.array(ContactInput).check(z.maxLength(MAX_INITIAL_CONTACTS))),
  location: z.optional(LocationInput),
  coordSystem: z.optional(CoordSystem),
});
export type CreateCustomerInput = z.output<typeof CreateCustomerBody>;

/** `null` clears a field; absent leaves it. */
export const UpdateCustomerBody = z
  .strictObject({
    name: z.optional(Name),
    ...clearable(editable),
    tags: z.optional(Tags),
    customFields: z.optional(z.record(z.string(), z.unknown())),
    private: z.optional(z.boolean()),
    location: z.optional(z.nullable(LocationInput)),
    coordSystem: z.optional(CoordSystem),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));
export type UpdateCustomerInput = z.output<typeof UpdateCustomerBody>;

export const CustomerState = z.enum(['active', 'pool', 'recycled']);
export type CustomerState = z.infer<typeof CustomerState>;

export const Customer = z.object({
  id: Id,
  name: z.string(),
  phone: z.nullable(z.string()),
  email: z.nullable(z.string()),
  website: z.nullable(z.string()),
  address: z.nullable(z.string()),
  regionId: z.nullable(Id),
  industryId: z.nullable(Id),
  categoryId: z.nullable(Id),
  sourceId: z.nullable(Id),
  levelId: z.nullable(Id),
  statusId: z.nullable(Id),
  maturityId: z.nullable(Id),
  birthday: z.nullable(z.string()),
  note: z.nullable(z.string()),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
  private: z.boolean(),
  /** Shown in red by front ends (热点客户). */
  hot: z.boolean(),
  state: CustomerState,
  ownerId: z.nullable(Id),
  ownerName: z.nullable(z.string()),
  poolId: z.nullable(z.string()),
  sharedWith: z.array(Id),
  /** When the customer returns to the pool if nothing happens (null: never / not owned). */
  reclaimAt: z.nullable(z.string()),
  /** The latest follow-up record (最近跟进), null when never followed up (lib/followups). */
  lastFollowUpAt: z.nullable(z.string()),
  /** The earliest open follow-up plan (下次跟进): its due time and key points. */
  nextFollowUpAt: z.nullable(z.string()),
  nextFollowUpNote: z.nullable(z.string()),
  /** Locked by its owner against automatic reclaim (PUT /v1/customers/{id}/lock). */
  locked: z.boolean(),
  /** Has a won opportunity or a signed contract (成交); lastDealAt: the latest one. */
  won: z.boolean(),
  lastDealAt: z.nullable(z.string()),
  /** Where the customer is (WGS-84), for nearby searches and check-in distances (lib/field). */
  location: z.nullable(Location),
  /** 客户分层 (lib/tiers.ts), kept by lib/lifecycle from the customer's deals and follow-ups. */
  tier: z.enum(TIERS),
  createdAt: z.string(),
  createdBy: Id,
  /**
   * The last edit of the customer's own data, the lists' order (newest first). Activity (a
   * follow-up, a plan) moves lastFollowUpAt, nextFollowUpAt and the version, not this.
   */
  updatedAt: z.string(),
  deletedAt: z.nullable(z.string()),
  version: z.number().check(z.int()),
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
  view: z._default(z.enum(CUSTOMER_VIEWS), 'mine'),
  /** `subordinates` / `recycle`: one owner below the caller. */
  ownerId: z.optional(Id),
  /** `pool`: which pool (the default pool when absent). */
  poolId: z.optional(PoolId),
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
  regionId: z.optional(Id),
  industryId: z.optional(Id),
  categoryId: z.optional(Id),
  sourceId: z.optional(Id),
  levelId: z.optional(Id),
  statusId: z.optional(Id),
  maturityId: z.optional(Id),
  tag: z.optional(Tag),
  limit: Limit,
  cursor: Cursor,
  /** The view narrowed to one tier: the tier's partition of the view's index (lib/lifecycle). */
  tier: z.optional(z.enum(TIERS)),
});
export type CustomerListQuery = z.output<typeof CustomerListQuery>;

export const DuplicatesQuery = z
  .strictObject({ name: z.optional(Name), phone: z.optional(PhoneText) })
  .check(z.refine((q) => q.name !== undefined || q.phone !== undefined, 'Give a name, a phone or both'));

export const DuplicateCandidate = z.object({
  /** Absent when the caller may not see the candidate: then only its name and owner are told. */
  id: z.optional(Id),
  name: z.string(),
  ownerName: z.nullable(z.string()),
  state: z.optional(CustomerState),
  matchedBy: z.array(z.enum(['name', 'phone'])),
});
export const Duplicates = z.object({ items: z.array(DuplicateCandidate) });

export const CustomerCreated = z.extend(Customer, { contacts: z.array(Contact) });

export const News = z.object({
  id: Id,
  customerId: Id,
  title: z.string(),
  url: z.nullable(z.string()),
  summary: z.nullable(z.string()),
  publishedOn: z.nullable(z.string()),
  createdAt: z.string(),
  createdBy: Id,
});
export type News = z.infer<typeof News>;
export const NewsPage = pageOf(News);
export const CreateNewsBody = z.strictObject({
  title: Text(200),
  url: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000))),
  summary: z.optional(Text(5000)),
  publishedOn: z.optional(LocalDate),
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
  userIds: z.pipe(
    z.array(Id).check(z.minLength(1), z.maxLength(MAX_SHARES)),
    z.transform((ids) => [...new Set(ids)]),
  ),
});
export const ShareParams = z.strictObject({ id: Id, userId: Id });

export const TransferBody = z.strictObject({ userId: Id });

/** Where a recycle-bin entry goes (放入公海): the default pool when no body or no poolId is sent. */
export const RecycledToPoolBody = z.optional(
  z.strictObject({
    poolId: z.optional(PoolId),
    /** Why: an item of the poolReason dictionary, recorded in the owner history. */
    reasonId: z.optional(Id),
    note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
  }),
);
export type RecycledToPoolInput = NonNullable<z.output<typeof RecycledToPoolBody>>;

export const HistoryEntry = z.object({
  id: Id,
  customerId: Id,
  action: z.string(),
  actorId: z.nullable(Id),
  actorName: z.nullable(z.string()),
  fromUserId: z.nullable(Id),
  fromUserName: z.nullable(z.string()),
  toUserId: z.nullable(Id),
  toUserName: z.nullable(z.string()),
  poolId: z.nullable(z.string()),
  reasonId: z.nullable(z.string()),
  note: z.nullable(z.string()),
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

const BatchIds = z.pipe(
  z.array(Id).check(z.minLength(1), z.maxLength(MAX_BATCH)),
  z.transform((ids) => [...new Set(ids)]),
);
/** `release` puts each customer into a pool (放入公海) with a poolReason dictionary item. */
export const BatchBody = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('release'),
    ids: BatchIds,
    reasonId: Id,
    poolId: z.optional(PoolId),
    note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
  }),
  z.strictObject({ action: z.literal('share'), ids: BatchIds, userIds: SharesBody.shape.userIds }),
  z.strictObject({ action: z.literal('transfer'), ids: BatchIds, userId: Id }),
  z.strictObject({ action: z.literal('delete'), ids: BatchIds }),
  z.strictObject({ action: z.literal('hot'), ids: BatchIds, hot: z.boolean() }),
]);
export type BatchInput = z.output<typeof BatchBody>;
export const BatchResult = z.object({
  action: z.string(),
  succeeded: z.number().check(z.int()),
  failed: z.number().check(z.int()),
  results: z.array(z.object({ id: Id, status: z.number().check(z.int()), code: z.optional(z.string()) })),
});

export const CustomerParams = IdParams;

// ---- import, export, merge (lib/customers/import.ts, export.ts, merge.ts) -----------------------

export const CSV_CONTENT_TYPE = 'text/csv';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What an import accepts as its body (the file itself, not JSON). */
export const SHEET_CONTENT_TYPES = [CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE] as const;

/** `pool`: the rows become customers of the default pool (needs pool.import). */
export const ImportQuery = z.strictObject({ into: z._default(z.enum(['mine', 'pool']), 'mine') });

const ImportError = z.object({
  /** The field as the API names it: phone, regionId, contactMobile, customFields.<key>, row. */
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export const ImportReport = z.object({
  total: z.number().check(z.int()),
  created: z.number().check(z.int()),
  rejected: z.number().check(z.int()),
  /** Every row of the file, by its row number in the spreadsheet (the header is row 1). */
  rows: z.array(
    z.object({
      row: z.number().check(z.int()),
      status: z.enum(['created', 'rejected']),
      customerId: z.optional(Id),
      errors: z.optional(z.array(ImportError)),
    }),
  ),
  /** The rejected rows with their original columns and a 错误原因 column (UTF-8 CSV with BOM). */
  rejectedCsv: z.nullable(z.string()),
  /** True when rejectedCsv holds only the first rejected rows (the report is kept for retries). */
  rejectedCsvTruncated: z.boolean(),
});

/** The list's view, filters and search (as GET /v1/customers), without paging: the export reads on. */
export const ExportQuery = z.extend(z.omit(CustomerListQuery, { limit: true, cursor: true }), {
  format: z._default(z.enum(['csv', 'xlsx']), 'csv'),
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
  .check(
    z.refine(
      (f) =>
        (MERGE_FIELDS as readonly string[]).includes(f) ||
        /^customFields\.[a-zA-Z][a-zA-Z0-9_]{0,39}$/.test(f),
      'Pick one of the customer fields or customFields.<key>',
    ),
  );
export const MergeBody = z
  .strictObject({
    targetId: Id,
    sourceIds: z.array(Id).check(z.minLength(1), z.maxLength(MAX_MERGE_SOURCES)),
    /** Field -> the id of the merged customer (target or source) whose value survives. */
    pick: z.optional(
      z.record(PickField, Id).check(
        z.refine((p) => Object.keys(p).length <= MERGE_FIELDS.length + MAX_PICKED_CUSTOM_FIELDS, {
          message: `Pick at most the ${MERGE_FIELDS.length} customer fields and ${MAX_PICKED_CUSTOM_FIELDS} custom fields`,
        }),
      ),
    ),
  })
  .check(
    z.superRefine((b, ctx) => {
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
    }),
  );
export type MergeInput = z.output<typeof MergeBody>;
export const MergeResult = z.object({
  customer: Customer,
  mergedIds: z.array(Id),
  /** How many children of each kind moved to the target. */
  moved: z.record(z.string(), z.number().check(z.int())),
});
