import { describe, expect, it } from 'vitest';
import { handler as createContact } from '#functions/contacts/create-contact.ts';
import { handler as deleteContact } from '#functions/contacts/delete-contact.ts';
import { handler as getContact } from '#functions/contacts/get-contact.ts';
import { handler as updateContact } from '#functions/contacts/update-contact.ts';
import { MAX_CONTACTS } from '#lib/contacts/schemas.ts';
import { type Caller, invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { create, world } from '../customers/world.ts';
import { addContact, contactsOf, freshMobile } from './world.ts';

const post = (as: Caller, customerId: string, body: unknown, headers?: Record<string, string>) =>
  invoke('POST /v1/customers/{id}/contacts', createContact, {
    as,
    params: { id: customerId },
    body,
    ...(headers ? { headers } : {}),
  });
const patch = (as: Caller, id: string, body: unknown, version?: number) =>
  invoke('PATCH /v1/contacts/{id}', updateContact, {
    as,
    params: { id },
    body,
    ...(version !== undefined ? { headers: { 'if-match': `"${version}"` } } : {}),
  });
const get = (as: Caller, id: string) => invoke('GET /v1/contacts/{id}', getContact, { as, params: { id } });
const remove = (as: Caller, id: string) =>
  invoke('DELETE /v1/contacts/{id}', deleteContact, { as, params: { id } });

async function company() {
  const t = await newTenant();
  const rep = await t.addUser('张三', t.roles.rep);
  const peer = await t.addUser('李四', t.roles.rep);
  return { t, rep, peer };
}

describe('POST /v1/customers/{id}/contacts', () => {
  it('adds a contact with E.164 phones, Location and ETag; the first contact becomes primary', async () => {
    const { rep } = await company();
    const c = await create(rep);

    const res = await post(rep, c.id, {
      name: '王经理',
      title: '采购经理',
      mobile: '138 0013 8000',
      phone: '010-12345678',
      email: 'wang@example.com',
      birthday: '1985-06-01',
      notes: '喜欢喝茶',
    });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/contacts/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      customerId: c.id,
      customerName: c.name,
      ownerId: rep.userId,
      name: '王经理',
      mobile: '+8613800138000',
      phone: '+861012345678',
      birthday: '1985-06-01',
      notes: '喜欢喝茶',
      primary: true,
      version: 1,
    });
    expect((await contactsOf(rep, c.id)).map((x) => x.id)).toEqual([res.body.id]);
  });

  it('answers 400 with field paths for bad input and writes nothing', async () => {
    const { rep } = await company();
    const c = await create(rep);

    const unknown = await post(rep, c.id, { name: '甲', nickname: 'x' });
    const badPhone = await post(rep, c.id, { name: '甲', mobile: '12345' });
    const noName = await post(rep, c.id, { mobile: '13800138000' });
    const badDate = await post(rep, c.id, { name: '甲', birthday: '1985-13-40' });

    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'body', code: 'unknown_field' })]);
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.errors).toEqual([
      { path: 'body.mobile', code: 'invalid_phone', message: expect.any(String) },
    ]);
    expect(noName.status).toBe(400);
    expect(noName.body.errors[0].path).toBe('body.name');
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors[0].path).toBe('body.birthday');
    expect(await contactsOf(rep, c.id)).toEqual([]);
  });

  it('replays a retry with the same Idempotency-Key and adds one contact', async () => {
    const { rep } = await company();
    const c = await create(rep);
    const headers = { 'idempotency-key': 'contact-once' };

    const first = await post(rep, c.id, { name: '甲' }, headers);
    const retry = await post(rep, c.id, { name: '甲' }, headers);

    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await contactsOf(rep, c.id)).toHaveLength(1);
  });

  it('answers 404 for a customer the caller cannot see, 403 where it may only look', async () => {
    const w = await world();
    const c = await create(w.owner);

    expect((await post(w.peer, c.id, { name: '甲' })).status).toBe(404);
    expect((await post(w.outsider, c.id, { name: '甲' })).status).toBe(404);
    const viewOnly = await post(w.assistant, c.id, { name: '甲' });
    expect(viewOnly.status).toBe(403);
    expect(await contactsOf(w.owner, c.id)).toEqual([]);
  });

  it('makes a new primary contact the only one, in the same transaction', async () => {
    const { rep } = await company();
    const c = await create(rep);
    const first = await addContact(rep, c.id, { name: '甲' });

    const second = await addContact(rep, c.id, { name: '乙', primary: true });

    expect(second.primary).toBe(true);
    const contacts = await contactsOf(rep, c.id);
    expect(contacts.filter((x) => x.primary).map((x) => x.id)).toEqual([second.id]);
    expect((await get(rep, first.id)).body).toMatchObject({ primary: false, version: 2 });
  });

  it('keeps exactly one primary when many primary contacts are added at once', async () => {
    const { rep } = await company();
    const c = await create(rep);

    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => post(rep, c.id, { name: `联系人${i}`, primary: true })),
    );

    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const contacts = await contactsOf(rep, c.id);
    expect(contacts).toHaveLength(6);
    expect(contacts.filter((x) => x.primary)).toHaveLength(1);
  });

  it(`stops at ${MAX_CONTACTS} contacts per customer, also when the last ones race (422)`, async () => {
    const { rep } = await company();
    const c = await create(rep);
    for (let i = 0; i < MAX_CONTACTS - 2; i++) await addContact(rep, c.id, { name: `联系人${i}` });

    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => post(rep, c.id, { name: `新人${i}` })),
    );

    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 422, 422, 422]);
    expect(results.find((r) => r.status === 422)?.body.code).toBe('too_many_contacts');
    expect(await contactsOf(rep, c.id)).toHaveLength(MAX_CONTACTS);
  });
});

describe('GET /v1/contacts/{id}', () => {
  it('returns the contact with its ETag; 404 for a peer and for another tenant', async () => {
    const w = await world();
    const c = await create(w.owner);
    const contact = await addContact(w.owner, c.id, { name: '甲' });

    const res = await get(w.manager, contact.id);

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ id: contact.id, customerId: c.id, name: '甲' });
    expect((await get(w.peer, contact.id)).status).toBe(404);
    expect((await get(w.outsider, contact.id)).status).toBe(404);
  });
});

describe('PATCH /v1/contacts/{id}', () => {
  it('edits at the version read and answers the new ETag', async () => {
    const { rep } = await company();
    const c = await create(rep);
    const contact = await addContact(rep, c.id, { name: '甲', notes: '旧' });

    const res = await patch(rep, contact.id, { name: '甲先生', mobile: '13900000000', notes: null }, 1);

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({ name: '甲先生', mobile: '+8613900000000', notes: null, version: 2 });
  });

  it('answers 428 without If-Match, 412 for a stale version, 400 for bad input, changing nothing', async () => {
    const { rep } = await company();
    const c = await create(rep);
    const contact = await addContact(rep, c.id, { name: '甲' });

    const missing = await patch(rep, contact.id, { name: '乙' });
    const stale = await patch(rep, contact.id, { name: '乙' }, 7);
    const bad = await patch(rep, contact.id, { phone: 'not a phone' }, 1);
    const empty = await patch(rep, contact.id, {}, 1);

    expect([missing.status, stale.status, bad.status, empty.status]).toEqual([428, 412, 400, 400]);
    expect(bad.body.errors).toEqual([
      { path: 'body.phone', code: 'invalid_phone', message: expect.any(String) },
    ]);
    expect((await get(rep, contact.id)).body).toMatchObject({ name: '甲', version: 1 });
  });

  it('lets exactly one of many concurrent edits at one version win (412 for the rest)', async () => {
    const { rep } = await company();
    const c = await create(rep);
    const contact = await addContact(rep, c.id, { name: '甲' });

    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => patch(rep, contact.id, { title: `职位${i}` }, 1)),
    );

    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412]);
  });

  it('moves the primary flag: the other contact loses it in the same transaction', async () => {
    const { rep } = await company();
    const c = await create(rep);
    const first = await addContact(rep, c.id, { name: '甲' });
    const second = await addContact(rep, c.id, { name: '乙' });

    const res = await patch(rep, second.id, { primary: true }, second.version);

    expect(res.body.primary).toBe(true);
    const contacts = await contactsOf(rep, c.id);
    expect(contacts.filter((x) => x.primary).map((x) => x.id)).toEqual([second.id]);
    expect(contacts.find((x) => x.id === first.id)?.primary).toBe(false);
  });

  it('ends with exactly one primary when every contact claims it at once', async () => {
    const { rep } = await company();
    const c = await create(rep);
    const contacts = [];
    for (const name of ['甲', '乙', '丙', '丁']) contacts.push(await addContact(rep, c.id, { name }));

    const results = await Promise.all(contacts.map((x) => patch(rep, x.id, { primary: true }, x.version)));

    // A contact that lost the flag to a faster claim has a new version: its claim is stale (412).
    expect(results.every((r) => r.status === 200 || r.status === 412)).toBe(true);
    expect(results.some((r) => r.status === 200)).toBe(true);
    expect((await contactsOf(rep, c.id)).filter((x) => x.primary)).toHaveLength(1);
  });

  it('answers 404 to a peer and another tenant, 403 to a viewer without edit rights', async () => {
    const w = await world();
    const c = await create(w.owner);
    const contact = await addContact(w.owner, c.id, { name: '甲' });

    expect((await patch(w.peer, contact.id, { name: '乙' }, 1)).status).toBe(404);
    expect((await patch(w.outsider, contact.id, { name: '乙' }, 1)).status).toBe(404);
    expect((await patch(w.assistant, contact.id, { name: '乙' }, 1)).status).toBe(403);
  });
});

describe('DELETE /v1/contacts/{id}', () => {
  it('deletes the contact; the next contact of a customer without primary becomes primary', async () => {
    const { rep } = await company();
    const c = await create(rep);
    const first = await addContact(rep, c.id, { name: '甲', mobile: freshMobile() });

    const res = await remove(rep, first.id);

    expect(res.status).toBe(204);
    expect((await get(rep, first.id)).status).toBe(404);
    expect((await remove(rep, first.id)).status).toBe(404);
    expect((await addContact(rep, c.id, { name: '乙' })).primary).toBe(true);
  });

  it('answers 404 to a peer and another tenant, keeping the contact', async () => {
    const w = await world();
    const c = await create(w.owner);
    const contact = await addContact(w.owner, c.id, { name: '甲' });

    expect((await remove(w.peer, contact.id)).status).toBe(404);
    expect((await remove(w.outsider, contact.id)).status).toBe(404);
    expect((await get(w.owner, contact.id)).status).toBe(200);
  });
});

describe('initial contacts of POST /v1/customers', () => {
  it('are full contacts: found by id, listed, searchable', async () => {
    const { rep } = await company();
    const mobile = freshMobile();

    const c = await create(rep, {
      contacts: [{ name: '赵六', mobile, birthday: '1990-01-02' }, { name: '钱七' }],
    });

    const contacts = await contactsOf(rep, c.id);
    expect(contacts.map((x) => [x.name, x.primary])).toEqual(
      expect.arrayContaining([
        ['赵六', true],
        ['钱七', false],
      ]),
    );
    const first = contacts.find((x) => x.name === '赵六') as { id: string };
    expect((await get(rep, first.id)).body).toMatchObject({
      mobile,
      birthday: '1990-01-02',
      customerName: c.name,
    });
  });
});
