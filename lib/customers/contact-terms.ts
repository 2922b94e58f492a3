import { phoneQuery } from '../phone.ts';
import { initialsOf, pinyinOf } from '../text.ts';

/**
 * Pure text rules of contacts: the order they are listed in and the terms `q=` finds them by.
 * Kept free of I/O and of the customers module, which builds contact items with them.
 */

export type ContactTermKind = 'name' | 'pinyin' | 'initials' | 'phone';

const MAX_TERM = 40;
const cut = (text: string) => [...text].slice(0, MAX_TERM).join('');
const hasChinese = (text: string) => /\p{Script=Han}/u.test(text);
/** Full-width to half-width, lower case, no spaces, punctuation or symbols. */
const squeeze = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');

/**
 * Where a contact sorts within its owner's contacts: by pinyin, so 安 comes before 张 and Latin
 * names mix in alphabetically (通讯录 order). Only letters and digits: it is key material.
 */
export function contactSortName(name: string): string {
  const letters = squeeze(pinyinOf(squeeze(name))).replace(/[^a-z0-9]/g, '');
  return cut(letters) || '~';
}

/** Everything a contact is found by: name, its pinyin and initials (Chinese names), E.164 phones. */
export function contactSearchTerms(contact: {
  name: string;
  mobile: string | null;
  phone: string | null;
}): Array<{ term: string; kinds: ContactTermKind[] }> {
  const terms = new Map<string, Set<ContactTermKind>>();
  const add = (raw: string, kind: ContactTermKind) => {
    const term = cut(raw);
    if (!term) return;
    terms.set(term, (terms.get(term) ?? new Set<ContactTermKind>()).add(kind));
  };
  const name = squeeze(contact.name);
  add(name, 'name');
  if (hasChinese(name)) {
    add(pinyinOf(name), 'pinyin');
    add(initialsOf(name), 'initials');
  }
  for (const phone of [contact.mobile, contact.phone]) if (phone) add(phone, 'phone');
  return [...terms.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([term, kinds]) => ({ term, kinds: [...kinds].sort() }));
}

/**
 * What `q=` looks for: the exact E.164 number when the query reads as a valid phone, else a prefix
 * of a name, pinyin or initials term. Null when nothing searchable is left.
 */
export function contactQuery(q: string): { prefix: string; exact: boolean } | null {
  const phone = phoneQuery(q);
  if (phone) return { prefix: phone, exact: true };
  const prefix = cut(squeeze(q));
  return prefix ? { prefix, exact: false } : null;
}
