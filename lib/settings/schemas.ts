import * as z from 'zod';
import { Id, Name, PageQuery, pageOf } from '../schemas.ts';

export const Reminders = z.strictObject({
  contractExpiryDays: z.number().int().min(0).max(365),
  paymentDueDays: z.number().int().min(0).max(365),
  birthdayDays: z.number().int().min(0).max(60),
  smsEnabled: z.boolean(),
});

const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Must be an IANA time zone such as Asia/Shanghai');

export const Settings = z.object({
  /** How many customers one rep may own (null: no limit). */
  maxCustomersPerRep: z.number().int().min(1).nullable(),
  /** How many of them a rep may lock against automatic reclaim. */
  lockedCustomersPerRep: z.number().int().min(0),
  allowDuplicateNames: z.boolean(),
  /** Lets reps mark a customer private: hidden from peers, never from superiors. */
  privateCustomersEnabled: z.boolean(),
  timezone: TimeZone,
  reminders: Reminders,
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Settings = z.infer<typeof Settings>;

export const UpdateSettingsBody = z
  .strictObject({
    maxCustomersPerRep: z.number().int().min(1).max(100_000).nullable().optional(),
    lockedCustomersPerRep: z.number().int().min(0).max(10_000).optional(),
    allowDuplicateNames: z.boolean().optional(),
    privateCustomersEnabled: z.boolean().optional(),
    timezone: TimeZone.optional(),
    reminders: Reminders.partial().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one setting to change');

export const DICTIONARY_KINDS = [
  'country',
  'region',
  'industry',
  'category',
  'source',
  'level',
  'status',
  'maturity',
  'followupStage',
  'poolReason',
  'channel',
  // Product categories (产品分类) of the price list (lib/pipeline products.categoryId).
  'productCategory',
] as const;
export const DictionaryKind = z.enum(DICTIONARY_KINDS);
export type DictionaryKind = z.infer<typeof DictionaryKind>;

/** Kinds whose items form a tree (parentId). */
export const TREE_KINDS: readonly DictionaryKind[] = ['region', 'industry'];

export const DictionaryItem = z.object({
  id: Id,
  kind: DictionaryKind,
  label: z.string(),
  parentId: Id.nullable(),
  order: z.number().int(),
  /** Disabled items stay on old records but are not offered for new ones. */
  disabled: z.boolean(),
  version: z.number().int(),
});
export type DictionaryItem = z.infer<typeof DictionaryItem>;

export const DictionaryParams = z.strictObject({ kind: DictionaryKind });
export const DictionaryItemParams = z.strictObject({ kind: DictionaryKind, id: Id });
export const Dictionary = z.object({ kind: DictionaryKind, items: z.array(DictionaryItem) });

export const CreateDictionaryItemBody = z.strictObject({
  label: Name.max(100),
  parentId: Id.optional(),
  order: z.number().int().min(0).max(1_000_000).optional(),
});
export const UpdateDictionaryItemBody = z
  .strictObject({
    label: Name.max(100).optional(),
    parentId: Id.nullable().optional(),
    order: z.number().int().min(0).max(1_000_000).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');

// ---- custom fields (自定义字段) ------------------------------------------------------------------

/** The records that take custom fields. */
export const CUSTOM_FIELD_ENTITIES = ['customer'] as const;
export const CustomFieldEntity = z.enum(CUSTOM_FIELD_ENTITIES);
export type CustomFieldEntity = z.infer<typeof CustomFieldEntity>;

export const CUSTOM_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'multiSelect',
  'boolean',
  'phone',
  'email',
  'url',
] as const;
export const CustomFieldType = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof CustomFieldType>;
export const SELECT_TYPES: readonly CustomFieldType[] = ['select', 'multiSelect'];

/** The name values are stored under (`customFields.<key>`): stable, so it cannot change later. */
export const CustomFieldKey = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'Start with a letter; letters, digits and _ only, at most 40');
const Option = z.string().trim().min(1).max(100);
const Options = z
  .array(Option)
  .min(1)
  .max(200)
  .refine((o) => new Set(o).size === o.length, 'Options must be distinct');

export const CustomField = z.object({
  id: Id,
  entity: CustomFieldEntity,
  key: CustomFieldKey,
  label: z.string(),
  type: CustomFieldType,
  options: z.array(z.string()).nullable(),
  required: z.boolean(),
  order: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CustomField = z.infer<typeof CustomField>;

export const CustomFieldList = z.object({ items: z.array(CustomField) });
export const CustomFieldListQuery = z.strictObject({ entity: CustomFieldEntity.default('customer') });

export const CreateCustomFieldBody = z
  .strictObject({
    entity: CustomFieldEntity,
    key: CustomFieldKey,
    label: Name.max(50),
    type: CustomFieldType,
    options: Options.optional(),
    required: z.boolean().default(false),
    order: z.number().int().min(0).max(1_000_000).optional(),
  })
  .superRefine((b, ctx) => {
    const isSelect = SELECT_TYPES.includes(b.type);
    if (isSelect && !b.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `A ${b.type} field needs options` });
    if (!isSelect && b.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `Only select fields take options` });
  });

/** The key and type stay: stored values are filed under the key and were checked against the type. */
export const UpdateCustomFieldBody = z
  .strictObject({
    label: Name.max(50).optional(),
    options: Options.optional(),
    required: z.boolean().optional(),
    order: z.number().int().min(0).max(1_000_000).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change');

// ---- saved views (查询策略) ------------------------------------------------------------------------

export const SAVED_VIEW_ENTITIES = ['customer'] as const;
export const SavedViewEntity = z.enum(SAVED_VIEW_ENTITIES);
export type SavedViewEntity = z.infer<typeof SavedViewEntity>;

const FilterName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,39}$/, 'A list query parameter name')
  .refine((name) => name !== 'cursor' && name !== 'limit', 'Paging is not part of a saved view');
const FilterValue = z.union([z.string().max(200), z.array(z.string().max(200)).max(50)]);

export const SavedView = z.object({
  id: Id,
  entity: SavedViewEntity,
  name: z.string(),
  /** The list query parameters to re-apply (view, q, regionId, tags ...). */
  filters: z.record(z.string(), FilterValue),
  shared: z.boolean(),
  ownerId: Id,
  ownerName: z.string(),
  createdAt: z.string(),
});
export type SavedView = z.infer<typeof SavedView>;

export const CreateSavedViewBody = z.strictObject({
  name: Name.max(50),
  entity: SavedViewEntity.default('customer'),
  filters: z.record(FilterName, FilterValue).refine((f) => Object.keys(f).length <= 30, 'At most 30 filters'),
  shared: z.boolean().default(false),
});
export const SavedViewListQuery = PageQuery.extend({
  entity: SavedViewEntity.default('customer'),
  /** `mine`: the caller's own views; `shared`: views anyone in the company shared. */
  scope: z.enum(['mine', 'shared']).default('mine'),
});
export const SavedViewPage = pageOf(SavedView);
