import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as updateContact } from '#functions/contacts/update-contact.ts';
import { indexNames } from '#functions/customers/index-names.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { handler as getDirectory } from '#functions/org/get-directory.ts';
import { indexUserNames } from '#functions/org/index-user-names.ts';
import { handler as updateUser } from '#functions/org/update-user.ts';
import { contactSearchKey } from '#lib/db/keys.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { addContact, allContacts } from '../contacts/world.ts';
import { create, ids, listAll } from '../customers/world.ts';
import {
  contactNamed,
  context,
  customerNamed,
  indexNamesOf,
  storedItem,
  storedUser,
  streamEvent,
} from './world.ts';

/**
 * The `name-search` and `user-search` consumers: the pinyin of names is indexed from the stream,
 * so no HTTP function carries the dictionary. A request's own terms work at once; the pinyin once
 * the consumer has the record; replays and crashes change nothing twice.
 */
const budget = vi.hoisted(() => ({ deletesLeft: Number.POSITIVE_INFINITY }));
vi.mock('#lib/db/batch.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#lib/db/batch.ts')>();
  return {
    ...original,
    batchDelete: (...args: Parameters<typeof original.batchDelete>) => {
      if (budget.deletesLeft <= 0) throw new Error('crashed (delete budget spent)');
      budget.deletesLeft -= 1;
      return original.batchDelete(...args);
    },
  };
});
afterEach(() => {
  budget.deletesLeft = Number.POSITIVE_INFINITY;
});

const search = async (as: Parameters<typeof listAll>[0], q: string, view = 'mine') =>
  ids(await listAll(as, { view, q }));

describe('customers found by pinyin (name-search)', () => {
  it('finds a new customer by its name at once and by its pinyin once indexed, replays changing nothing', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { name: '重庆银行股份有限公司' });

    const beforeIndex = await search(t.admin, 'chongqing');
    await indexNamesOf(customerNamed(t.tenantId, c.id));
    await indexNamesOf(customerNamed(t.tenantId, c.id));

    expect(await search(t.admin, '重庆银行')).toEqual([c.id]);
    expect(beforeIndex).toEqual([]);
    expect(await search(t.admin, 'chongqingyinhang')).toEqual([c.id]);
    expect(await search(t.admin, 'cqyh')).toEqual([c.id]);
    expect((await storedItem(customerNamed(t.tenantId, c.id))).version).toBe(c.version);
  });

  it('forgets the old name after a rename and finds the new one, once per customer', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { name: 'ABC科技' });
    await indexNamesOf(customerNamed(t.tenantId, c.id));
    const before = await storedItem(customerNamed(t.tenantId, c.id));
    const renamed = await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: t.admin,
      params: { id: c.id },
      headers: { 'if-match': `"${c.version}"` },
      body: { name: 'ABC华为' },
    });
    expect(renamed.status).toBe(200);
    const after = await storedItem(customerNamed(t.tenantId, c.id));

    await indexNames(streamEvent({ before, after }), context('name-search'));

    expect(await search(t.admin, 'abckeji')).toEqual([]);
    expect(await search(t.admin, 'abchuawei')).toEqual([c.id]);
    // "abc" is the start of its name and of its pinyin and initials: one hit.
    expect(await search(t.admin, 'abc')).toEqual([c.id]);
  });

  it('moves the pinyin with the customer into the pool, and out of the active views', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { name: '分区拼音测试' });
    const active = await storedItem(customerNamed(t.tenantId, c.id));
    const pooled = { ...active, state: 'pool' };
    await indexNames(
      streamEvent({ after: active }, { before: active, after: pooled }),
      context('name-search'),
    );

    expect(await search(t.admin, 'fenqupinyin', 'company')).toEqual([]);
    // The stored customer is still active: the pool's hit finds it out of its view and drops it.
    await indexNames(streamEvent({ before: pooled, after: active }), context('name-search'));
    expect(await search(t.admin, 'fenqupinyin', 'company')).toEqual([c.id]);
  });

  it('finishes after a crash half-way: redelivered, the old name is gone and the new one found', async () => {
    const t = await newTenant();
    const c = await create(t.admin, { name: '甲乙丙丁' });
    const v1 = await storedItem(customerNamed(t.tenantId, c.id));
    await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: t.admin,
      params: { id: c.id },
      headers: { 'if-match': `"${c.version}"` },
      body: { name: '戊己庚辛' },
    });
    const v2 = await storedItem(customerNamed(t.tenantId, c.id));
    const event = streamEvent({ after: v1 }, { before: v1, after: v2 });

    budget.deletesLeft = 0;
    const crashed = await indexNames(event, context('name-search'));
    budget.deletesLeft = Number.POSITIVE_INFINITY;
    const rerun = await indexNames(streamEvent({ before: v1, after: v2 }), context('name-search'));

    expect(crashed.batchItemFailures).toEqual([
      { itemIdentifier: event.Records[1]?.dynamodb?.SequenceNumber },
    ]);
    expect(rerun.batchItemFailures).toEqual([]);
    expect(await search(t.admin, 'jiayi', 'company')).toEqual([]);
    expect(await search(t.admin, 'wuji', 'company')).toEqual([c.id]);
  });
});

describe('contacts sorted and found by pinyin (name-search)', () => {
  it('lists a Chinese name last until indexed, then in pinyin order, keeping its version', async () => {
    const t = await newTenant();
    const c = await create(t.admin);
    const zhang = await addContact(t.admin, c.id, { name: '张三' });
    await addContact(t.admin, c.id, { name: 'Bob' });
    const an = await addContact(t.admin, c.id, { name: '安琪' });

    const unsorted = (await allContacts(t.admin, { view: 'mine' })).map((x) => x.name);
    await indexNamesOf(contactNamed(t.tenantId, c.id, zhang.id), contactNamed(t.tenantId, c.id, an.id));
    const sorted = await allContacts(t.admin, { view: 'mine' });

    expect(unsorted[0]).toBe('Bob');
    expect(sorted.map((x) => x.name)).toEqual(['安琪', 'Bob', '张三']);
    expect(sorted.find((x) => x.id === an.id)?.version).toBe(an.version);
    expect((await allContacts(t.admin, { q: 'anqi' })).map((x) => x.id)).toEqual([an.id]);
  });

  it('drops the old pinyin when the contact is renamed', async () => {
    const t = await newTenant();
    const c = await create(t.admin);
    const k = await addContact(t.admin, c.id, { name: '王五' });
    await indexNamesOf(contactNamed(t.tenantId, c.id, k.id));
    const before = await storedItem(contactNamed(t.tenantId, c.id, k.id));
    const res = await invoke('PATCH /v1/contacts/{id}', updateContact, {
      as: t.admin,
      params: { id: k.id },
      headers: { 'if-match': `"${before.version}"` },
      body: { name: '赵六' },
    });
    expect(res.status).toBe(200);
    const after = await storedItem(contactNamed(t.tenantId, c.id, k.id));

    await indexNames(streamEvent({ before, after }), context('name-search'));

    expect(await allContacts(t.admin, { q: 'wangwu' })).toEqual([]);
    expect((await allContacts(t.admin, { q: 'zl' })).map((x) => x.id)).toEqual([k.id]);
  });

  it("keeps a moved contact's pinyin when its old customer's REMOVE comes after the new INSERT", async () => {
    const t = await newTenant();
    const from = await create(t.admin);
    const to = await create(t.admin);
    const k = await addContact(t.admin, from.id, { name: '钱七' });
    const old = await storedItem(contactNamed(t.tenantId, from.id, k.id));
    const moved = { ...old, customerId: to.id };

    await indexNames(streamEvent({ after: moved }, { before: old }), context('name-search'));

    const term = await storedItem(contactSearchKey(t.tenantId, 'qianqi', k.id));
    expect(term.customerId).toBe(to.id);
  });
});

describe('colleagues found by pinyin (user-search)', () => {
  it('adds the pinyin to the directory without a new version, and follows a rename', async () => {
    const t = await newTenant();
    const rep = await t.addUser('欧阳娜娜', t.roles.rep);
    const directory = (q: string) =>
      invoke('GET /v1/directory', getDirectory, { as: t.admin, query: { q } }).then((r) =>
        r.body.items.map((u: { id: string }) => u.id),
      );
    const created = await storedUser(t.tenantId, rep.userId);

    const unindexed = await directory('oynn');
    await indexUserNames(streamEvent({ after: created }), context('user-search'));
    await indexUserNames(streamEvent({ after: created }), context('user-search'));

    expect(unindexed).toEqual([]);
    expect(await directory('oynn')).toEqual([rep.userId]);
    expect((await storedUser(t.tenantId, rep.userId)).version).toBe(created.version);

    const res = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: rep.userId },
      headers: { 'if-match': `"${created.version}"` },
      body: { name: '司马光' },
    });
    expect(res.status).toBe(200);
    await indexUserNames(
      streamEvent({ before: created, after: await storedUser(t.tenantId, rep.userId) }),
      context('user-search'),
    );

    expect(await directory('oynn')).toEqual([]);
    expect(await directory('simaguang')).toEqual([rep.userId]);
  });
});
