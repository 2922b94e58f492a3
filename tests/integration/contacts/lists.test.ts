import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getContact } from '#functions/contacts/get-contact.ts';
import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as removeShare } from '#functions/customers/remove-share.ts';
import { handler as restoreCustomer } from '#functions/customers/restore-customer.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { create, type World, world } from '../customers/world.ts';
import { contactNamed, indexNamesOf } from '../streams/world.ts';
import { addContact, allContacts, freshMobile, listContactsPage, names } from './world.ts';

const share = (as: Caller, id: string, userIds: string[]) =>
  invoke('POST /v1/customers/{id}/shares', addShares, { as, params: { id }, body: { userIds } });

describe('GET /v1/contacts: the data scope', () => {
  let w: World;
  let mobile: string;

  beforeAll(async () => {
    w = await world();
    mobile = freshMobile();
    const own = await create(w.owner);
    const anjia = await addContact(w.owner, own.id, { name: '安甲', mobile });
    await indexNamesOf(contactNamed(w.tenantId, own.id, anjia.id));
    await addContact(w.owner, own.id, { name: '张乙' });
    await share(w.owner, own.id, [w.shared.userId]);
    const secret = await create(w.owner, { private: true });
    await addContact(w.owner, secret.id, { name: '私密丙' });
    const interns = await create(w.intern);
    await addContact(w.intern, interns.id, { name: '实习丁' });
    const peers = await create(w.peer);
    await addContact(w.peer, peers.id, { name: '同事戊' });
    const sharedWithOwner = await create(w.peer);
    await addContact(w.peer, sharedWithOwner.id, { name: '共享己' });
    await share(w.peer, sharedWithOwner.id, [w.owner.userId]);
  });

  it.each([
    ['owner', ['安甲', '张乙', '私密丙', '实习丁', '共享己']],
    ['peer', ['同事戊', '共享己', '实习丁']],
    ['shared', ['安甲', '张乙', '实习丁']],
    ['manager', ['安甲', '张乙', '私密丙', '实习丁', '同事戊', '共享己']],
    ['intern', ['实习丁']],
    ['assistant', ['安甲', '张乙', '实习丁', '同事戊', '共享己']],
    ['admin', ['安甲', '张乙', '私密丙', '实习丁', '同事戊', '共享己']],
    ['outsider', []],
  ] as const)('%s lists exactly the contacts of the customers it may see', async (actor, expected) => {
    const items = await allContacts(w[actor]);

    expect(names(items)).toEqual([...expected].sort());
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('narrows to mine, subordinates and shared', async () => {
    expect(names(await allContacts(w.owner, { view: 'mine' }))).toEqual(
      names([{ name: '安甲' }, { name: '张乙' }, { name: '私密丙' }]),
    );
    expect(names(await allContacts(w.owner, { view: 'subordinates' }))).toEqual(['实习丁']);
    expect(names(await allContacts(w.owner, { view: 'shared' }))).toEqual(['共享己']);
  });

  it('answers 403 for the company view without customers.viewAll', async () => {
    const denied = await listContactsPage(w.owner, { view: 'company' });
    const allowed = await allContacts(w.assistant, { view: 'company' });

    expect(denied.status).toBe(403);
    expect(names(allowed)).toHaveLength(5);
  });

  it('pages through every range with the cursor, one contact at a time, without repeats', async () => {
    const paged = await allContacts(w.owner, { limit: '1' });
    const pairs = await allContacts(w.owner, { limit: '2' });

    expect(names(paged)).toEqual(['私密丙', '共享己', '安甲', '实习丁', '张乙'].sort());
    expect(paged.map((c) => c.id)).toEqual(pairs.map((c) => c.id));
  });

  it('refuses a cursor from another user or another query with 400', async () => {
    const first = await listContactsPage(w.owner, { limit: '1' });

    const replayed = await listContactsPage(w.manager, { limit: '1', cursor: first.body.nextCursor });
    const otherView = await listContactsPage(w.owner, {
      limit: '1',
      view: 'mine',
      cursor: first.body.nextCursor,
    });

    expect(replayed.status).toBe(400);
    expect(otherView.status).toBe(400);
    expect(replayed.body.errors[0]).toMatchObject({ path: 'query.cursor', code: 'invalid_cursor' });
  });

  it.each([['安'], ['anjia'], ['aj'], ['安甲']])('finds 安甲 by %s', async (q) => {
    expect(names(await allContacts(w.owner, { q }))).toEqual(['安甲']);
  });

  it('finds a contact by phone in any format, and never one the caller may not see', async () => {
    const local = `${mobile.slice(3, 6)} ${mobile.slice(6, 10)} ${mobile.slice(10)}`;

    expect(names(await allContacts(w.owner, { q: local }))).toEqual(['安甲']);
    expect(names(await allContacts(w.manager, { q: mobile }))).toEqual(['安甲']);
    expect(await allContacts(w.peer, { q: mobile })).toEqual([]);
    expect(await allContacts(w.peer, { q: '安' })).toEqual([]);
    expect(await allContacts(w.outsider, { q: '安' })).toEqual([]);
  });

  it('answers 400 for a search without letters or digits and for unknown parameters', async () => {
    const blank = await listContactsPage(w.owner, { q: '!!!' });
    const unknown = await listContactsPage(w.owner, { sort: 'name' });

    expect(blank.status).toBe(400);
    expect(blank.body.errors[0]).toMatchObject({ path: 'query.q' });
    expect(unknown.status).toBe(400);
  });
});

describe('contacts follow their customer', () => {
  it('move to the new owner on transfer', async () => {
    const w = await world();
    const c = await create(w.owner);
    const contact = await addContact(w.owner, c.id, { name: '甲' });

    await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: w.owner,
      params: { id: c.id },
      body: { userId: w.peer.userId },
    });

    expect(await allContacts(w.owner)).toEqual([]);
    expect(await allContacts(w.peer, { view: 'mine' })).toEqual([
      expect.objectContaining({ id: contact.id, ownerId: w.peer.userId, ownerName: w.peer.name, version: 2 }),
    ]);
  });

  it('appear to a user while the customer is shared with them, and no longer', async () => {
    const w = await world();
    const c = await create(w.owner);
    await addContact(w.owner, c.id, { name: '甲' });

    await share(w.owner, c.id, [w.peer.userId]);
    const whileShared = names(await allContacts(w.peer, { view: 'shared' }));
    await invoke('DELETE /v1/customers/{id}/shares/{userId}', removeShare, {
      as: w.owner,
      params: { id: c.id, userId: w.peer.userId },
    });

    expect(whileShared).toEqual(['甲']);
    expect(await allContacts(w.peer)).toEqual([]);
  });

  it('leave every list in the recycle bin and come back with the customer', async () => {
    const w = await world();
    const c = await create(w.owner);
    const contact = await addContact(w.owner, c.id, { name: '甲' });

    await invoke('DELETE /v1/customers/{id}', deleteCustomer, { as: w.owner, params: { id: c.id } });
    const binned = [await allContacts(w.owner), await allContacts(w.admin)];
    await invoke('POST /v1/customers/{id}/restore', restoreCustomer, { as: w.owner, params: { id: c.id } });

    expect(binned).toEqual([[], []]);
    expect((await allContacts(w.owner)).map((x) => x.id)).toEqual([contact.id]);
  });

  it('turn private and renamed with the customer', async () => {
    const w = await world();
    const c = await create(w.owner);
    const contact = await addContact(w.owner, c.id, { name: '甲' });

    const res = await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: w.owner,
      params: { id: c.id },
      headers: { 'if-match': `"${c.version}"` },
      body: { private: true, name: '改名后的公司' },
    });

    expect(res.status).toBe(200);
    expect(await allContacts(w.assistant)).toEqual([]);
    const read = await invoke('GET /v1/contacts/{id}', getContact, {
      as: w.owner,
      params: { id: contact.id },
    });
    expect(read.body.customerName).toBe('改名后的公司');
  });

  it('all follow a transfer that races with new contacts', async () => {
    const w = await world();
    const c = await create(w.owner);
    await addContact(w.owner, c.id, { name: '最初' });

    const [transfer, ...added] = await Promise.all([
      invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
        as: w.manager,
        params: { id: c.id },
        body: { userId: w.peer.userId },
      }),
      ...Array.from({ length: 5 }, (_, i) => addContact(w.manager, c.id, { name: `新联系人${i}` })),
    ]);

    expect(transfer.status).toBe(200);
    expect(added).toHaveLength(5);
    const peers = await allContacts(w.peer, { view: 'mine' });
    expect(peers).toHaveLength(6);
    expect(peers.every((x) => x.ownerId === w.peer.userId)).toBe(true);
    expect(await allContacts(w.owner)).toEqual([]);
  });
});
