import { phoneQuery } from '../phone.ts';

/**
 * Pure text rules of contacts: the order they are listed in and the terms `q=` finds them by.
 * Kept free of I/O and of the customers module, which builds contact items with them.
 */

export type ContactTermKind = 'name' | 'pinyin' | 'initials' | 'phone';

const MAX_TERM = 40;
const cut = (text: string) => [...text].slice(0, MAX_TERM).join('');
export const hasChinese = (text: string) => /\p{Script=Han}/u.test(text);
/** Full-width to half-width, lower case, no spaces, punctuation or symbols. */
export const squeeze = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');

/** Key material: only letters and digits, cut. */
export const sortKeyOf = (text: string) => cut(squeeze(text).replace(/[^a-z0-9]/g, '')) || '~';

/**
 * Where a contact sorts within its owner's contacts from the moment it is saved: exact for names
 * without Chinese (Latin names sort alphabetically, 通讯录 order); a Chinese name sorts last ("~")
 * until the `name-search` stream consumer (lib/customers/name-index.ts) sets its pinyin, so 安
 * comes before 张 without the 300 KB dictionary in every request.
 */
export const initialSortName = (name: string): string => (hasChinese(name) ? '~' : sortKeyOf(name));

/**
 * What a contact is found by from the moment it is saved: its name and E.164 phones. The pinyin
 * and initials of a Chinese name are indexed by the same consumer.
 */
export function contactSearchTerms(contact: {
  name: string;
  mobile: string | null;
  phone: string | null;
}): Array<{ term: string; kinds: ContactTermKind[] }> {
  const terms = contactTermSet();
  terms.add(squeeze(contact.name), 'name');
  for (const phone of [contact.mobile, contact.phone]) if (phone) terms.add(phone, 'phone');
  return terms.list();
}

/** Contact terms with the kinds each stands for, cut, sorted and distinct. */
export function contactTermSet() {
  const terms = new Map<string, Set<ContactTermKind>>();
  return {
    add(raw: string, kind: ContactTermKind) {
      const term = cut(raw);
      if (term) terms.set(term, (terms.get(term) ?? new Set<ContactTermKind>()).add(kind));
    },
    list: (): Array<{ term: string; kinds: ContactTermKind[] }> =>
      [...terms.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([term, kinds]) => ({ term, kinds: [...kinds].sort() })),
  };
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
