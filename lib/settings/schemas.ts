import { z } from 'zod';
import { Id, Name } from '../schemas.ts';

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
