import { pinyin } from 'pinyin-pro';

/**
 * Pinyin of Chinese text (pinyin-pro, about 450 KB of dictionary): imported only by the modules that
 * compute search terms, which only the use cases that set a name call (create, update, import,
 * merge, users). Other saves reuse the terms stored on the record.
 */

/** Full pinyin without tones, lower case; other characters kept as they are ("张三abc" is "zhangsanabc"). */
export const pinyinOf = (text: string) =>
  pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase();

/** The initials of the pinyin ("张三" is "zs"), other characters kept as they are. */
export const initialsOf = (text: string) =>
  pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase();

/**
 * Lowercased search text for a Chinese name: the name itself, its full pinyin and its initials, so
 * "张三", "zhangsan" and "zs" all find 张三.
 */
export function searchText(...parts: (string | null | undefined)[]): string {
  const words: string[] = [];
  for (const part of parts) {
    if (!part) continue;
    const text = part.trim().toLowerCase();
    words.push(text);
    if (/[\u4e00-\u9fff]/.test(text)) {
      words.push(pinyin(text, { toneType: 'none', type: 'array' }).join(''));
      words.push(pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }).join(''));
    }
  }
  return words.join(' ');
}
