import * as z from 'zod/mini';
import { Id, Name, PageQuery, pageOf } from '../schemas.ts';
import { TIERS } from '../tiers.ts';

export const Reminders = z.strictObject({
  contractExpiryDays: z.number().check(z.int(), z.gte(0), z.lte(365)),
  paymentDueDays: z.number().check(z.int(), z.gte(0), z.lte(365)),
  birthdayDays: z.number().check(z.int(), z.gte(0), z.lte(60)),
  smsEnabled: z.boolean(),
  /** Task due reminders (lib/office) also go by SMS to the assignee's phone; off when absent. */
  taskSms: z.optional(z.boolean()),
});

const PlayText = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
/** One tier's playbook (seed 003: 特征, 可能遇到的问题, 企业可以做的事情). */
export const TierPlay = z.strictObject({
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(20)),
  traits: PlayText,
  problems: z.array(PlayText).check(z.maxLength(10)),
  actions: z.array(PlayText).check(z.maxLength(10)),
});
const TierPlaybook = z.strictObject({
  potential: TierPlay,
  new: TierPlay,
  repeat: TierPlay,
  loyal: TierPlay,
  dormant: TierPlay,
});
const Deals = z.number().check(z.int(), z.gte(2), z.lte(1000));
/** Customer tiers (lib/tiers.ts): the thresholds and what to do for each tier. */
export const TierSettings = z.strictObject({
  repeatDeals: Deals,
  loyalDeals: Deals,
  dormantDays: z.number().check(z.int(), z.gte(1), z.lte(3650)),
  playbook: TierPlaybook,
});
export type TierSettings = z.infer<typeof TierSettings>;
export const TierSettingsPatch = z.strictObject({
  repeatDeals: z.optional(Deals),
  loyalDeals: z.optional(Deals),
  dormantDays: z.optional(z.number().check(z.int(), z.gte(1), z.lte(3650))),
  /** Replaces the named tiers' playbooks, each whole. */
  playbook: z.optional(z.partial(TierPlaybook)),
});
export type TierSettingsPatch = z.output<typeof TierSettingsPatch>;
export const TierName = z.enum(TIERS);

const TimeZone = z.string().check(
  z.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Must be an IANA time zone such as Asia/Shanghai'),
);

const SmsDailyCap = z.number().check(z.int(), z.gte(0), z.lte(1_000_000));

export const Settings = z.object({
  /** How many customers one rep may own (null: no limit). */
  maxCustomersPerRep: z.nullable(z.number().check(z.int(), z.gte(1))),
  /** How many of them a rep may lock against automatic reclaim. */
  lockedCustomersPerRep: z.number().check(z.int(), z.gte(0)),
  allowDuplicateNames: z.boolean(),
  /** Lets reps mark a customer private: hidden from peers, never from superiors. */
  privateCustomersEnabled: z.boolean(),
  timezone: TimeZone,
  reminders: Reminders,
  /** New contracts wait for an approval (lib/approvals, flow type contract) before they count. */
  contractApproval: z.boolean(),
  /** How far from its customer a check-in may be before it is offsite (lib/field; 500 m when absent). */
  checkinRadiusM: z.optional(z.number().check(z.int(), z.gte(10), z.lte(50_000))),
  /**
   * SMS the tenant may send per day of its time zone, broadcasts and reminders together (lib/sms);
   * the rest of the day's sends are refused (`daily_cap`). 1,000 when absent; 0 stops all SMS.
   */
  smsDailyCap: z.optional(SmsDailyCap),
  tiers: TierSettings,
  version: z.number().check(z.int()),
  updatedAt: z.string(),
});
export type Settings = z.infer<typeof Settings>;

export const UpdateSettingsBody = z
  .strictObject({
    maxCustomersPerRep: z.optional(z.nullable(z.number().check(z.int(), z.gte(1), z.lte(100_000)))),
    lockedCustomersPerRep: z.optional(z.number().check(z.int(), z.gte(0), z.lte(10_000))),
    allowDuplicateNames: z.optional(z.boolean()),
    privateCustomersEnabled: z.optional(z.boolean()),
    timezone: z.optional(TimeZone),
    reminders: z.optional(z.partial(Reminders)),
    contractApproval: z.optional(z.boolean()),
    checkinRadiusM: z.optional(z.number().check(z.int(), z.gte(10), z.lte(50_000))),
    smsDailyCap: z.optional(SmsDailyCap),
    tiers: z.optional(TierSettingsPatch),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one setting to change'));

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
  parentId: z.nullable(Id),
  order: z.number().check(z.int()),
  /** Disabled items stay on old records but are not offered for new ones. */
  disabled: z.boolean(),
  version: z.number().check(z.int()),
});
export type DictionaryItem = z.infer<typeof DictionaryItem>;

export const DictionaryParams = z.strictObject({ kind: DictionaryKind });
export const DictionaryItemParams = z.strictObject({ kind: DictionaryKind, id: Id });
export const Dictionary = z.object({ kind: DictionaryKind, items: z.array(DictionaryItem) });

export const CreateDictionaryItemBody = z.strictObject({
  label: Name.check(z.maxLength(100)),
  parentId: z.optional(Id),
  order: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1_000_000))),
});
export const UpdateDictionaryItemBody = z
  .strictObject({
    label: z.optional(Name.check(z.maxLength(100))),
    parentId: z.optional(z.nullable(Id)),
    order: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1_000_000))),
    disabled: z.optional(z.boolean()),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));

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
  .check(
    z.regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'Start with a letter; letters, digits and _ only, at most 40'),
  );
const Option = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
const Options = z.array(Option).check(
  z.minLength(1),
  z.maxLength(200),
  z.refine((o) => new Set(o).size === o.length, 'Options must be distinct'),
);

export const CustomField = z.object({
  id: Id,
  entity: CustomFieldEntity,
  key: CustomFieldKey,
  label: z.string(),
  type: CustomFieldType,
  options: z.nullable(z.array(z.string())),
  required: z.boolean(),
  order: z.number().check(z.int()),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
});
export type CustomField = z.infer<typeof CustomField>;

export const CustomFieldList = z.object({ items: z.array(CustomField) });
export const CustomFieldListQuery = z.strictObject({ entity: z._default(CustomFieldEntity, 'customer') });

export const CreateCustomFieldBody = z
  .strictObject({
    entity: CustomFieldEntity,
    key: CustomFieldKey,
    label: Name.check(z.maxLength(50)),
    type: CustomFieldType,
    options: z.optional(Options),
    required: z._default(z.boolean(), false),
    order: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1_000_000))),
  })
  .check(
    z.superRefine((b, ctx) => {
      const isSelect = SELECT_TYPES.includes(b.type);
      if (isSelect && !b.options)
        ctx.addIssue({ code: 'custom', path: ['options'], message: `A ${b.type} field needs options` });
      if (!isSelect && b.options)
        ctx.addIssue({ code: 'custom', path: ['options'], message: `Only select fields take options` });
    }),
  );

/** The key and type stay: stored values are filed under the key and were checked against the type. */
export const UpdateCustomFieldBody = z
  .strictObject({
    label: z.optional(Name.check(z.maxLength(50))),
    options: z.optional(Options),
    required: z.optional(z.boolean()),
    order: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1_000_000))),
  })
  .check(z.refine((b) => Object.keys(b).length > 0, 'Give at least one field to change'));

// ---- saved views (查询策略) ------------------------------------------------------------------------

export const SAVED_VIEW_ENTITIES = ['customer'] as const;
export const SavedViewEntity = z.enum(SAVED_VIEW_ENTITIES);
export type SavedViewEntity = z.infer<typeof SavedViewEntity>;

const FilterName = z.string().check(
  z.regex(/^[a-zA-Z][a-zA-Z0-9_.]{0,39}$/, 'A list query parameter name'),
  z.refine((name) => name !== 'cursor' && name !== 'limit', 'Paging is not part of a saved view'),
);
const FilterValue = z.union([
  z.string().check(z.maxLength(200)),
  z.array(z.string().check(z.maxLength(200))).check(z.maxLength(50)),
]);

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
  name: Name.check(z.maxLength(50)),
  entity: z._default(SavedViewEntity, 'customer'),
  filters: z
    .record(FilterName, FilterValue)
    .check(z.refine((f) => Object.keys(f).length <= 30, 'At most 30 filters')),
  shared: z._default(z.boolean(), false),
});
export const SavedViewListQuery = z.extend(PageQuery, {
  entity: z._default(SavedViewEntity, 'customer'),
  /** `mine`: the caller's own views; `shared`: views anyone in the company shared. */
  scope: z._default(z.enum(['mine', 'shared']), 'mine'),
});
export const SavedViewPage = pageOf(SavedView);
