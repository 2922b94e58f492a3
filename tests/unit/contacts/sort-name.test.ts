import { describe, expect, it } from 'vitest';
import { newContactRecord, toContactRecord } from '#lib/customers/contact-items.ts';
import { initialSortName, sortKeyOf } from '#lib/customers/contact-terms.ts';

const fields = {
  name: '张三',
  title: null,
  mobile: null,
  phone: null,
  email: null,
  birthday: null,
  notes: null,
};

describe('the sort name a contact carries', () => {
  it('is set when the contact is made, and kept by a rewrite', () => {
    const r = newContactRecord({
      id: 'C1',
      customerId: 'K1',
      fields,
      primary: true,
      at: '2024-01-01T00:00:00Z',
      by: 'U1',
    });
    expect(r.sortName).toBe(initialSortName('张三'));
    expect(toContactRecord({ pk: 'x', sk: 'y', type: 'contact', ...r }).sortName).toBe(r.sortName);
  });

  it('comes from the list key of a contact stored before records carried it', () => {
    const { sortName: _, ...legacy } = newContactRecord({
      id: 'C1',
      customerId: 'K1',
      fields,
      primary: true,
      at: '2024-01-01T00:00:00Z',
      by: 'U1',
    });
    const item = { ...legacy, contactsByScopeSk: `/r1/r2/|U1|zhangsan|C1` };
    expect(toContactRecord(item).sortName).toBe('zhangsan');
  });

  it('falls back to the letters of a name without a list key (exact for Latin names)', () => {
    const { sortName: _, ...legacy } = newContactRecord({
      id: 'C1',
      customerId: 'K1',
      fields: { ...fields, name: 'Anna Lee' },
      primary: true,
      at: '2024-01-01T00:00:00Z',
      by: 'U1',
    });
    expect(toContactRecord(legacy).sortName).toBe(sortKeyOf('Anna Lee'));
    expect(toContactRecord(legacy).sortName).toBe('annalee');
  });
});
