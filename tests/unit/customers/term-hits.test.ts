import { describe, expect, it } from 'vitest';
import { returnsAt } from '#lib/customers/term-hits.ts';

const prefix = (p: string) => (term: string) => term.startsWith(p);
const own = [
  { term: 'abc科技', kinds: ['core', 'name'] },
  { term: '+8613800138000', kinds: ['phone'] },
];
const indexed = ['abckeji', 'abckj'];

describe('which hit of a search returns its subject', () => {
  it('returns at the first matching indexed pinyin term, once', () => {
    const hits = ['abckeji', 'abckj'].map((term) => returnsAt({ term, indexed }, own, prefix('abck')));

    expect(hits).toEqual([true, false]);
  });

  it('passes an own term whose leading letters the indexed pinyin shares', () => {
    expect(returnsAt({ term: 'abc科技' }, own, prefix('abc'))).toBe(false);
    expect(returnsAt({ term: 'abckeji', indexed }, own, prefix('abc'))).toBe(true);
  });

  it('returns at an own term the pinyin cannot match', () => {
    expect(returnsAt({ term: 'abc科技' }, own, prefix('abc科'))).toBe(true);
    expect(returnsAt({ term: '+8613800138000' }, own, (t) => t === '+8613800138000')).toBe(true);
  });

  it('reads a record stored with its pinyin among its own terms as before: the first own match', () => {
    const legacy = [
      { term: 'huawei', kinds: ['pinyin'] },
      { term: 'hw', kinds: ['initials'] },
      { term: '华为', kinds: ['core', 'name'] },
    ];

    expect(returnsAt({ term: 'huawei' }, legacy, prefix('h'))).toBe(true);
    expect(returnsAt({ term: 'hw' }, legacy, prefix('h'))).toBe(false);
  });
});
