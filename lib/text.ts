import { pinyin } from 'pinyin-pro';
import { searchWords } from './search-words.ts';

/**
 * Pinyin of Chinese text (pinyin-pro, about 300 KB of dictionary, kept for its word-level readings:
 * 银行 is yinhang, 重庆 chongqing). Imported only by the stream consumers that index names
 * (`name-search`, `user-search` in lib/jobs.ts) and by the bench's seeding: a request stores a
 * name's own terms, the consumer adds its pinyin and initials moments later.
 */

/** Full pinyin without tones, lower case; other characters kept as they are ("张三abc" is "zhangsanabc"). */
export const pinyinOf = (text: string) =>
  pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase();

/** The initials of the pinyin ("张三" is "zs"), other characters kept as they are. */
export const initialsOf = (text: string) =>
  pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase();

export const hasChinese = (text: string) => /\p{Script=Han}/u.test(text);

/**
 * Lowercased search text for a Chinese name: each word (lib/search-words.ts) followed, when it has
 * Chinese, by its full pinyin and its initials, so "张三", "zhangsan" and "zs" all find 张三.
 */
export const searchText = (...parts: (string | null | undefined)[]): string =>
  searchWords(...parts)
    .flatMap((word) =>
      hasChinese(word)
        ? [
            word,
            pinyin(word, { toneType: 'none', type: 'array' }).join(''),
            pinyin(word, { pattern: 'first', toneType: 'none', type: 'array' }).join(''),
          ]
        : [word],
    )
    .join(' ');
