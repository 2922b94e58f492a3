import { describe, expect, it } from 'vitest';
import { TIMELINE_TYPES } from '#lib/lifecycle/rules.ts';

// The masking is the logger's (lib/log.ts), which reads the configuration when imported.
process.env.TABLE_NAME ??= 'unit-test';
const { fieldChanges, TIMELINE_SOURCES } = await import('#lib/lifecycle/timeline-rules.ts');

const customer = (over: Record<string, unknown> = {}) => ({
  type: 'customer',
  id: 'C1',
  name: '甲公司',
  note: null,
  tags: ['a'],
  customFields: { budget: 100, stage: 'x' },
  version: 2,
  updatedAt: '2026-06-01T00:00:00.000Z',
  ...over,
});

describe('timeline entries', () => {
  it('reads every record type the consumer is subscribed to', () => {
    expect([...TIMELINE_TYPES].sort()).toEqual(Object.keys(TIMELINE_SOURCES).sort());
  });

  it('tells each changed field, custom fields one by one, and nothing derived', () => {
    const before = customer({ lastFollowUpAt: null, searchTerms: [] });
    const after = customer({
      note: '新备注',
      tags: ['a', 'b'],
      customFields: { budget: 200, region: '华东' },
      lastFollowUpAt: '2026-06-01T00:00:00.000Z',
      searchTerms: [{ term: 'x' }],
    });
    expect(fieldChanges(before, after)).toEqual([
      { field: 'note', before: null, after: '新备注' },
      { field: 'tags', before: ['a'], after: ['a', 'b'] },
      { field: 'customFields.budget', before: 100, after: 200 },
      { field: 'customFields.region', before: null, after: '华东' },
      { field: 'customFields.stage', before: 'x', after: null },
    ]);
  });

  it('names the actor only for the version it made', () => {
    const by = { id: 'U1', name: '张三', version: 3 };
    const entries = (version: number) =>
      TIMELINE_SOURCES.customer?.({
        event: 'MODIFY',
        before: customer(),
        after: customer({ note: 'n', version, updatedBy: by }),
      }) ?? [];
    expect(entries(3)[0]?.actor).toEqual({ id: 'U1', name: '张三' });
    expect(entries(4)[0]?.actor).toBeNull();
  });

  it('writes nothing for a removal (a merge moves children by deleting them)', () => {
    expect(
      TIMELINE_SOURCES.followup?.({
        event: 'REMOVE',
        before: { id: 'F', customerId: 'C' },
        after: undefined,
      }),
    ).toEqual([]);
  });

  it('masks the phone numbers of contacts', () => {
    const [entry] =
      TIMELINE_SOURCES.contact?.({
        event: 'INSERT',
        before: undefined,
        after: { id: 'K', customerId: 'C', name: '王经理', mobile: '+8613800138000', createdAt: 'x' },
      }) ?? [];
    expect(entry?.summary).toBe('新增联系人 王经理 +***8000');
  });
});
