import { hasChinese, initialsOf, pinyinOf } from '../text.ts';
import { type ContactTermKind, contactTermSet, sortKeyOf, squeeze } from './contact-terms.ts';
import { nameTexts, type TermKind, termSet } from './names.ts';

/**
 * The pinyin side of names (pinyin-pro): what the `name-search` stream consumer adds to what a
 * request stored (names.ts `searchTerms`, contact-terms.ts). Only the consumer imports this module.
 */

/** The pinyin and initials terms of a customer's name and core name (Chinese ones only). */
export function customerPinyinTerms(name: string): Array<{ term: string; kinds: TermKind[] }> {
  const terms = termSet<TermKind>();
  const { normalized, core } = nameTexts(name);
  for (const text of new Set([normalized, core])) {
    if (!hasChinese(text)) continue;
    terms.add(pinyinOf(text), 'pinyin');
    terms.add(initialsOf(text), 'initials');
  }
  return terms.list();
}

/** The pinyin and initials terms of a contact's Chinese name. */
export function contactPinyinTerms(name: string): Array<{ term: string; kinds: ContactTermKind[] }> {
  const squeezed = squeeze(name);
  if (!hasChinese(squeezed)) return [];
  const terms = contactTermSet();
  terms.add(pinyinOf(squeezed), 'pinyin');
  terms.add(initialsOf(squeezed), 'initials');
  return terms.list();
}

/** Where a contact sorts by its name's pinyin, so 安 comes before 张 and Latin names mix in alphabetically. */
export const contactSortName = (name: string): string => sortKeyOf(pinyinOf(squeeze(name)));
