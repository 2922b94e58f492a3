import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as mergeCustomers } from '#functions/customers/merge-customers.ts';
import { handler as restoreCustomer } from '#functions/customers/restore-customer.ts';
import { handler as setHot } from '#functions/customers/set-hot.ts';
import { handler as transferCustomer } from '#functions/customers/transfer-customer.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { handler as purgeCustomer } from '#functions/recycle-bin/purge-customer.ts';
import { setClock } from '#lib/clock.ts';
import { getCollection } from '#lib/customers/repository.ts';
import { claim, company, patchPool, release } from '#tests/integration/pool/world.ts';
import { type Caller, invoke, itemsRead } from '#tests/support/api.ts';
import { create, ids, list, listAll, type World, world } from './world.ts';

/**
 * `?tag=` on every view reads the tag's partition of the view's own index (tag copies, lib/db/keys.ts
 * customerTagKeys): the result must be exactly the view filtered by hand, in the view's order.
 */

afterEach(() => setClock(undefined));

type Query = Record<string, string>;

/** The view's items that carry the tag, in the view's order, read without `tag=`. */
async function byHand(as: Caller, query: Query, tag: string): Promise<string[]> {
  return ids((await listAll(as, query)).filter((c) => c.tags.includes(tag)));
}

/** The view with `tag=`, page after page of `limit`. */
async function tagged(as: Caller, query: Query, tag: string, limit = '2'): Promise<string[]> {
  return ids(await listAll(as, { ...query, tag, limit }));
}

/** Asserts the tagged view equals the view filtered by hand, and returns it. */
async function sameAsByHand(as: Caller, query: Query, tag: string, limit = '2'): Promise<string[]> {
  const expected = await byHand(as, query, tag);
  const got = await tagged(as, query, tag, limit);
  expect(got, `${JSON.stringify(query)} tag=${tag}`).toEqual(expected);
  expect(new Set(got).size).toBe(got.length);
  return got;
}

const get = async (as: Caller, id: string) =>
  (await invoke('GET /v1/customers/{id}/overview', getOverview, { as, params: { id } })).body.customer;
const retag = async (as: Caller, id: string, tags: string[]) => {
  const current = await get(as, id);
  return invoke('PATCH /v1/customers/{id}', updateCustomer, {
    as,
    params: { id },
    headers: { 'if-match': `"${current.version}"` },
    body: { tags },
  });
};
const remove = (as: Caller, id: string) =>
  invoke('DELETE /v1/customers/{id}', deleteCustomer, { as, params: { id } });
const hot = (as: Caller, id: string) => invoke('PUT /v1/customers/{id}/hot', setHot, { as, params: { id } });
const share = (as: Caller, id: string, userId: string) =>
  invoke('POST /v1/customers/{id}/shares', addShares, { as, params: { id }, body: { userIds: [userId] } });

/** Every customer is created a minute after the previous one, so the views have a stable order. */
let minute = 0;
async function createTagged(as: Caller, tags: string[], body: Record<string, unknown> = {}) {
  setClock(new Date(Date.UTC(2024, 0, 1, 0, minute++)));
  return create(as, { tags, ...body });
}

describe('GET /v1/customers?tag= on each view', () => {
  let w: World;
  const T = '重点#1%';
  beforeAll(async () => {
    w = await world();
    // The owner: tagged and untagged customers interleaved, some hot, one private.
    for (let i = 0; i < 9; i++) {
      const c = await createTagged(w.owner, i % 3 === 2 ? ['其他'] : i % 2 ? [T, '其他'] : [T], {
        private: i === 4,
      });
      if (i < 7) await hot(w.owner, c.id);
    }
    // The intern (below the owner and the manager) and a peer.
    for (let i = 0; i < 4; i++) await createTagged(w.intern, i === 1 ? [] : [T]);
    for (let i = 0; i < 3; i++) await createTagged(w.peer, [T]);
    setClock(undefined);
  });

  it('mine, hot and subordinates (all, and one owner) are the view filtered by hand, page after page', async () => {
    const mine = await sameAsByHand(w.owner, { view: 'mine' }, T);
    const hotOnes = await sameAsByHand(w.owner, { view: 'hot' }, T);
    const below = await sameAsByHand(w.manager, { view: 'subordinates' }, T);
    const ownersBelow = await sameAsByHand(w.owner, { view: 'subordinates' }, T);
    const oneOwner = await sameAsByHand(w.manager, { view: 'subordinates', ownerId: w.intern.userId }, T);

    expect(mine).toHaveLength(6);
    expect(hotOnes).toHaveLength(5);
    expect(below).toHaveLength(6 + 3 + 3);
    expect(ownersBelow).toHaveLength(3);
    expect(oneOwner).toHaveLength(3);
    expect((await list(w.owner, { view: 'mine', tag: T, limit: '2' })).body.nextCursor).toEqual(
      expect.any(String),
    );
  });

  it('company: the whole company for an administrator, without the private customers of others for viewAll', async () => {
    const admin = await sameAsByHand(w.admin, { view: 'company' }, T);
    const assistant = await sameAsByHand(w.assistant, { view: 'company' }, T, '1');

    const privateOnes = ids((await listAll(w.owner, { view: 'mine', tag: T })).filter((c) => c.private));
    expect(admin).toHaveLength(12);
    expect(privateOnes).toHaveLength(1);
    expect(assistant).toEqual(admin.filter((id) => !privateOnes.includes(id)));
  });

  it('reads a tagged page at the cost of an unfiltered one (the tagged customers are interleaved)', async () => {
    const plain = await list(w.admin, { view: 'company', limit: '3' });
    const filtered = await list(w.admin, { view: 'company', tag: T, limit: '3' });

    expect(filtered.body.items).toHaveLength(3);
    expect(filtered.body.items.every((c: { tags: string[] }) => c.tags.includes(T))).toBe(true);
    expect(itemsRead(filtered)).toBe(itemsRead(plain));
  });

  it('shared (a residue on the share items) and q= (the search terms) still narrow by tag', async () => {
    const [a, b, c] = (await listAll(w.owner, { view: 'mine', tag: T })).slice(0, 3).map((x) => x.id);
    const other = (await listAll(w.owner, { view: 'mine', tag: '其他' })).find((x) => !x.tags.includes(T));
    for (const id of [a, b, c, other?.id]) await share(w.owner, id as string, w.shared.userId);

    const shared = await sameAsByHand(w.shared, { view: 'shared' }, T);
    const searched = ids(await listAll(w.admin, { view: 'company', q: '测试科技', tag: T, limit: '4' }));

    expect(new Set(shared)).toEqual(new Set([a, b, c]));
    expect(searched.sort()).toEqual((await byHand(w.admin, { view: 'company', q: '测试科技' }, T)).sort());
    expect(searched).toHaveLength(12);
  });

  it('recycle: own and subordinates’ bins across two queries, one owner, the whole bin', async () => {
    const owners = (await listAll(w.owner, { view: 'mine' })).slice(0, 4);
    const interns = (await listAll(w.intern, { view: 'mine' })).slice(0, 3);
    for (const c of [...owners, ...interns])
      await remove(c.ownerId === w.owner.userId ? w.owner : w.intern, c.id);

    const ownAndBelow = await sameAsByHand(w.owner, { view: 'recycle' }, T, '1');
    const managers = await sameAsByHand(w.manager, { view: 'recycle' }, T);
    const oneOwner = await sameAsByHand(w.manager, { view: 'recycle', ownerId: w.intern.userId }, T);
    const whole = await sameAsByHand(w.admin, { view: 'recycle' }, T);

    const taggedOf = (cs: Array<{ id: string; tags: string[] }>) => cs.filter((c) => c.tags.includes(T));
    expect(ownAndBelow).toHaveLength(taggedOf(owners).length + taggedOf(interns).length);
    expect(ownAndBelow.slice(0, taggedOf(owners).length).sort()).toEqual(ids(taggedOf(owners)).sort());
    expect(managers.sort()).toEqual([...ownAndBelow].sort());
    expect(oneOwner.sort()).toEqual(ids(taggedOf(interns)).sort());
    expect(whole.sort()).toEqual([...ownAndBelow].sort());
    expect(await tagged(w.owner, { view: 'mine' }, T)).toEqual(await byHand(w.owner, { view: 'mine' }, T));
  });
});

describe('GET /v1/customers?view=pool&tag= and reclaim-soon', () => {
  it('lists a pool narrowed by tag, page after page', async () => {
    const { rep, peer, reasonId } = await company();
    for (let i = 0; i < 6; i++) {
      const c = await createTagged(rep, i % 2 ? ['公海标签'] : ['公海标签', '其他']);
      await release(rep, c.id, { reasonId });
    }
    await release(rep, (await createTagged(rep, ['其他'])).id, { reasonId });
    setClock(undefined);

    const pool = await sameAsByHand(peer, { view: 'pool' }, '公海标签');
    const other = await sameAsByHand(peer, { view: 'pool' }, '其他', '1');

    expect(pool).toHaveLength(6);
    expect(other).toHaveLength(4);
  });

  it("lists the caller's customers about to be reclaimed narrowed by tag, soonest first", async () => {
    const { admin, rep, peer } = await company();
    await patchPool(admin, { reclaim: { enabled: true, noFollowUpDays: 30, warnDays: 3 } });
    const T0 = Date.parse('2025-03-01T00:00:00.000Z');
    const made = [];
    for (let i = 0; i < 5; i++) {
      setClock(new Date(T0 + i * 3_600_000));
      made.push(await create(rep, { tags: i === 2 ? ['别的'] : ['回收'] }));
    }
    setClock(new Date(T0));
    await create(peer, { tags: ['回收'] });
    setClock(new Date(T0 + 28 * 86_400_000));

    const soon = await sameAsByHand(rep, { view: 'reclaim-soon' }, '回收');

    expect(soon).toEqual(ids(made.filter((_, i) => i !== 2)));
  });
});

describe('tag lists through a customer’s life', () => {
  it('follow retagging, untagging, transfer, bin, restore, release, claim, merge and purge', async () => {
    const { t, admin, rep, peer, reasonId } = await company();
    const [A, B, C] = ['甲', '乙#', '丙%'];
    const view = async (as: Caller, query: Query, tag: string) => sameAsByHand(as, query, tag, '1');
    const c1 = await createTagged(rep, [A]);
    const c2 = await createTagged(rep, [A, B]);
    const c3 = await createTagged(rep, [B]);
    setClock(undefined);
    expect(await view(rep, { view: 'mine' }, A)).toEqual([c2.id, c1.id]);

    expect((await retag(rep, c1.id, [B])).status).toBe(200);
    expect(await view(rep, { view: 'mine' }, A)).toEqual([c2.id]);
    expect(await view(rep, { view: 'mine' }, B)).toEqual([c1.id, c3.id, c2.id]);

    expect((await retag(rep, c2.id, [])).status).toBe(200);
    expect(await view(rep, { view: 'mine' }, A)).toEqual([]);
    expect(await view(admin, { view: 'company' }, A)).toEqual([]);
    expect(await view(rep, { view: 'mine' }, B)).toEqual([c1.id, c3.id]);

    await invoke('POST /v1/customers/{id}/transfer', transferCustomer, {
      as: admin,
      params: { id: c1.id },
      body: { userId: peer.userId },
    });
    expect(await view(rep, { view: 'mine' }, B)).toEqual([c3.id]);
    expect(await view(peer, { view: 'mine' }, B)).toEqual([c1.id]);

    await remove(rep, c3.id);
    expect(await view(rep, { view: 'mine' }, B)).toEqual([]);
    expect(await view(rep, { view: 'recycle' }, B)).toEqual([c3.id]);

    await invoke('POST /v1/customers/{id}/restore', restoreCustomer, { as: rep, params: { id: c3.id } });
    expect(await view(rep, { view: 'recycle' }, B)).toEqual([]);
    expect(await view(rep, { view: 'mine' }, B)).toEqual([c3.id]);

    await release(rep, c3.id, { reasonId });
    expect(await view(rep, { view: 'mine' }, B)).toEqual([]);
    expect(await view(peer, { view: 'pool' }, B)).toEqual([c3.id]);

    expect((await claim(peer, c3.id)).status).toBe(200);
    expect(await view(peer, { view: 'pool' }, B)).toEqual([]);
    expect(await view(peer, { view: 'mine' }, B)).toEqual([c3.id, c1.id]);

    const c4 = await create(peer, { tags: [C] });
    const merged = await invoke('POST /v1/customers/merge', mergeCustomers, {
      as: admin,
      body: { targetId: c1.id, sourceIds: [c4.id] },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.customer.tags.sort()).toEqual([B, C].sort());
    expect(await view(peer, { view: 'mine' }, C)).toEqual([c1.id]);
    expect(await view(peer, { view: 'mine' }, B)).toEqual([c1.id, c3.id]);
    expect(await getCollection(t.tenantId, c4.id, true)).toEqual([]);

    await remove(peer, c1.id);
    expect(await view(admin, { view: 'recycle' }, C)).toEqual([c1.id]);
    expect(
      (await invoke('DELETE /v1/recycle-bin/{id}', purgeCustomer, { as: admin, params: { id: c1.id } }))
        .status,
    ).toBe(204);
    expect(await view(admin, { view: 'recycle' }, C)).toEqual([]);
    expect(await view(admin, { view: 'recycle' }, B)).toEqual([]);
    expect(await getCollection(t.tenantId, c1.id, true)).toEqual([]);
    expect(await view(admin, { view: 'company' }, B)).toEqual([c3.id]);
  });

  it('keeps tag copies out of the 360 view', async () => {
    const { rep } = await company();
    const c = await create(rep, { tags: ['甲', '乙'] });
    expect((await retag(rep, c.id, ['甲', '丙'])).status).toBe(200);

    const res = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: rep,
      params: { id: c.id },
    });
    const { customer, ...sections } = res.body;

    expect(res.status).toBe(200);
    expect(customer.id).toBe(c.id);
    expect(
      Object.values(sections)
        .flat()
        .some((child: any) => child?.id === c.id),
    ).toBe(false);
  });
});

describe('data scope with tag=', () => {
  it('shows a private tagged customer to its owner, superiors, shared users and administrators only', async () => {
    const w = await world();
    const tag = '保密标签';
    const secret = await create(w.owner, { private: true, tags: [tag] });
    await share(w.owner, secret.id, w.shared.userId);
    const open = await create(w.owner, { tags: [tag] });
    const sees = async (as: Caller, query: Query) => {
      const res = await list(as, { ...query, tag });
      return res.status === 200 ? ids(res.body.items) : res.status;
    };

    const matrix = {
      owner: await sees(w.owner, { view: 'mine' }),
      peerMine: await sees(w.peer, { view: 'mine' }),
      peerBelow: await sees(w.peer, { view: 'subordinates' }),
      peerShared: await sees(w.peer, { view: 'shared' }),
      peerCompany: await sees(w.peer, { view: 'company' }),
      superior: await sees(w.manager, { view: 'subordinates' }),
      subordinate: await sees(w.intern, { view: 'subordinates' }),
      shared: await sees(w.shared, { view: 'shared' }),
      viewAll: await sees(w.assistant, { view: 'company' }),
      admin: await sees(w.admin, { view: 'company' }),
      outsider: await sees(w.outsider, { view: 'company' }),
    };

    expect(matrix).toEqual({
      owner: [open.id, secret.id],
      peerMine: [],
      peerBelow: [],
      peerShared: [],
      peerCompany: 403,
      superior: [open.id, secret.id],
      subordinate: [],
      shared: [secret.id],
      viewAll: [open.id],
      admin: [open.id, secret.id],
      outsider: [],
    });
  });
});

describe('concurrent retagging', () => {
  it('leaves the customer under exactly the winning tags when many edits race on one ETag', async () => {
    const w = await world();
    const c = await create(w.owner, { tags: ['起点'] });
    const candidates = Array.from({ length: 8 }, (_, i) => [`并发${i}`, `并发${i}乙`]);

    const answers = await Promise.all(
      candidates.map((tags) =>
        invoke('PATCH /v1/customers/{id}', updateCustomer, {
          as: w.owner,
          params: { id: c.id },
          headers: { 'if-match': `"${c.version}"` },
          body: { tags },
        }),
      ),
    );

    const winners = answers.flatMap((res, i) => (res.status === 200 ? [candidates[i] as string[]] : []));
    expect(winners).toHaveLength(1);
    expect(answers.filter((res) => res.status === 412)).toHaveLength(candidates.length - 1);
    const [won] = winners as [string[]];
    for (const tags of [...candidates, ['起点']]) {
      const expected = tags === won ? [c.id] : [];
      for (const tag of tags) expect(await tagged(w.owner, { view: 'mine' }, tag), tag).toEqual(expected);
    }
  });
});
