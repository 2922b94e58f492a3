import { beforeAll, describe, expect, it } from 'vitest';
import { handler as addShares } from '#functions/customers/add-shares.ts';
import { handler as deleteCustomer } from '#functions/customers/delete-customer.ts';
import { handler as getCustomer } from '#functions/customers/get-customer.ts';
import { handler as getOverview } from '#functions/customers/get-overview.ts';
import { handler as updateCustomer } from '#functions/customers/update-customer.ts';
import { invoke } from '#tests/support/api.ts';
import { create, ids, list, listAll, type World, world } from './world.ts';

/**
 * The data-scope matrix (DESIGN.md rule 2): for one customer owned by a rep, what each kind of
 * user gets for read, list, update and delete. Not visible is 404, exactly like a missing id.
 */
type Actor = 'owner' | 'peer' | 'manager' | 'intern' | 'shared' | 'admin' | 'outsider' | 'assistant';

let w: World;
const as = (actor: Actor) => w[actor];

/** A customer of the owner, shared with the shared user. */
async function arrange(body: Record<string, unknown> = {}) {
  const c = await create(w.owner, body);
  const res = await invoke('POST /v1/customers/{id}/shares', addShares, {
    as: w.owner,
    params: { id: c.id },
    body: { userIds: [w.shared.userId] },
  });
  return res.body as { id: string; version: number };
}

beforeAll(async () => {
  w = await world();
});

interface Cell {
  actor: Actor;
  read: number;
  /** The view the customer appears in, or null when it must be in none. */
  view: string | null;
  update: number;
  remove: number;
}
const row = (actor: Actor, read: number, view: string | null, update: number, remove: number): Cell => ({
  actor,
  read,
  view,
  update,
  remove,
});

const ordinary: Cell[] = [
  row('owner', 200, 'mine', 200, 204),
  row('peer', 404, null, 404, 404),
  row('manager', 200, 'subordinates', 200, 204),
  row('intern', 404, null, 404, 404),
  row('shared', 200, 'shared', 200, 403),
  row('admin', 200, 'company', 200, 204),
  row('outsider', 404, null, 404, 404),
  row('assistant', 200, 'company', 403, 403),
];

// A private customer (seed 004): hidden from peers, viewAll included; never from superiors.
const privately: Cell[] = [
  row('owner', 200, 'mine', 200, 204),
  row('peer', 404, null, 404, 404),
  row('manager', 200, 'subordinates', 200, 204),
  row('shared', 200, 'shared', 200, 403),
  row('admin', 200, 'company', 200, 204),
  row('assistant', 404, null, 404, 404),
];

/** Views each actor can ask for: a customer it may not see is in none of them. */
const viewsOf = (actor: Actor) =>
  actor === 'admin' || actor === 'assistant'
    ? ['mine', 'shared', 'subordinates', 'company']
    : ['mine', 'shared', 'subordinates'];

describe.each([
  ['an ordinary customer', ordinary, {}],
  ['a private customer', privately, { private: true }],
])('data scope of %s', (_, matrix, body) => {
  it.each(matrix)('$actor reads it: $read', async ({ actor, read }) => {
    const c = await arrange(body);

    const res = await invoke('GET /v1/customers/{id}', getCustomer, { as: as(actor), params: { id: c.id } });
    const overview = await invoke('GET /v1/customers/{id}/overview', getOverview, {
      as: as(actor),
      params: { id: c.id },
    });

    expect(res.status).toBe(read);
    expect(overview.status).toBe(read);
    if (read === 404) expect(res.body).toMatchObject({ code: 'not_found' });
  });

  it.each(matrix)('$actor finds it in view $view', async ({ actor, view }) => {
    const c = await arrange(body);

    if (view) {
      expect(ids(await listAll(as(actor), { view }))).toContain(c.id);
    } else {
      for (const v of viewsOf(actor)) expect(ids(await listAll(as(actor), { view: v }))).not.toContain(c.id);
    }
  });

  it.each(matrix)('$actor updates it: $update', async ({ actor, update }) => {
    const c = await arrange(body);

    const res = await invoke('PATCH /v1/customers/{id}', updateCustomer, {
      as: as(actor),
      params: { id: c.id },
      headers: { 'if-match': `"${c.version}"` },
      body: { note: `changed by ${actor}` },
    });

    expect(res.status).toBe(update);
  });

  it.each(matrix)('$actor deletes it: $remove', async ({ actor, remove }) => {
    const c = await arrange(body);

    const res = await invoke('DELETE /v1/customers/{id}', deleteCustomer, {
      as: as(actor),
      params: { id: c.id },
    });
    const after = await invoke('GET /v1/customers/{id}', getCustomer, { as: w.owner, params: { id: c.id } });

    expect(res.status).toBe(remove);
    expect(after.body.state).toBe(remove === 204 ? 'recycled' : 'active');
  });
});

describe('company view', () => {
  it('needs customers.viewAll (403 for a rep)', async () => {
    const res = await list(w.peer, { view: 'company' });

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('missing_permission');
  });
});
