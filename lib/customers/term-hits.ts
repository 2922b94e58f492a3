/**
 * Which hit of a `q=` search returns its customer or contact: one found by several terms is
 * returned once, at its first matching term, in the order the terms are read (sorted).
 *
 * A request stores a name's own terms, kept on the record; the `name-search` consumer indexes the
 * pinyin and initials of Chinese names beside them, and each of those terms carries the others
 * (`indexed`). The pinyin of a text begins with the text's leading letters and digits ("abc科技" is
 * "abckeji"), so a query within them matches both: the pinyin, read first, returns the subject
 * and the own term passes. Pure: the dictionary stays with the consumer.
 */

export interface TermHit {
  term: string;
  /** On a term the consumer indexed: every term it indexed for the same subject. */
  indexed?: string[];
}

const HAN = /\p{Script=Han}/u;
const PINYIN_KINDS = new Set(['pinyin', 'initials']);

/** The letters and digits before the first Chinese character. */
const leading = (term: string) => term.slice(0, term.search(HAN));

export function returnsAt(
  hit: TermHit,
  own: ReadonlyArray<{ term: string; kinds: readonly string[] }>,
  matches: (term: string) => boolean,
): boolean {
  if (hit.indexed) return hit.indexed.filter(matches).sort()[0] === hit.term;
  if (own.find((t) => matches(t.term))?.term !== hit.term) return false;
  // A record stored with its pinyin among its own terms (before the consumer) has nothing indexed.
  if (own.some((t) => t.kinds.some((kind) => PINYIN_KINDS.has(kind)))) return true;
  return !own.some((t) => HAN.test(t.term) && matches(leading(t.term)));
}
