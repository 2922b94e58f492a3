// Attachments (lib/files): metadata items, their references and the tenant's storage quota.

import { SEP, t } from './parts.ts';
import type { Key } from './table.ts';

/*
 * An attachment lives in its target's partition, so a target's documents (相关文档) are one Query:
 *   T#t#ATTS#<kind>#<targetId>   <attachmentId>     the attachment (pending with a TTL, then ready)
 * Paths name an attachment without its target, so a small reference item names it:
 *   T#t#ATT#<attachmentId>       REF                kind and target id (TTL'd with a pending upload)
 * The tenant's storage use, the counter the quota is enforced on (conditional updates):
 *   T#t#FILES                    QUOTA              fileCount, bytes (and the limits when not default)
 * Objects in the bucket are keyed `<tenantId>/<attachmentId>/<file name>`: the tenant first.
 */

export const attachmentKey = (tenantId: string, kind: string, targetId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}ATTS${SEP}${kind}${SEP}${targetId}`,
  sk: id,
});

/** A target's attachments, oldest first under an ascending Query (ids are ULIDs). */
export const attachmentsOf = (tenantId: string, kind: string, targetId: string) => ({
  pk: `${t(tenantId)}${SEP}ATTS${SEP}${kind}${SEP}${targetId}`,
});

export const attachmentRefKey = (tenantId: string, id: string): Key => ({
  pk: `${t(tenantId)}${SEP}ATT${SEP}${id}`,
  sk: 'REF',
});

export const storageQuotaKey = (tenantId: string): Key => ({ pk: `${t(tenantId)}${SEP}FILES`, sk: 'QUOTA' });

/** The object key of an attachment: the tenant first, then the id, then a file name safe in a URL path. */
export const attachmentObjectKey = (tenantId: string, id: string, fileName: string) =>
  `${tenantId}/${id}/${fileName}`;
