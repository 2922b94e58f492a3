import { describe, expect, it } from 'vitest';
import { Id } from '#lib/schemas.ts';
import { DEFAULT_DICTIONARIES } from '#lib/settings/defaults.ts';
import {
  ancestry,
  defaultDictionaryItems,
  fitsDepth,
  labelKey,
  MAX_TREE_DEPTH,
  nextOrder,
  seedIdFactory,
  sortItems,
  subtreeHeight,
  wouldCycle,
} from '#lib/settings/rules.ts';

// 广东省 > 深圳市 > 南山区 ; 江苏省
const tree = [
  { id: 'gd', parentId: null },
  { id: 'sz', parentId: 'gd' },
  { id: 'ns', parentId: 'sz' },
  { id: 'js', parentId: null },
];
const byId = new Map(tree.map((n) => [n.id, n]));

describe('wouldCycle', () => {
  it('refuses moving an item below itself', () => {
    expect(wouldCycle(byId, 'sz', 'sz')).toBe(true);
  });

  it('refuses moving an item below its child or grandchild', () => {
    expect(wouldCycle(byId, 'gd', 'sz')).toBe(true);
    expect(wouldCycle(byId, 'gd', 'ns')).toBe(true);
  });

  it('allows moving an item below a sibling, a cousin or an ancestor', () => {
    expect(wouldCycle(byId, 'sz', 'js')).toBe(false);
    expect(wouldCycle(byId, 'ns', 'gd')).toBe(false);
    expect(wouldCycle(byId, 'js', 'ns')).toBe(false);
  });

  it('terminates on a corrupt tree that already loops', () => {
    const loop = new Map([
      ['a', { id: 'a', parentId: 'b' }],
      ['b', { id: 'b', parentId: 'a' }],
    ]);
    expect(wouldCycle(loop, 'c', 'a')).toBe(false);
    expect(ancestry(loop, 'a').map((n) => n.id)).toEqual(['a', 'b']);
  });
});

describe('ancestry', () => {
  it('walks from an item up to its root, the item first', () => {
    expect(ancestry(byId, 'ns').map((n) => n.id)).toEqual(['ns', 'sz', 'gd']);
  });

  it('is empty for an unknown id', () => {
    expect(ancestry(byId, 'nope')).toEqual([]);
  });
});

describe('tree depth', () => {
  it('measures the height of a subtree', () => {
    expect(subtreeHeight(tree, 'gd')).toBe(3);
    expect(subtreeHeight(tree, 'ns')).toBe(1);
  });

  it('lets a new item go below a parent only while the tree stays within the limit', () => {
    const chain = Array.from({ length: MAX_TREE_DEPTH }, (_, i) => ({
      id: `n${i}`,
      parentId: i === 0 ? null : `n${i - 1}`,
    }));
    expect(fitsDepth(chain, `n${MAX_TREE_DEPTH - 2}`)).toBe(true);
    expect(fitsDepth(chain, `n${MAX_TREE_DEPTH - 1}`)).toBe(false);
  });

  it('counts the levels a moved item brings with it', () => {
    const deep = [
      ...tree,
      { id: 'a', parentId: null },
      { id: 'b', parentId: 'a' },
      { id: 'c', parentId: 'b' },
    ];
    // 广东省 (3 levels) below c (3 levels deep) would make 6.
    expect(fitsDepth(deep, 'c', 'gd')).toBe(false);
    expect(fitsDepth(deep, 'a', 'gd')).toBe(true);
  });
});

describe('ordering', () => {
  it('puts a new item after the last of its siblings only', () => {
    const items = [
      { parentId: null, order: 10 },
      { parentId: null, order: 30 },
      { parentId: 'gd', order: 90 },
    ];
    expect(nextOrder(items, null)).toBe(40);
    expect(nextOrder(items, 'gd')).toBe(100);
    expect(nextOrder(items, 'js')).toBe(10);
  });

  it('sorts siblings by order, then by label in pinyin order', () => {
    const sorted = sortItems([
      { id: '1', parentId: null, order: 20, label: '甲' },
      { id: '2', parentId: null, order: 10, label: '上海' },
      { id: '3', parentId: null, order: 10, label: '北京' },
    ]);
    expect(sorted.map((i) => i.label)).toEqual(['北京', '上海', '甲']);
  });

  it('lists a tree depth-first, each item followed by its children', () => {
    const sorted = sortItems([
      { id: 'sz', parentId: 'gd', order: 20, label: '深圳市' },
      { id: 'js', parentId: null, order: 20, label: '江苏省' },
      { id: 'gz', parentId: 'gd', order: 10, label: '广州市' },
      { id: 'nj', parentId: 'js', order: 10, label: '南京市' },
      { id: 'gd', parentId: null, order: 10, label: '广东省' },
      { id: 'lost', parentId: 'gone', order: 30, label: '孤儿' },
    ]);
    expect(sorted.map((i) => i.id)).toEqual(['gd', 'gz', 'sz', 'js', 'nj', 'lost']);
  });
});

describe('labelKey', () => {
  it('treats full-width, case and spacing variants as the same label', () => {
    expect(labelKey(' ＫＡ  渠道 ')).toBe(labelKey('ka 渠道'));
    expect(labelKey('广东省')).not.toBe(labelKey('广东'));
  });
});

describe('default dictionaries', () => {
  const seeds = defaultDictionaryItems('01J0000000AAAAAAAAAAAAAAAA', DEFAULT_DICTIONARIES, '01J0000000');

  it('are valid ids, distinct, and sort in seed order', () => {
    const ids = seeds.items.map((s) => s.item.id);
    expect(ids.every((id) => Id.safeParse(id).success)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('are the same for the same tenant and differ between tenants', () => {
    const again = defaultDictionaryItems('01J0000000AAAAAAAAAAAAAAAA', DEFAULT_DICTIONARIES, '01J0000000');
    const other = defaultDictionaryItems('01J0000000BBBBBBBBBBBBBBBB', DEFAULT_DICTIONARIES, '01J0000000');
    expect(again.items.map((s) => s.item.id)).toEqual(seeds.items.map((s) => s.item.id));
    expect(other.items[0]?.item.id).not.toBe(seeds.items[0]?.item.id);
  });

  it('hold no two sibling labels that count as the same', () => {
    const groups = new Map<string, string[]>();
    for (const { item } of seeds.items) {
      const group = `${item.kind}/${item.parentId ?? '-'}`;
      groups.set(group, [...(groups.get(group) ?? []), labelKey(item.label)]);
    }
    for (const labels of groups.values()) expect(new Set(labels).size).toBe(labels.length);
  });

  it('record each item in its sibling group: parents list their children, roots the top level', () => {
    const guangdong = seeds.items.find((s) => s.item.label === '广东省');
    const shenzhen = seeds.items.find((s) => s.item.label === '深圳市');
    expect(guangdong?.childLabels[labelKey('深圳市')]).toBe(shenzhen?.item.id);
    expect(seeds.roots.region?.[labelKey('广东省')]).toBe(guangdong?.item.id);
    expect(Object.keys(seeds.roots.region ?? {})).toHaveLength(34);
  });

  it('only nest the tree kinds', () => {
    const nested = new Set(seeds.items.filter((s) => s.item.parentId).map((s) => s.item.kind));
    expect([...nested].sort()).toEqual(['industry', 'region']);
  });

  it('fall back to the given time for a tenant id that is not a ULID', () => {
    expect(seedIdFactory('tenant-1', '01J0000000')().slice(0, 10)).toBe('01J0000000');
  });
});
