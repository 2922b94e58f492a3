import { createHash } from 'node:crypto';
import { isValid } from 'ulid';
import { DEFAULT_TIER_THRESHOLDS } from '../tiers.ts';
import type { DefaultItem } from './defaults.ts';
import type { DictionaryItem, DictionaryKind, Settings, TierSettings, TierSettingsPatch } from './schemas.ts';
import { defaultTierPlaybook } from './tier-playbook.ts';

/**
 * SMS per tenant per local day when its settings name no cap: one full broadcast (lib/sms allows
 * 1,000 recipients), a spend ceiling an administrator raises on purpose.
 */
export const DEFAULT_SMS_DAILY_CAP = 1000;

/** What a new tenant starts with (seed 000 §五: a rep's customer limit, duplicate names refused). */
export const defaultSettings = (timezone: string, at: string): Settings => ({
  maxCustomersPerRep: 500,
  lockedCustomersPerRep: 20,
  allowDuplicateNames: false,
  privateCustomersEnabled: true,
  timezone,
  reminders: { contractExpiryDays: 30, paymentDueDays: 3, birthdayDays: 3, smsEnabled: false },
  contractApproval: false,
  checkinRadiusM: 500,
  smsDailyCap: DEFAULT_SMS_DAILY_CAP,
  tiers: defaultTierSettings(),
  version: 1,
  updatedAt: at,
});

/** Seed 003's tiers: 2 deals make a repeat customer, about 10 a loyal one, 180 quiet days a dormant one. */
export const defaultTierSettings = (): TierSettings => ({
  ...DEFAULT_TIER_THRESHOLDS,
  playbook: defaultTierPlaybook(),
});

/** Settings stored before tiers existed read as the defaults. */
export const withTierDefaults = <S extends { tiers?: TierSettings | undefined }>(
  s: S,
): S & { tiers: TierSettings } => ({
  ...s,
  tiers: s.tiers ?? defaultTierSettings(),
});

/**
 * The tier settings after a patch (thresholds replaced, each named playbook replaced whole), or
 * the problem: loyal needs more deals than repeat.
 */
export function patchTiers(
  current: TierSettings,
  patch: TierSettingsPatch,
): { tiers: TierSettings } | { problem: string } {
  const { playbook, ...thresholds } = patch;
  const defined = Object.fromEntries(Object.entries(thresholds).filter(([, v]) => v !== undefined));
  const tiers: TierSettings = {
    ...current,
    ...defined,
    playbook: {
      ...current.playbook,
      ...Object.fromEntries(Object.entries(playbook ?? {}).filter(([, v]) => v)),
    },
  };
  if (tiers.loyalDeals <= tiers.repeatDeals)
    return {
      problem: `loyalDeals (${tiers.loyalDeals}) must be more than repeatDeals (${tiers.repeatDeals})`,
    };
  return { tiers };
}

// ---- dictionaries ------------------------------------------------------------------------------

/**
 * What makes two labels "the same" among siblings: width-folded (NFKC, so "Ａ" equals "A"),
 * trimmed, inner spaces collapsed, case-insensitive.
 */
export const labelKey = (label: string) => label.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Made on first use, not at import: most functions import this module and never sort labels. */
let collator: Intl.Collator | undefined;
const compareLabels = (a: string, b: string) => {
  collator ??= new Intl.Collator('zh-Hans-CN');
  return collator.compare(a, b);
};

const bySiblingOrder = (a: SortableItem, b: SortableItem) =>
  a.order - b.order || compareLabels(a.label, b.label) || (a.id < b.id ? -1 : 1);

type SortableItem = { id: string; parentId: string | null; order: number; label: string };

/**
 * Display order of a dictionary: siblings by `order`, then label (pinyin order for Chinese); a
 * tree depth-first, each item followed by its children, so a client can render the list as is.
 */
export function sortItems<T extends SortableItem>(items: readonly T[]): T[] {
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string | null, T[]>();
  for (const item of items) {
    // An item whose parent is missing is shown at the top rather than lost.
    const parent = item.parentId && ids.has(item.parentId) ? item.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), item]);
  }
  const out: T[] = [];
  const seen = new Set<string>();
  const visit = (parentId: string | null) => {
    for (const item of (children.get(parentId) ?? []).sort(bySiblingOrder)) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      out.push(item);
      visit(item.id);
    }
  };
  visit(null);
  return out;
}

/** Seeded and appended items sit this far apart, so one can be slotted between two without renumbering. */
export const ORDER_STEP = 10;

/** The order of a new item without one: after the last of its siblings. */
export function nextOrder(
  items: { parentId: string | null; order: number }[],
  parentId: string | null,
): number {
  const siblings = items.filter((i) => i.parentId === parentId);
  return siblings.length === 0 ? ORDER_STEP : Math.max(...siblings.map((i) => i.order)) + ORDER_STEP;
}

type TreeNode = { id: string; parentId: string | null };

/**
 * The chain from `id` up to its root, `id` first. Stops at a repeated id, so a corrupt tree cannot
 * loop forever.
 */
export function ancestry<T extends TreeNode>(items: ReadonlyMap<string, T>, id: string): T[] {
  const chain: T[] = [];
  const seen = new Set<string>();
  let current = items.get(id);
  while (current && !seen.has(current.id)) {
    chain.push(current);
    seen.add(current.id);
    current = current.parentId ? items.get(current.parentId) : undefined;
  }
  return chain;
}

/** Moving `itemId` under `newParentId` cuts the tree when the new parent is the item or lies below it. */
export function wouldCycle(
  items: ReadonlyMap<string, TreeNode>,
  itemId: string,
  newParentId: string,
): boolean {
  return ancestry(items, newParentId).some((node) => node.id === itemId);
}

/** The deepest a dictionary tree may go (province > city > district > ... ): keeps moves cheap. */
export const MAX_TREE_DEPTH = 5;

/** How many levels the subtree rooted at `id` spans (a leaf: 1). */
export function subtreeHeight(items: readonly TreeNode[], id: string): number {
  const children = new Map<string, string[]>();
  for (const item of items) {
    if (!item.parentId) continue;
    children.set(item.parentId, [...(children.get(item.parentId) ?? []), item.id]);
  }
  const height = (nodeId: string, seen: Set<string>): number => {
    if (seen.has(nodeId)) return 0;
    seen.add(nodeId);
    const below = (children.get(nodeId) ?? []).map((child) => height(child, seen));
    return 1 + Math.max(0, ...below);
  };
  return height(id, new Set());
}

/**
 * Whether an item (with everything below it) fits under `parentId` within MAX_TREE_DEPTH. A new
 * item has no subtree: pass no `itemId`.
 */
export function fitsDepth(items: readonly TreeNode[], parentId: string, itemId?: string): boolean {
  const byId = new Map(items.map((item) => [item.id, item]));
  const levelsAbove = ancestry(byId, parentId).length;
  const levels = itemId ? subtreeHeight(items, itemId) : 1;
  return levelsAbove + levels <= MAX_TREE_DEPTH;
}

// ---- default dictionaries ----------------------------------------------------------------------

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Ids for a tenant's seeded items: the tenant's own ULID time, a stem hashed from the tenant id and
 * a running counter. They are valid ULIDs that sort in seed order, and the same on every run, so a
 * seeding that is retried after a crash rewrites the same items instead of adding copies.
 */
export function seedIdFactory(tenantId: string, fallbackTime: string): () => string {
  const time = isValid(tenantId) ? tenantId.slice(0, 10) : fallbackTime;
  const digest = createHash('sha256').update(`dictionaries:${tenantId}`).digest();
  const stem = Array.from(digest.subarray(0, 11), (byte) => CROCKFORD[byte & 31]).join('');
  let counter = 0;
  return () => {
    let n = counter++;
    let tail = '';
    for (let i = 0; i < 5; i += 1) {
      tail = CROCKFORD[n & 31] + tail;
      n >>>= 5;
    }
    return time + stem + tail;
  };
}

export interface DefaultDictionaries {
  /** Each item with the labels of its children (normalized label -> id), parents first. */
  items: { item: DictionaryItem; childLabels: Record<string, string> }[];
  /** Per kind, the labels of its top-level items. */
  roots: Record<string, Record<string, string>>;
}

/** Every default dictionary item of a tenant, with orders 10, 20, ... among siblings. */
export function defaultDictionaryItems(
  tenantId: string,
  defaults: Record<DictionaryKind, readonly DefaultItem[]>,
  fallbackTime: string,
): DefaultDictionaries {
  const nextId = seedIdFactory(tenantId, fallbackTime);
  const out: DefaultDictionaries = { items: [], roots: {} };
  const make = (
    kind: DictionaryKind,
    label: string,
    parent: DefaultDictionaries['items'][number] | null,
    index: number,
  ) => {
    const item: DictionaryItem = {
      id: nextId(),
      kind,
      label,
      parentId: parent?.item.id ?? null,
      order: (index + 1) * ORDER_STEP,
      disabled: false,
      version: 1,
    };
    const siblings = parent ? parent.childLabels : (out.roots[kind] as Record<string, string>);
    siblings[labelKey(label)] = item.id;
    const seeded = { item, childLabels: {} };
    out.items.push(seeded);
    return seeded;
  };
  for (const [kind, entries] of Object.entries(defaults) as [DictionaryKind, readonly DefaultItem[]][]) {
    out.roots[kind] ??= {};
    entries.forEach((entry, index) => {
      if (typeof entry === 'string') {
        make(kind, entry, null, index);
        return;
      }
      const parent = make(kind, entry.label, null, index);
      entry.children.forEach((child, childIndex) => {
        make(kind, child, parent, childIndex);
      });
    });
  }
  return out;
}
