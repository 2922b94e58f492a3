import { describe, expect, it } from 'vitest';
import { customerItem, toRecord } from '#lib/customers/repository.ts';
import { type CustomerRecord, newCustomer } from '#lib/customers/rules.ts';
import { CUSTOMER_AGENDA_VIEW, indexKeys } from '#lib/db/keys.ts';
import { customerEntry } from '#lib/followups/lists.ts';

const record = (changes: Partial<CustomerRecord> = {}): CustomerRecord => ({
  ...newCustomer({
    id: 'C1',
    name: '跟进列表测试有限公司',
    phone: '+8613800138000',
    nameKey: '跟进列表测试有限公司',
    searchTerms: [],
    owner: { id: 'u1', name: '张三', rolePath: '/R/M/P' },
    createdBy: 'u1',
    at: '2026-01-01T00:00:00.000Z',
  }),
  address: '深圳市南山区科技园1号',
  note: '不在列表里',
  ...changes,
});

/** What DynamoDB keeps of the item on `customerAgenda`: the index keys and the projected attributes. */
function entryOf(c: CustomerRecord): Record<string, unknown> {
  const item: Record<string, unknown> = customerItem('t1', c);
  const { pk, sk } = indexKeys('customerAgenda');
  const kept = ['pk', 'sk', pk, sk, ...CUSTOMER_AGENDA_VIEW];
  return Object.fromEntries(Object.entries(item).filter(([name]) => kept.includes(name)));
}

describe('a customer on the to-do lists (customerAgenda)', () => {
  it.each([
    ['never followed up', record()],
    [
      'followed up, with a plan, hot, about to be reclaimed',
      record({
        lastFollowUpAt: '2026-02-01T08:00:00.000Z',
        nextFollowUpAt: '2026-02-08T08:00:00.000Z',
        nextFollowUpNote: '回访报价',
        maturityId: 'm2',
        levelId: 'l1',
        hot: true,
        reclaimAt: '2026-03-01T00:00:00.000Z',
        reclaimWarnAt: '2026-02-26T00:00:00.000Z',
        reclaimPoolId: 'default',
      }),
    ],
  ])('shows from its index entry what it shows from the whole record: %s', (_, c) => {
    const entry = entryOf(c);

    expect(entry[indexKeys('customerAgenda').pk]).toBeDefined();
    expect(customerEntry(toRecord(entry))).toStrictEqual(customerEntry(c));
  });

  it('holds nothing an edit of another field changes', () => {
    const before = entryOf(record());
    const after = entryOf(
      record({ address: '广州市天河区2号', note: '改了', updatedAt: '2026-01-05T00:00:00.000Z' }),
    );

    expect(after).toStrictEqual(before);
  });
});
