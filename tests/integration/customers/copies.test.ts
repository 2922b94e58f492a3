import { describe, expect, it } from 'vitest';
import { handler as createContact } from '#functions/contacts/create-contact.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { getCollection } from '#lib/customers/repository.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create, ids, listAll } from './world.ts';

/**
 * What is derived from a customer (tag copies, search terms, its contacts' copy of its scope) is
 * written after the customer's own write, replaced only by a newer version's copy
 * (lib/customers/repository.ts settleCopies, contact-sync.ts): however concurrent writers
 * overtake each other, the copies end up exactly those of the customer as it ends up.
 */

const read = async (as: Caller, id: string) =>
  (await invoke('GET /v1/customers/{id}', getCustomer, { as, params: { id } })).body;

/** A PATCH at the version read, read again and retried until it goes in (each writer wins once). */
async function patchUntilIn(as: Caller, id: string, body: Record<string, unknown>) {
  for (;;) {
    const current = await read(as, id);
    const res = await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as,
      params: { id },
      headers: { 'if-match': `"${current.version}"` },
      body,
    });
    if (res.status === 200) return res.body;
    if (res.status !== 412) throw new Error(`PATCH answered ${res.status}: ${res.text}`);
  }
}

const collection = async (tenantId: string, id: string) => getCollection(tenantId, id, true);

describe('copies of a customer under concurrent writers', () => {
  it('leave exactly the final tags listed, every tag copy at the final version', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { tags: ['起点'] });
    const tagsOf = (i: number) => [`标签${i}`, `共同${i % 2}`];

    await Promise.all(Array.from({ length: 6 }, (_, i) => patchUntilIn(t.admin, c.id, { tags: tagsOf(i) })));

    const final = await read(t.admin, c.id);
    const everyTag = new Set(['起点', ...Array.from({ length: 6 }, (_, i) => tagsOf(i)).flat()]);
    for (const tag of everyTag) {
      const listed = await listAll(t.admin, { view: 'mine', tag });
      expect(ids(listed), tag).toEqual(final.tags.includes(tag) ? [c.id] : []);
      if (final.tags.includes(tag)) expect(listed[0].version).toBe(final.version);
    }
    const copies = (await collection(t.tenantId, c.id)).filter((i) => String(i.sk).startsWith('TAG#'));
    expect(copies.map((i) => i.sk).sort()).toEqual(final.tags.map((tag: string) => `TAG#${tag}`).sort());
    expect(copies.every((i) => i.version === final.version)).toBe(true);
  });

  it('leave exactly the final name searchable, showing the final version', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { name: '并发改名起点有限公司' });
    const names = Array.from({ length: 5 }, (_, i) => `并发改名${'甲乙丙丁戊'[i]}贸易有限公司`);

    await Promise.all(names.map((name) => patchUntilIn(t.admin, c.id, { name })));

    const final = await read(t.admin, c.id);
    for (const name of ['并发改名起点有限公司', ...names]) {
      const found = await listAll(t.admin, { view: 'mine', q: name });
      expect(ids(found), name).toEqual(name === final.name ? [c.id] : []);
      if (name === final.name) expect(found[0].version).toBe(final.version);
    }
  });

  it("leave every contact carrying the final owner's scope, contacts added meanwhile too", async () => {
    const t = await newTenant();
    const reps = await Promise.all([1, 2, 3, 4].map((i) => t.addUser(`销售${i}`, t.roles.rep)));
    const c = await create(t.admin, {
      contacts: [
        { name: '王经理', mobile: '13800138001', primary: true },
        { name: '李经理', mobile: '13800138002' },
      ],
    });

    const answers = await Promise.all([
      ...reps.map((rep) =>
        invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
          as: t.admin,
          params: { id: c.id },
          body: { userId: rep.userId },
        }),
      ),
      ...['赵', '钱', '孙'].map((surname, i) =>
        invoke('POST /v1/customers/{id}/contacts', createContact, {
          as: t.admin,
          params: { id: c.id },
          body: { name: `${surname}主管`, mobile: `1390013900${i}` },
        }),
      ),
    ]);

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 201, 201, 201]);
    const final = await read(t.admin, c.id);
    const contacts = (await collection(t.tenantId, c.id)).filter((i) => String(i.sk).startsWith('CONTACT#'));
    expect(contacts).toHaveLength(5);
    for (const contact of contacts)
      expect(contact, String(contact.name)).toMatchObject({
        ownerId: final.ownerId,
        ownerName: final.ownerName,
        customerState: 'active',
      });
  });
});
