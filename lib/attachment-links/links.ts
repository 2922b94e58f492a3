import { batchGet } from '../db/batch.ts';
import { attachmentKey, attachmentRefKey } from '../db/keys.ts';
import { deleteStep, NEW_ITEM, putStep, type Step } from '../db/write.ts';
import { BadRequest, Conflict, type FieldError } from '../http/errors.ts';

/**
 * Attaching uploads to a record made after them (a check-in's photos): the port between a context
 * that makes records (lib/field) and lib/files, which resolves an attachment's target through those
 * contexts and so cannot be imported by them (a cycle). It depends on nothing but the table: it reads
 * the attachments lib/files stored and moves them, in the record's own transaction, to the record's
 * partition of attachments, whereafter whoever sees the record sees them (lib/files/targets.ts).
 */

/** What a record shows of an attachment it holds. */
export interface LinkedAttachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface Linkable {
  summary: LinkedAttachment;
  /** The stored attachment and its reference, as read. */
  item: Record<string, unknown>;
  ref: Record<string, unknown>;
}

/**
 * The caller's ready uploads behind `ids`, to be attached to a new record of `kind`; a 400 naming
 * each id that is unknown (or another tenant's: its keys start with the caller's tenant, so it is not
 * found), not confirmed yet, someone else's upload, or already attached to a record of that kind.
 */
export async function linkable(
  tenantId: string,
  uploaderId: string,
  ids: readonly string[],
  kind: string,
  path: string,
): Promise<Linkable[]> {
  if (!ids.length) return [];
  // The write's conditions, not these reads, hold the invariants (one record per attachment).
  const refs = await batchGet(ids.map((id) => attachmentRefKey(tenantId, id)));
  const refOf = new Map(refs.map((r) => [r.id as string, r]));
  const targetOf = (id: string) => refOf.get(id)?.target as { kind: string; id: string } | undefined;
  const items = await batchGet(
    ids.flatMap((id) => {
      const target = targetOf(id);
      return target ? [attachmentKey(tenantId, target.kind, target.id, id)] : [];
    }),
  );
  const itemOf = new Map(items.map((i) => [i.id as string, i]));
  const errors: FieldError[] = [];
  const found: Linkable[] = [];
  const problemOf = (item: Record<string, unknown> | undefined, id: string): [string, string] | undefined => {
    if (!item) return ['unknown_attachment', 'No attachment has this id.'];
    if (item.uploadedBy !== uploaderId) return ['not_your_attachment', 'Only your own uploads.'];
    if (item.state !== 'ready') return ['attachment_not_ready', 'Confirm the upload first.'];
    if (targetOf(id)?.kind === kind) return ['attachment_taken', `It is on another ${kind} already.`];
    return undefined;
  };
  for (const [i, id] of ids.entries()) {
    const item = itemOf.get(id);
    const problem = problemOf(item, id);
    if (problem) errors.push({ path: `${path}.${i}`, code: problem[0], message: problem[1] });
    else if (item)
      found.push({
        item,
        ref: refOf.get(id) as Record<string, unknown>,
        summary: {
          id,
          fileName: item.fileName as string,
          contentType: item.contentType as string,
          size: item.size as number,
        },
      });
  }
  if (errors.length) throw new BadRequest('Some attachments cannot be attached.', errors);
  return found;
}

const taken = () => new Conflict('attachment_taken', 'An attachment changed or was taken meanwhile; retry.');

/**
 * Moves each attachment to the record `{ kind, id }`, for the record's transaction: its item into the
 * record's partition (the old one deleted only while it is still the ready upload read, so two records
 * racing for one photo get it once) and its reference naming the record.
 */
export function linkSteps(tenantId: string, found: Linkable[], to: { kind: string; id: string }): Step[] {
  return found.flatMap(({ item, ref }) => {
    const id = item.id as string;
    const from = ref.target as { kind: string; id: string };
    return [
      putStep({ ...item, ...attachmentKey(tenantId, to.kind, to.id, id), target: to }, taken, NEW_ITEM),
      deleteStep(attachmentKey(tenantId, from.kind, from.id, id), taken, {
        expression: '#state = :ready AND uploadedBy = :by',
        names: { '#state': 'state' },
        values: { ':ready': 'ready', ':by': item.uploadedBy },
      }),
      putStep({ ...ref, target: to }, taken, {
        expression: 'attribute_exists(pk) AND #target.#kind = :kind AND #target.#id = :id',
        names: { '#target': 'target', '#kind': 'kind', '#id': 'id' },
        values: { ':kind': from.kind, ':id': from.id },
      }),
    ];
  });
}
