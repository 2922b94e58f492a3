import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../db/batch.ts';
import { db, tableName } from '../db/client.ts';
import { allOf, atVersion, stripper, withCondition } from '../db/items.ts';
import {
  customFieldKey,
  customFieldKeyGuard,
  customFieldsPrefix,
  dictionaryItemKey,
  dictionaryPrefix,
  dictionaryRootKey,
  type Key,
  rolesPrefix,
  savedViewKey,
  savedViewsPrefix,
  settingsKey,
  sharedViewKeys,
  sharedViewsQuery,
} from '../db/keys.ts';
import { type Page, queryAll, queryPage } from '../db/query.ts';
import { commitSteps, isConditionFailed, type Step, type TransactItem, transact } from '../db/write.ts';
import { Conflict, NotFound, PreconditionFailed } from '../http/errors.ts';
import { labelKey, withTierDefaults } from './rules.ts';
import {
  CUSTOM_FIELD_ENTITIES,
  type CustomField,
  type CustomFieldEntity,
  type DictionaryItem,
  type DictionaryKind,
  SAVED_VIEW_ENTITIES,
  type SavedView,
  type SavedViewEntity,
  type Settings,
} from './schemas.ts';

/** Keys, index keys and `roleStamp` (the settings' guard on role creation) never reach a response. */
const strip = stripper(['roleStamp']);

// ---- settings ----------------------------------------------------------------------------------

export const settingsItem = (tenantId: string, settings: Settings) => ({
  ...settingsKey(tenantId),
  type: 'settings',
  ...settings,
});

/** The settings as stored: those of a tenant made before tiers existed hold none (`getTieredSettings`). */
export type StoredSettings = Omit<Settings, 'tiers'> & { tiers?: Settings['tiers'] | undefined };

export async function getSettings(tenantId: string, consistent = false): Promise<StoredSettings> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: settingsKey(tenantId), ConsistentRead: consistent }),
  );
  if (!out.Item) throw new NotFound('tenant');
  return strip<StoredSettings>(out.Item);
}

/**
 * The settings with the tiers' defaults where none are stored. Apart from `getSettings` so that the
 * functions that read no tier do not bundle the default playbook (seed 003's text, about 3 KB).
 */
export const getTieredSettings = async (tenantId: string, consistent = false): Promise<Settings> =>
  withTierDefaults(await getSettings(tenantId, consistent));

/** The tenant's time zone: from the caller's role when it carries it, else from the settings. */
export const tenantTimezone = async (auth: { tenantId: string; timezone?: string }): Promise<string> =>
  auth.timezone ?? (await getSettings(auth.tenantId)).timezone;

export interface SettingsChanges {
  top: Record<string, unknown>;
  reminders: Record<string, unknown>;
}

/** The settings update at `expected`; reminder fields are set one by one so the others keep their values. */
function settingsUpdate(tenantId: string, changes: SettingsChanges, expected: number, at: string) {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':one': 1, ':at': at };
  const sets = ['#version = #version + :one', '#updatedAt = :at'];
  for (const [field, value] of Object.entries(changes.top)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  if (Object.keys(changes.reminders).length > 0) names['#reminders'] = 'reminders';
  for (const [field, value] of Object.entries(changes.reminders)) {
    names[`#r_${field}`] = field;
    values[`:r_${field}`] = value;
    sets.push(`#reminders.#r_${field} = :r_${field}`);
  }
  return withCondition(
    {
      TableName: tableName(),
      Key: settingsKey(tenantId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    atVersion(expected),
  );
}

/** Writes the changed settings if the stored version is still `expected` (412 otherwise). */
export async function updateSettings(
  tenantId: string,
  changes: SettingsChanges,
  expected: number,
  at: string,
): Promise<Settings> {
  const update = settingsUpdate(tenantId, changes, expected, at);
  if (typeof changes.top.timezone === 'string') return changeTimezone(tenantId, update, changes.top.timezone);
  try {
    const out = await db().send(new UpdateCommand({ ...update, ReturnValues: 'ALL_NEW' }));
    return withTierDefaults(strip<Settings>(out.Attributes ?? {}));
  } catch (error) {
    if (isConditionFailed(error)) throw new PreconditionFailed();
    throw error;
  }
}

/** A role was created or deleted between listing the roles and writing them: list them again. */
class RolesChanged extends Error {}

/** Roles rewritten in the settings' own transaction (DynamoDB's limit is 100 items). */
const ROLES_IN_TRANSACTION = 99;

/**
 * Every role item carries the tenant's time zone (authentication reads it with the role, see
 * lib/org/repository.ts), so a change of time zone rewrites the roles in the settings' transaction.
 * The settings' `roleStamp` moves with every role created under the old zone: a stamp that moved
 * since the roles were listed cancels the transaction, and they are listed again.
 */
async function changeTimezone(
  tenantId: string,
  update: ReturnType<typeof settingsUpdate>,
  timezone: string,
): Promise<Settings> {
  let rest: Key[] = [];
  const steps = async (): Promise<Step[]> => {
    const roles = rolesPrefix(tenantId);
    const [stored, listed] = await Promise.all([
      db().send(new GetCommand({ TableName: tableName(), Key: settingsKey(tenantId), ConsistentRead: true })),
      queryAll<Record<string, unknown>>({
        tenantId,
        pk: roles.pk,
        sk: { beginsWith: roles.skPrefix },
        consistent: true,
      }),
    ]);
    const expected = update.ExpressionAttributeValues[':expected'];
    if (stored.Item?.version !== expected) throw new PreconditionFailed();
    const stamp = stored.Item?.roleStamp as number | undefined;
    const keys = listed.map((role) => ({ pk: role.pk as string, sk: role.sk as string }));
    rest = keys.slice(ROLES_IN_TRANSACTION);
    return [
      {
        item: {
          Update: {
            ...update,
            ConditionExpression: `${update.ConditionExpression} AND ${stamp === undefined ? 'attribute_not_exists(roleStamp)' : 'roleStamp = :stamp'}`,
            ExpressionAttributeValues: {
              ...update.ExpressionAttributeValues,
              ...(stamp === undefined ? {} : { ':stamp': stamp }),
            },
          },
        },
        fail: () => new RolesChanged(),
      },
      ...keys.slice(0, ROLES_IN_TRANSACTION).map((key) => ({
        item: roleTimezone(key, timezone),
        fail: () => new RolesChanged(),
      })),
    ];
  };
  await commitSteps([], {
    derive: steps,
    retryOn: (failure) => failure instanceof RolesChanged,
    exhausted: () => new Conflict('write_conflict', 'The roles changed at the same time; retry.'),
  });
  // A tenant with more roles than one transaction holds: the others follow at once (their users
  // may see the old zone's "today" for these few writes).
  for (const key of rest) await db().send(new UpdateCommand(roleTimezone(key, timezone).Update));
  return getTieredSettings(tenantId, true);
}

const roleTimezone = (key: Key, timezone: string) => ({
  Update: {
    TableName: tableName(),
    Key: key,
    UpdateExpression: 'SET tenantTimezone = :tz',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':tz': timezone },
  },
});

// ---- dictionaries ------------------------------------------------------------------------------

/**
 * Each item holds `childLabels` (normalized label -> id) of its children, and a per-kind root
 * record holds those of the top-level items: a new or renamed label must be absent from its
 * parent's map, a condition on the same write (no separate guard items, so a new tenant's few
 * hundred seeded items cost one write each). An item with an empty map has no children.
 */
export type ChildLabels = Record<string, string>;

export const dictionaryItem = (tenantId: string, item: DictionaryItem, childLabels: ChildLabels = {}) => ({
  ...dictionaryItemKey(tenantId, item.kind, item.id),
  type: 'dictionaryItem',
  ...item,
  childLabels,
});

export const dictionaryRoot = (tenantId: string, kind: DictionaryKind, childLabels: ChildLabels) => ({
  ...dictionaryRootKey(tenantId, kind),
  type: 'dictionaryRoot',
  kind,
  childLabels,
});

const siblingsKey = (tenantId: string, kind: DictionaryKind, parentId: string | null) =>
  parentId ? dictionaryItemKey(tenantId, kind, parentId) : dictionaryRootKey(tenantId, kind);

const toItem = (item: Record<string, unknown>): DictionaryItem => {
  const { childLabels: _labels, ...rest } = strip<Record<string, unknown>>(item);
  return rest as DictionaryItem;
};

/** A whole dictionary, in key order: one Query on the kind's partition. */
export async function listDictionary(tenantId: string, kind: DictionaryKind): Promise<DictionaryItem[]> {
  const { pk } = dictionaryPrefix(tenantId, kind);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk });
  return items.map(toItem);
}

export interface StoredDictionaryItem extends DictionaryItem {
  childLabels: ChildLabels;
}

export async function getDictionaryItem(
  tenantId: string,
  kind: DictionaryKind,
  id: string,
): Promise<StoredDictionaryItem | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: dictionaryItemKey(tenantId, kind, id),
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return undefined;
  return { ...toItem(out.Item), childLabels: (out.Item.childLabels ?? {}) as ChildLabels };
}

/** The labels below `parentId` (or at the top), as stored now; undefined when the parent is gone. */
export async function getSiblings(
  tenantId: string,
  kind: DictionaryKind,
  parentId: string | null,
): Promise<{ label: string; disabled: boolean; childLabels: ChildLabels } | undefined> {
  const out = await db().send(
    new GetCommand({
      TableName: tableName(),
      Key: siblingsKey(tenantId, kind, parentId),
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return parentId ? undefined : { label: kind, disabled: false, childLabels: {} };
  return {
    label: String(out.Item.label ?? kind),
    disabled: out.Item.disabled === true,
    childLabels: (out.Item.childLabels ?? {}) as ChildLabels,
  };
}

/**
 * Creates a kind's root record if it is missing (a kind added after the tenant was seeded), so
 * that its label map can take a nested SET.
 */
export async function ensureDictionaryRoot(tenantId: string, kind: DictionaryKind): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: dictionaryRootKey(tenantId, kind),
      UpdateExpression: 'SET #labels = if_not_exists(#labels, :empty), #type = :type, #kind = :kind',
      ExpressionAttributeNames: { '#labels': 'childLabels', '#type': 'type', '#kind': 'kind' },
      ExpressionAttributeValues: { ':empty': {}, ':type': 'dictionaryRoot', ':kind': kind },
    }),
  );
}

/** Items by (kind, id) in one BatchGet round trip per 100 keys; unknown ones are simply absent. */
export async function getDictionaryItems(
  tenantId: string,
  refs: { kind: DictionaryKind; id: string }[],
): Promise<Map<string, DictionaryItem>> {
  const keys = new Map<string, Key>();
  for (const ref of refs) keys.set(`${ref.kind}#${ref.id}`, dictionaryItemKey(tenantId, ref.kind, ref.id));
  const found = new Map<string, DictionaryItem>();
  for (const item of await batchGet([...keys.values()])) {
    const parsed = toItem(item);
    found.set(`${parsed.kind}#${parsed.id}`, parsed);
  }
  return found;
}

function parentIs(names: Record<string, string>, values: Record<string, unknown>, parentId: string | null) {
  names['#parent'] = 'parentId';
  if (parentId === null) {
    values[':nullType'] = 'NULL';
    return 'attribute_type(#parent, :nullType)';
  }
  values[':parent'] = parentId;
  return '#parent = :parent';
}

interface SiblingsOp {
  /** A label that joins: it must be new among the siblings, and the parent enabled. */
  add?: { label: string; id: string };
  /** A label that leaves. */
  remove?: string;
  /** For ancestors of a new parent: where they must still hang (closes the race of two moves). */
  expectParent?: string | null;
}

/** One write (or check) on the record holding a sibling group's labels: a parent item or the root. */
function siblingsOp(
  tenantId: string,
  kind: DictionaryKind,
  parentId: string | null,
  op: SiblingsOp,
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions: string[] = [];
  const sets: string[] = [];
  const removes: string[] = [];
  if (parentId) conditions.push('attribute_exists(pk)');
  if (op.add || op.remove) names['#labels'] = 'childLabels';
  if (op.add) {
    names['#add'] = labelKey(op.add.label);
    values[':id'] = op.add.id;
    sets.push('#labels.#add = :id');
    conditions.push('attribute_not_exists(#labels.#add)');
    if (parentId) {
      names['#disabled'] = 'disabled';
      values[':false'] = false;
      conditions.push('#disabled = :false');
    }
  }
  if (op.remove !== undefined) {
    names['#remove'] = labelKey(op.remove);
    removes.push('#labels.#remove');
  }
  if (op.expectParent !== undefined) conditions.push(parentIs(names, values, op.expectParent));
  const Key = siblingsKey(tenantId, kind, parentId);
  const ConditionExpression = conditions.join(' AND ');
  const attributes = {
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
  if (sets.length === 0 && removes.length === 0) {
    return { ConditionCheck: { TableName: tableName(), Key, ConditionExpression, ...attributes } };
  }
  const clauses = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ];
  return {
    Update: {
      TableName: tableName(),
      Key,
      UpdateExpression: clauses.filter(Boolean).join(' '),
      ...(ConditionExpression ? { ConditionExpression } : {}),
      ...attributes,
    },
  };
}

/**
 * What a failed transaction item guarded: the item's own version, the sibling group that takes
 * the label (the parent may be gone or disabled, or the label taken), or the rest of the tree.
 */
export type DictionaryFailure = 'item' | 'siblings' | 'tree';

const cancelled =
  (failures: DictionaryFailure[], toError: (f: DictionaryFailure) => Error) => (index: number) =>
    toError(failures[index] ?? 'tree');

/** A new item, its label joining its siblings' (which also proves the parent exists and is enabled). */
export async function createDictionaryItem(
  tenantId: string,
  item: DictionaryItem,
  toError: (f: DictionaryFailure) => Error,
): Promise<void> {
  await transact(
    [
      {
        Put: {
          TableName: tableName(),
          Item: dictionaryItem(tenantId, item),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      siblingsOp(tenantId, item.kind, item.parentId, { add: { label: item.label, id: item.id } }),
    ],
    cancelled(['item', 'siblings'], toError),
  );
}

export interface DictionaryMove {
  /** The new parent's ancestors as read, the new parent first: each must still hang where it did. */
  chain: { id: string; parentId: string | null }[];
}

/**
 * Writes `next` over `before` at `before.version`. A new label or parent moves the label between
 * sibling groups; a re-parent also checks that the new parent's ancestry is unchanged, so two
 * concurrent moves cannot close a cycle.
 */
export async function updateDictionaryItem(
  tenantId: string,
  before: DictionaryItem,
  next: DictionaryItem,
  move: DictionaryMove | undefined,
  toError: (f: DictionaryFailure) => Error,
): Promise<void> {
  const items: TransactItem[] = [
    {
      Update: withCondition(
        {
          TableName: tableName(),
          Key: dictionaryItemKey(tenantId, before.kind, before.id),
          UpdateExpression:
            'SET #label = :label, #parent = :parent, #order = :order, #disabled = :disabled, #version = :next',
          ExpressionAttributeNames: {
            '#label': 'label',
            '#parent': 'parentId',
            '#order': 'order',
            '#disabled': 'disabled',
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ':label': next.label,
            ':parent': next.parentId,
            ':order': next.order,
            ':disabled': next.disabled,
            ':next': next.version,
          },
        },
        atVersion(before.version),
      ),
    },
  ];
  const failures: DictionaryFailure[] = ['item'];
  const relabel = labelKey(before.label) !== labelKey(next.label);
  const reparent = before.parentId !== next.parentId;
  // One operation per record in a transaction: gather what each sibling group needs first.
  const ops = new Map<string | null, SiblingsOp>();
  if (reparent) {
    ops.set(before.parentId, { remove: before.label });
    ops.set(next.parentId, { add: { label: next.label, id: next.id } });
    for (const node of move?.chain ?? [])
      ops.set(node.id, { ...ops.get(node.id), expectParent: node.parentId });
  } else if (relabel) {
    ops.set(next.parentId, { add: { label: next.label, id: next.id }, remove: before.label });
  }
  for (const [parentId, op] of ops) {
    items.push(siblingsOp(tenantId, before.kind, parentId, op));
    failures.push(op.add ? 'siblings' : 'tree');
  }
  await transact(items, cancelled(failures, toError));
}

/**
 * Deletes an item without children, at the version read, and frees its label. Records that
 * reference the id keep it (their label then resolves to nothing).
 */
export async function deleteDictionaryItem(
  tenantId: string,
  item: DictionaryItem,
  toError: (f: DictionaryFailure) => Error,
): Promise<void> {
  await transact(
    [
      {
        Delete: withCondition(
          { TableName: tableName(), Key: dictionaryItemKey(tenantId, item.kind, item.id) },
          allOf(atVersion(item.version), {
            expression: 'attribute_not_exists(#labels) OR size(#labels) = :zero',
            names: { '#labels': 'childLabels' },
            values: { ':zero': 0 },
          }),
        ),
      },
      siblingsOp(tenantId, item.kind, item.parentId, { remove: item.label }),
    ],
    cancelled(['item', 'tree'], toError),
  );
}

// ---- custom fields -----------------------------------------------------------------------------

// `type` names what an item is across the table, so the field's own type is stored as `fieldType`.
const customFieldItem = (tenantId: string, { type, ...field }: CustomField) => ({
  ...customFieldKey(tenantId, field.entity, field.id),
  ...field,
  type: 'customField',
  fieldType: type,
});

const toCustomField = (item: Record<string, unknown>): CustomField => {
  const { fieldType, ...rest } = strip<Record<string, unknown>>(item);
  return { ...rest, type: fieldType } as CustomField;
};

/** Every definition of an entity: one Query on its partition. */
export async function listCustomFields(tenantId: string, entity: CustomFieldEntity): Promise<CustomField[]> {
  const { pk } = customFieldsPrefix(tenantId, entity);
  const items = await queryAll<Record<string, unknown>>({ tenantId, pk });
  return items.map(toCustomField);
}

/** A definition by id alone: the path does not name the entity, so one BatchGet asks every entity. */
export async function getCustomField(tenantId: string, id: string): Promise<CustomField | undefined> {
  const found = await batchGet(CUSTOM_FIELD_ENTITIES.map((entity) => customFieldKey(tenantId, entity, id)));
  return found[0] ? toCustomField(found[0]) : undefined;
}

/** The definition and its key guard together: a second field with the same key is 409. */
export async function createCustomField(tenantId: string, field: CustomField): Promise<void> {
  await transact(
    [
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...customFieldKeyGuard(tenantId, field.entity, field.key),
            type: 'customFieldKey',
            fieldId: field.id,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: customFieldItem(tenantId, field),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    (failed) =>
      failed === 0
        ? new Conflict(
            'duplicate_key',
            `A ${field.entity} field with the key "${field.key}" exists already.`,
            {
              key: field.key,
            },
          )
        : new Conflict('custom_field_exists', 'The custom field exists already.'),
  );
}

export async function replaceCustomField(
  tenantId: string,
  field: CustomField,
  expected: number,
): Promise<void> {
  try {
    await db().send(
      new PutCommand(
        withCondition(
          { TableName: tableName(), Item: customFieldItem(tenantId, field) },
          atVersion(expected),
        ),
      ),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw new PreconditionFailed();
    throw error;
  }
}

/** Deletes the definition and frees its key. Values stored under the key stay on the records. */
export async function deleteCustomField(tenantId: string, field: CustomField): Promise<void> {
  await transact(
    [
      {
        Delete: {
          TableName: tableName(),
          Key: customFieldKey(tenantId, field.entity, field.id),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      {
        Delete: {
          TableName: tableName(),
          Key: customFieldKeyGuard(tenantId, field.entity, field.key),
          ConditionExpression: 'fieldId = :id',
          ExpressionAttributeValues: { ':id': field.id },
        },
      },
    ],
    () => new NotFound('custom field'),
  );
}

// ---- saved views -------------------------------------------------------------------------------

const savedViewItem = (tenantId: string, view: SavedView) => ({
  ...savedViewKey(tenantId, view.ownerId, view.entity, view.id),
  type: 'savedView',
  ...view,
  ...(view.shared ? sharedViewKeys(tenantId, view.entity, view.id) : {}),
});

export async function createSavedView(tenantId: string, view: SavedView): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: savedViewItem(tenantId, view),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The caller's own views of an entity: one Query on their partition. */
export async function listOwnSavedViews(
  tenantId: string,
  userId: string,
  entity: SavedViewEntity,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<SavedView>> {
  const { pk, skPrefix } = savedViewsPrefix(tenantId, userId, entity);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    pk,
    sk: { beginsWith: skPrefix },
    ...page,
    fingerprint: `views:mine:${userId}:${entity}`,
  });
  return { items: result.items.map((item) => strip<SavedView>(item)), nextCursor: result.nextCursor };
}

/** Views anyone in the tenant shared: one Query on the sparse `sharedViews` index. */
export async function listSharedSavedViews(
  tenantId: string,
  entity: SavedViewEntity,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<SavedView>> {
  const { pk } = sharedViewsQuery(tenantId, entity);
  const result = await queryPage<Record<string, unknown>>({
    tenantId,
    index: 'sharedViews',
    pk,
    ...page,
    fingerprint: `views:shared:${entity}`,
  });
  return { items: result.items.map((item) => strip<SavedView>(item)), nextCursor: result.nextCursor };
}

/**
 * Deletes one of the caller's views. The path carries no entity, so each entity's key is tried;
 * a view of someone else is simply not in the caller's partition: 404.
 */
export async function deleteOwnSavedView(tenantId: string, userId: string, id: string): Promise<void> {
  for (const entity of SAVED_VIEW_ENTITIES) {
    try {
      await db().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: savedViewKey(tenantId, userId, entity, id),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
  throw new NotFound('saved view');
}
