import { describe, expect, it } from 'vitest';
import { assign, claim, company, create, released } from '../pool/world.ts';
import { addContact, allContacts } from './world.ts';

describe('contacts of pool customers', () => {
  it('leave every contact list with their customer and come back to whoever claims it', async () => {
    const { rep, peer, admin, reasonId } = await company();
    const c = await create(rep);
    const contact = await addContact(rep, c.id, { name: '甲' });

    await released(rep, c.id, reasonId);
    const inPool = [await allContacts(rep), await allContacts(admin)];
    const claimed = await claim(peer, c.id);

    expect(inPool).toEqual([[], []]);
    expect(claimed.status).toBe(200);
    expect(await allContacts(peer, { view: 'mine' })).toEqual([
      expect.objectContaining({ id: contact.id, ownerId: peer.userId }),
    ]);
    expect(await allContacts(rep)).toEqual([]);
  });

  it('go to the user a pool customer is assigned to', async () => {
    const { rep, third, manager, reasonId } = await company();
    const c = await create(rep);
    const contact = await addContact(rep, c.id, { name: '乙' });
    await released(rep, c.id, reasonId);

    const res = await assign(manager, c.id, third.userId);

    expect(res.status).toBe(200);
    expect((await allContacts(third, { view: 'mine' })).map((x) => x.id)).toEqual([contact.id]);
  });
});
