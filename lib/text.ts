import { pinyin } from 'pinyin-pro';

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
