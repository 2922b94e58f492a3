import { encodeTime, ulid } from 'ulid';
import { now } from '../clock.ts';
import { batchPut } from '../db/batch.ts';
import type { Auth } from '../http/auth.ts';
import { BadRequest, Conflict, NotFound, PreconditionFailed, Unprocessable } from '../http/errors.ts';
import { loadCustomFieldDefinitions } from './custom-fields.ts';
import { DEFAULT_DICTIONARIES } from './defaults.ts';
import * as repo from './repository.ts';
import {
  ancestry,
  defaultDictionaryItems,
  fitsDepth,
  labelKey,
  MAX_TREE_DEPTH,
  nextOrder,
  patchTiers,
  sortItems,
  wouldCycle,
} from './rules.ts';
import {
  type CustomField,
  type CustomFieldEntity,
  type CustomFieldType,
  type DictionaryItem,
  type DictionaryKind,
  type SavedView,
  type SavedViewEntity,
  SELECT_TYPES,
  type Settings,
  type TierSettingsPatch,
  TREE_KINDS,
} from './schemas.ts';

// ---- settings ----------------------------------------------------------------------------------

export const getSettings = (auth: Auth) => repo.getTieredSettings(auth.tenantId);

type SettingsPatch = {
  [K in Exclude<keyof Settings, 'version' | 'updatedAt' | 'reminders' | 'tiers'>]?: Settings[K] | undefined;
} & { reminders?: Partial<Settings['reminders']> | undefined; tiers?: TierSettingsPatch | undefined };

/**
 * Changes the named settings at the version the caller read; reminders merge field by field, the
 * tier settings are merged with the stored ones read at that version (the write re-checks it).
 */
export async function updateSettings(auth: Auth, expected: number, patch: SettingsPatch): Promise<Settings> {
  const { reminders, tiers, ...top } = patch;
  const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const changes = defined(top);
  if (tiers) {
    const stored = await repo.getTieredSettings(auth.tenantId, true);
    if (stored.version !== expected) throw new PreconditionFailed();
    const merged = patchTiers(stored.tiers, tiers);
    if ('problem' in merged)
      throw new BadRequest('The tier thresholds do not fit together.', [
        { path: 'body.tiers.loyalDeals', code: 'invalid_thresholds', message: merged.problem },
      ]);
    changes.tiers = merged.tiers;
  }
  return repo.updateSettings(
    auth.tenantId,
    { top: changes, reminders: defined(reminders ?? {}) },
    expected,
    now().toISOString(),
  );
}

// ---- dictionaries ------------------------------------------------------------------------------

const isTree = (kind: DictionaryKind) => TREE_KINDS.includes(kind);

export async function getDictionary(auth: Auth, kind: DictionaryKind) {
  return { kind, items: sortItems(await repo.listDictionary(auth.tenantId, kind)) };
}

const notATree = (kind: DictionaryKind) =>
  new BadRequest(`The ${kind} dictionary is a flat list.`, [
    {
      path: 'body.parentId',
      code: 'not_a_tree',
      message: `Only ${TREE_KINDS.join(' and ')} items have parents`,
    },
  ]);

/** Why `parent` cannot take children, if it cannot. */
function parentProblem(
  parent: { label: string; disabled: boolean } | undefined,
  kind: DictionaryKind,
): BadRequest | undefined {
  if (!parent) {
    return new BadRequest('The parent item does not exist.', [
      { path: 'body.parentId', code: 'unknown_dictionary_item', message: `No ${kind} item has this id` },
    ]);
  }
  if (parent.disabled) {
    return new BadRequest('The parent item is disabled.', [
      { path: 'body.parentId', code: 'disabled_dictionary_item', message: `"${parent.label}" is disabled` },
    ]);
  }
  return undefined;
}

const tooDeep = () =>
  new Unprocessable('tree_too_deep', `A dictionary tree is at most ${MAX_TREE_DEPTH} levels deep.`);

const treeChanged = () =>
  new Conflict('dictionary_changed', 'The dictionary changed while you were editing it; reload and retry.');

/** A transaction item failed; which one decides what to tell the client. */
class Rejected extends Error {
  constructor(readonly failure: repo.DictionaryFailure) {
    super(failure);
  }
}

/**
 * Why the sibling group under `parentId` refused `label`: read after the fact, as the transaction
 * only says that its condition failed (the parent gone or disabled, or the label taken).
 */
async function siblingsRefusal(
  tenantId: string,
  kind: DictionaryKind,
  parentId: string | null,
  label: string,
) {
  const siblings = await repo.getSiblings(tenantId, kind, parentId);
  const problem = parentId ? parentProblem(siblings, kind) : undefined;
  if (problem) return problem;
  if (siblings && Object.hasOwn(siblings.childLabels, labelKey(label))) {
    return new Conflict('duplicate_label', `An item labelled "${label}" exists already at this place.`, {
      label,
      existingId: siblings.childLabels[labelKey(label)],
    });
  }
  return treeChanged();
}

export async function createDictionaryItem(
  auth: Auth,
  kind: DictionaryKind,
  input: { label: string; parentId?: string | undefined; order?: number | undefined },
): Promise<DictionaryItem> {
  if (input.parentId && !isTree(kind)) throw notATree(kind);
  const parentId = input.parentId ?? null;
  // Needed for the default order and a clear error about the parent; the transaction re-checks.
  const items = await repo.listDictionary(auth.tenantId, kind);
  if (parentId) {
    const problem = parentProblem(
      items.find((i) => i.id === parentId),
      kind,
    );
    if (problem) throw problem;
    if (!fitsDepth(items, parentId)) throw tooDeep();
  } else {
    await repo.ensureDictionaryRoot(auth.tenantId, kind);
  }
  const item: DictionaryItem = {
    id: ulid(),
    kind,
    label: input.label,
    parentId,
    order: input.order ?? nextOrder(items, parentId),
    disabled: false,
    version: 1,
  };
  try {
    await repo.createDictionaryItem(auth.tenantId, item, (failure) => new Rejected(failure));
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
    throw error.failure === 'siblings'
      ? await siblingsRefusal(auth.tenantId, kind, parentId, item.label)
      : treeChanged();
  }
  return item;
}

export async function updateDictionaryItem(
  auth: Auth,
  kind: DictionaryKind,
  id: string,
  expected: number,
  patch: {
    label?: string | undefined;
    parentId?: string | null | undefined;
    order?: number | undefined;
    disabled?: boolean | undefined;
  },
): Promise<DictionaryItem> {
  const stored = await repo.getDictionaryItem(auth.tenantId, kind, id);
  if (!stored) throw new NotFound('dictionary item');
  const { childLabels: _children, ...before } = stored;
  if (before.version !== expected) throw new PreconditionFailed();
  const next: DictionaryItem = {
    ...before,
    label: patch.label ?? before.label,
    order: patch.order ?? before.order,
    disabled: patch.disabled ?? before.disabled,
    version: before.version + 1,
  };
  let move: repo.DictionaryMove | undefined;
  if (patch.parentId !== undefined && patch.parentId !== before.parentId) {
    if (patch.parentId !== null && !isTree(kind)) throw notATree(kind);
    const items = await repo.listDictionary(auth.tenantId, kind);
    const byId = new Map(items.map((i) => [i.id, i]));
    let chain: DictionaryItem[] = [];
    if (patch.parentId !== null) {
      if (wouldCycle(byId, id, patch.parentId)) {
        throw new Unprocessable(
          'dictionary_cycle',
          'An item cannot move below itself or its own descendants.',
        );
      }
      const problem = parentProblem(byId.get(patch.parentId), kind);
      if (problem) throw problem;
      if (!fitsDepth(items, patch.parentId, id)) throw tooDeep();
      chain = ancestry(byId, patch.parentId);
    } else {
      await repo.ensureDictionaryRoot(auth.tenantId, kind);
    }
    next.parentId = patch.parentId;
    next.order = patch.order ?? nextOrder(items, patch.parentId);
    move = { chain: chain.map((node) => ({ id: node.id, parentId: node.parentId })) };
  }
  try {
    await repo.updateDictionaryItem(auth.tenantId, before, next, move, (failure) => new Rejected(failure));
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
    if (error.failure === 'item') throw new PreconditionFailed();
    if (error.failure === 'siblings')
      throw await siblingsRefusal(auth.tenantId, kind, next.parentId, next.label);
    throw treeChanged();
  }
  return next;
}

/**
 * Deletes an item without children. Records that reference it keep the id; disabling the item is
 * the gentler path. With If-Match the caller's version must still hold; without it a concurrent
 * edit just makes us read again.
 */
export async function deleteDictionaryItem(
  auth: Auth,
  kind: DictionaryKind,
  id: string,
  expected: number | undefined,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const stored = await repo.getDictionaryItem(auth.tenantId, kind, id);
    if (!stored) throw new NotFound('dictionary item');
    if (expected !== undefined && stored.version !== expected) throw new PreconditionFailed();
    const { childLabels, ...item } = stored;
    const children = Object.keys(childLabels).length;
    if (children > 0) {
      throw new Conflict(
        'has_children',
        'The item has sub-items; move or delete them first, or disable it.',
        {
          childCount: children,
        },
      );
    }
    try {
      await repo.deleteDictionaryItem(auth.tenantId, item, (failure) => new Rejected(failure));
      return;
    } catch (error) {
      if (!(error instanceof Rejected) || error.failure !== 'item') throw error;
      // Changed or given a child since we read it: read again, and answer from what is there now.
    }
  }
  throw treeChanged();
}

/**
 * Writes a new tenant's default dictionaries (about 500 items, one write each) with BatchWriteItem. Ids are derived from the tenant id, so running it again rewrites the same items.
 */
export async function seedDictionaries(tenantId: string): Promise<void> {
  const seeds = defaultDictionaryItems(tenantId, DEFAULT_DICTIONARIES, encodeTime(now().getTime()));
  await batchPut([
    ...Object.entries(seeds.roots).map(([kind, labels]) =>
      repo.dictionaryRoot(tenantId, kind as DictionaryKind, labels),
    ),
    ...seeds.items.map(({ item, childLabels }) => repo.dictionaryItem(tenantId, item, childLabels)),
  ]);
}

// ---- custom fields -----------------------------------------------------------------------------

export const listCustomFields = (auth: Auth, entity: CustomFieldEntity) =>
  loadCustomFieldDefinitions(auth.tenantId, entity);

export async function getCustomField(auth: Auth, id: string): Promise<CustomField> {
  const field = await repo.getCustomField(auth.tenantId, id);
  if (!field) throw new NotFound('custom field');
  return field;
}

export async function createCustomField(
  auth: Auth,
  input: {
    entity: CustomFieldEntity;
    key: string;
    label: string;
    type: CustomFieldType;
    options?: string[] | undefined;
    required: boolean;
    order?: number | undefined;
  },
): Promise<CustomField> {
  const at = now().toISOString();
  const order =
    input.order ??
    nextOrder(
      (await repo.listCustomFields(auth.tenantId, input.entity)).map((f) => ({
        parentId: null,
        order: f.order,
      })),
      null,
    );
  const field: CustomField = {
    id: ulid(),
    entity: input.entity,
    key: input.key,
    label: input.label,
    type: input.type,
    options: input.options ?? null,
    required: input.required,
    order,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await repo.createCustomField(auth.tenantId, field);
  return field;
}

export async function updateCustomField(
  auth: Auth,
  id: string,
  expected: number,
  patch: {
    label?: string | undefined;
    options?: string[] | undefined;
    required?: boolean | undefined;
    order?: number | undefined;
  },
): Promise<CustomField> {
  const field = await getCustomField(auth, id);
  if (field.version !== expected) throw new PreconditionFailed();
  if (patch.options && !SELECT_TYPES.includes(field.type)) {
    throw new BadRequest('Only select fields take options.', [
      { path: 'body.options', code: 'not_a_select', message: `A ${field.type} field has no options` },
    ]);
  }
  const next: CustomField = {
    ...field,
    label: patch.label ?? field.label,
    options: patch.options ?? field.options,
    required: patch.required ?? field.required,
    order: patch.order ?? field.order,
    updatedAt: now().toISOString(),
    version: field.version + 1,
  };
  await repo.replaceCustomField(auth.tenantId, next, expected);
  return next;
}

/** Removes the definition and frees its key; values already stored under it stay on the records. */
export async function deleteCustomField(auth: Auth, id: string): Promise<void> {
  await repo.deleteCustomField(auth.tenantId, await getCustomField(auth, id));
}

// ---- saved views -------------------------------------------------------------------------------

export function listSavedViews(
  auth: Auth,
  query: { entity: SavedViewEntity; scope: 'mine' | 'shared'; limit: number; cursor?: string | undefined },
) {
  const page = { limit: query.limit, cursor: query.cursor };
  return query.scope === 'mine'
    ? repo.listOwnSavedViews(auth.tenantId, auth.userId, query.entity, page)
    : repo.listSharedSavedViews(auth.tenantId, query.entity, page);
}

export async function createSavedView(
  auth: Auth,
  input: {
    name: string;
    entity: SavedViewEntity;
    filters: Record<string, string | string[]>;
    shared: boolean;
  },
): Promise<SavedView> {
  const view: SavedView = {
    id: ulid(),
    entity: input.entity,
    name: input.name,
    filters: input.filters,
    shared: input.shared,
    ownerId: auth.userId,
    ownerName: auth.userName,
    createdAt: now().toISOString(),
  };
  await repo.createSavedView(auth.tenantId, view);
  return view;
}

export const deleteSavedView = (auth: Auth, id: string) =>
  repo.deleteOwnSavedView(auth.tenantId, auth.userId, id);
