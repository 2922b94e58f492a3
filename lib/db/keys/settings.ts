/** Settings and dictionaries (lib/settings): settings, dictionaries, custom fields, saved views. */

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

export const settingsKey = (tenantId: string): Key => ({ pk: t(tenantId), sk: 'SETTINGS' });

export const dictionaryItemKey = (tenantId: string, kind: string, itemId: string): Key => ({
  pk: `${t(tenantId)}${SEP}DICT${SEP}${kind}`,
  sk: itemId,
});
export const dictionaryPrefix = (tenantId: string, kind: string) => ({
  pk: `${t(tenantId)}${SEP}DICT${SEP}${kind}`,
});

/**
 * Per kind, the labels of the top-level items (`childLabels`: normalized label -> id), as every item
 * holds those of its children: labels are unique among siblings by a condition on that map.
 */
export const dictionaryRootKey = (tenantId: string, kind: string): Key => ({
  pk: `${t(tenantId)}${SEP}DICTROOT`,
  sk: kind,
});

/** Custom field definitions of one entity: one Query loads them all. */
export const customFieldKey = (tenantId: string, entity: string, fieldId: string): Key => ({
  pk: `${t(tenantId)}${SEP}CFIELD${SEP}${entity}`,
  sk: fieldId,
});
export const customFieldsPrefix = (tenantId: string, entity: string) => ({
  pk: `${t(tenantId)}${SEP}CFIELD${SEP}${entity}`,
});
/** Guard item that makes a custom field's `key` unique per entity (conditional put). */
export const customFieldKeyGuard = (tenantId: string, entity: string, fieldKey: string): Key => ({
  pk: `${t(tenantId)}${SEP}CFKEY${SEP}${entity}`,
  sk: fieldKey,
});

/** A user's saved list filters (查询策略): one partition per user, sorted by entity then id. */
export const savedViewKey = (tenantId: string, userId: string, entity: string, viewId: string): Key => ({
  pk: `${t(tenantId)}${SEP}VIEW${SEP}${userId}`,
  sk: `${entity}${SEP}${viewId}`,
});
export const savedViewsPrefix = (tenantId: string, userId: string, entity: string) => ({
  pk: `${t(tenantId)}${SEP}VIEW${SEP}${userId}`,
  skPrefix: `${entity}${SEP}`,
});
/** Only shared views carry these attributes: they are what the `sharedViews` index lists. */
export const sharedViewKeys = (tenantId: string, entity: string, viewId: string) => ({
  sharedViewsPk: `${t(tenantId)}${SEP}SVIEW${SEP}${entity}`,
  sharedViewsSk: viewId,
});
export const sharedViewsQuery = (tenantId: string, entity: string) => ({
  pk: `${t(tenantId)}${SEP}SVIEW${SEP}${entity}`,
});
