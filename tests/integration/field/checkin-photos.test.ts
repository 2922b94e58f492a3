import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as createCheckin } from '#functions/field/create-checkin.ts';
import { handler as getCheckin } from '#functions/field/get-checkin.ts';
import { handler as listCustomerAttachments } from '#functions/files/list-customer-attachments.ts';
import { checkinsOf } from '#lib/db/keys.ts';
import { queryAll } from '#lib/db/query.ts';
import { invoke } from '#tests/support/api.ts';
import { complete, create, read, stored, upload, type World, world } from '../files/world.ts';

/**
 * Photos on a check-in (API.md: POST /v1/checkins attachmentIds): the caller's confirmed uploads move
 * onto the check-in in its transaction (lib/attachment-links), and then show with it and download for
 * whoever sees it; anything else is a 400 that changes nothing.
 */
let w: World;
beforeAll(async () => {
  w = await world();
});

const here = { lat: 31.2304, lng: 121.4737, accuracyM: 15 };
const checkIn = (as: World['owner'], body: Record<string, unknown>) =>
  invoke('POST /v1/checkins', createCheckin, { as, body: { location: here, ...body } });
const photo = async (as: World['owner'], customerId: string, confirm = true) => {
  const id = await upload(
    as,
    { kind: 'customer', id: customerId },
    randomBytes(2048),
    'image/jpeg',
    '门头.jpg',
  );
  if (confirm) expect((await complete(as, id)).status).toBe(200);
  return id;
};
const checkinCount = async (as: World['owner']) =>
  (await queryAll({ tenantId: w.tenantId, pk: checkinsOf(w.tenantId, as.userId).pk })).length;

describe('a check-in with photos', () => {
  it('takes the caller’s confirmed uploads: they show on the check-in and leave the customer’s documents', async () => {
    const c = await create(w.owner);
    const photos = [await photo(w.owner, c.id), await photo(w.owner, c.id)];

    const res = await checkIn(w.owner, { customerId: c.id, note: '上门拜访', attachmentIds: photos });

    expect(res.status).toBe(201);
    expect(res.body.attachments).toEqual(
      photos.map((id) => ({ id, fileName: '门头.jpg', contentType: 'image/jpeg', size: 2048 })),
    );
    const got = await invoke('GET /v1/checkins/{id}', getCheckin, {
      as: w.manager,
      params: { id: res.body.id },
    });
    expect(got.body.attachments.map((a: { id: string }) => a.id)).toEqual(photos);
    for (const id of photos) {
      expect(await stored(w.tenantId, { kind: 'checkin', id: res.body.id }, id)).toMatchObject({
        state: 'ready',
      });
      expect(await stored(w.tenantId, { kind: 'customer', id: c.id }, id)).toBeUndefined();
      // Whoever sees the check-in downloads its photos.
      const download = await read(w.manager, id);
      expect(download.status).toBe(200);
      expect(download.body.target).toEqual({ kind: 'checkin', id: res.body.id });
    }
    const documents = await invoke('GET /v1/customers/{id}/attachments', listCustomerAttachments, {
      as: w.owner,
      params: { id: c.id },
    });
    expect(documents.body.items).toEqual([]);
  });

  it('refuses unknown, foreign, unconfirmed, someone else’s and taken photos with problem+json, changing nothing', async () => {
    const c = await create(w.owner);
    const mine = await photo(w.owner, c.id);
    const pending = await photo(w.owner, c.id, false);
    const theirs = await photo(w.manager, c.id);
    const foreignCustomer = await create(w.outsider);
    const foreign = await photo(w.outsider, foreignCustomer.id);
    const taken = await photo(w.owner, c.id);
    expect((await checkIn(w.owner, { customerId: c.id, attachmentIds: [taken] })).status).toBe(201);
    const before = await checkinCount(w.owner);

    const res = await checkIn(w.owner, {
      customerId: c.id,
      attachmentIds: [mine, ulid(), pending, theirs, foreign, taken],
    });

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['body.attachmentIds.1', 'unknown_attachment'],
      ['body.attachmentIds.2', 'attachment_not_ready'],
      ['body.attachmentIds.3', 'not_your_attachment'],
      ['body.attachmentIds.4', 'unknown_attachment'],
      ['body.attachmentIds.5', 'attachment_taken'],
    ]);
    expect(await checkinCount(w.owner)).toBe(before);
    expect(await stored(w.tenantId, { kind: 'customer', id: c.id }, mine)).toMatchObject({ state: 'ready' });
    const dup = await checkIn(w.owner, { customerId: c.id, attachmentIds: [mine, mine] });
    expect(dup.status).toBe(400);
  });

  it('gives a photo to one of two check-ins racing for it', async () => {
    const c = await create(w.owner);
    const id = await photo(w.owner, c.id);

    const results = await Promise.all(
      [1, 2].map(() => checkIn(w.owner, { customerId: c.id, attachmentIds: [id] })),
    );

    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
