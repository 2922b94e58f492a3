import { z } from 'zod';
import { Cursor, Email, Id, IdParams, Limit, LocalDate, Name, pageOf } from '../schemas.ts';

/** Phones are checked and normalised to E.164 by the service, which reports the exact field path. */
const PhoneText = z.string().trim().min(3).max(40);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Tag = z.string().trim().min(1).max(30);

export const MAX_TAGS = 20;
export const MAX_INITIAL_CONTACTS = 20;
/** Shares per customer: each share item is rewritten with the customer, in its transaction. */
export const MAX_SHARES = 20;
export const MAX_BATCH = 100;

const Tags = z
  .array(Tag)
  .max(MAX_TAGS)
  .transform((tags) => [...new Set(tags)]);

export const ContactInput = z.strictObject({
  name: Name.max(100),
  mobile: PhoneText.optional(),
  phone: PhoneText.optional(),
  email: Email.optional(),
  title: Text(100).optional(),
  primary: z.boolean().optional(),
});

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
] as const;
export type CustomerView = (typeof CUSTOMER_VIEWS)[number];

export const PoolId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Must be a pool id');

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

export const Contact = z.object({
  id: Id,
  customerId: Id,
  name: z.string(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  primary: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Contact = z.infer<typeof Contact>;

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
/** `release` belongs to the pool (it takes a reason and a pool) and is added with it. */
export const BatchBody = z.discriminatedUnion('action', [
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
