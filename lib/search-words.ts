/**
 * The words a name, phone or e-mail is found by without pinyin: each part trimmed and lower-cased.
 * What a request stores; the pinyin of Chinese names (lib/text.ts, a 300 KB dictionary) is added
 * by the stream consumers that index names, so no HTTP function carries the dictionary.
 */
export const searchWords = (...parts: (string | null | undefined)[]): string[] =>
  parts.flatMap((part) => (part ? [part.trim().toLowerCase()] : []));

export const plainSearchText = (...parts: (string | null | undefined)[]) => searchWords(...parts).join(' ');
