import { describe, expect, it } from 'vitest';
import { childPath, isAbove, wouldCycle } from '#lib/org/rules.ts';
import type { Role } from '#lib/org/schemas.ts';

const role = (id: string, path: string): Role => ({
  id,
  name: id,
  parentId: null,
  path,
  permissions: [],
  isRoot: false,
  memberCount: 0,
  childCount: 0,
  version: 1,
});

describe('role tree rules', () => {
  it('builds a child path below its parent', () => {
    expect(childPath('/a/b', 'c')).toBe('/a/b/c');
  });

  it('puts ancestors above, never peers, cousins or oneself', () => {
    expect(isAbove('/a', '/a/b/c')).toBe(true);
    expect(isAbove('/a/b', '/a/b')).toBe(false);
    expect(isAbove('/a/b', '/a/bb')).toBe(false);
    expect(isAbove('/a/b/c', '/a/b')).toBe(false);
  });

  it('refuses to move a role below itself or a descendant', () => {
    const b = role('b', '/a/b');
    expect(wouldCycle(b, b)).toBe(true);
    expect(wouldCycle(b, role('c', '/a/b/c'))).toBe(true);
    expect(wouldCycle(b, role('d', '/a/d'))).toBe(false);
  });
});
