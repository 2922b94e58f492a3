/**
 * Dictionary references (辅助资料), for the contexts whose records point at dictionary items:
 * customers check `regionId`, `levelId` ... with `assertDictionaryItems`; exports and analytics
 * turn ids into labels with `getDictionaryLabels`.
 */
import type { FieldError } from '../http/errors.ts';
import { BadRequest } from '../http/errors.ts';
import { getDictionaryItems, listDictionary } from './repository.ts';
import type { DictionaryKind } from './schemas.ts';

export interface DictionaryRef {
  /** Where the id came from, reported back on error: `body.regionId`, `rows.3.levelId`. */
  path: string;
  kind: DictionaryKind;
  id: string;
}

/**
 * Throws BadRequest (one error per bad path: `unknown_dictionary_item` or
 * `disabled_dictionary_item`) unless every id names an enabled item of its kind in the tenant.
 * One BatchGet round trip (per 100 distinct ids). Pass only the references being set: a record
 * may keep an item that was disabled after it was chosen.
 */
export async function assertDictionaryItems(tenantId: string, refs: Array<DictionaryRef>): Promise<void> {
  if (refs.length === 0) return;
  const found = await getDictionaryItems(tenantId, refs);
  const errors: FieldError[] = [];
  for (const ref of refs) {
    const item = found.get(`${ref.kind}#${ref.id}`);
    if (!item) {
      errors.push({
        path: ref.path,
        code: 'unknown_dictionary_item',
        message: `No ${ref.kind} item has this id`,
      });
    } else if (item.disabled) {
      errors.push({
        path: ref.path,
        code: 'disabled_dictionary_item',
        message: `The ${ref.kind} item "${item.label}" is disabled`,
      });
    }
  }
  if (errors.length > 0) throw new BadRequest('Some dictionary references are invalid.', errors);
}

/**
 * Labels of the given items (disabled ones included), keyed by id; ids that no longer exist are
 * absent. One BatchGet round trip per 100 distinct ids.
 */
export async function getDictionaryLabels(
  tenantId: string,
  refs: Array<{ kind: DictionaryKind; id: string }>,
): Promise<Map<string, string>> {
  const found = await getDictionaryItems(tenantId, refs);
  return new Map([...found.values()].map((item) => [item.id, item.label]));
}

/** Every label of one dictionary, keyed by id (one Query): for reports that group by a dictionary. */
export async function dictionaryLabels(tenantId: string, kind: DictionaryKind): Promise<Map<string, string>> {
  const items = await listDictionary(tenantId, kind);
  return new Map(items.map((item) => [item.id, item.label]));
}
