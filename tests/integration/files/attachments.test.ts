import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as createCheckin } from '#functions/field/create-checkin.ts';
import { handler as deleteAttachment } from '#functions/files/delete-attachment.ts';
import { handler as listCustomerAttachments } from '#functions/files/list-customer-attachments.ts';
import { handler as createFollowUp } from '#functions/followups/create-followup.ts';
import { setQuotaLimits } from '#lib/files/repository.ts';
import { invoke } from '#tests/support/api.ts';
import { task } from '../office/world.ts';
import {
  announce,
  complete,
  create,
  objectExists,
  overwrite,
  quota,
  read,
  stored,
  upload,
  type World,
  world,
} from './world.ts';

let w: World;
beforeAll(async () => {
  w = await world();
});

const target = (id: string) => ({ kind: 'customer', id });
const documents = (as: World['owner'], id: string) =>
  invoke('GET /v1/customers/{id}/attachments', listCustomerAttachments, { as, params: { id } });
const checkIn = (as: World['owner'], body: Record<string, unknown>) =>
  invoke('POST /v1/checkins', createCheckin, { as, body });
const remove = (as: World['owner'], id: string) =>
  invoke('DELETE /v1/attachments/{id}', deleteAttachment, { as, params: { id } });

describe('an upload through the presigned URL', () => {
  it('is confirmed, listed with its customer and downloads as the same bytes', async () => {
    const c = await create(w.owner);
    const bytes = randomBytes(4096);
    const id = await upload(w.owner, target(c.id), bytes);

    const done = await complete(w.owner, id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id, state: 'ready', size: 4096, fileName: '报价单.pdf' });

    const got = await read(w.owner, id);
    expect(got.status).toBe(200);
    const download = await fetch(got.body.download.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''%E6%8A%A5");

    const list = await documents(w.owner, c.id);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(await quota(w.tenantId)).toMatchObject({ fileCount: expect.any(Number) });
  });

  it('keeps the object under the tenant and shows a pending upload to nobody’s list', async () => {
    const c = await create(w.owner);
    const res = await announce(w.owner, {
      fileName: 'a/b.pdf',
      contentType: 'application/pdf',
      size: 10,
      target: target(c.id),
    });
    expect(res.status).toBe(400);

    const id = await upload(w.owner, target(c.id), randomBytes(10));
    const item = await stored(w.tenantId, target(c.id), id);
    expect(item?.objectKey).toMatch(new RegExp(`^${w.tenantId}/${id}/`));
    expect(item?.expiresAt).toEqual(expect.any(Number));
    expect((await documents(w.owner, c.id)).body.items).toEqual([]);
  });

  it('answers a retried announcement (same Idempotency-Key) with the first upload', async () => {
    const c = await create(w.owner);
    const body = { fileName: 'x.png', contentType: 'image/png', size: 3, target: target(c.id) };
    const headers = { 'idempotency-key': `att-${c.id}` };
    const [a, b] = [await announce(w.owner, body, headers), await announce(w.owner, body, headers)];
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
  });
});

describe('a refused upload', () => {
  it('of another size is refused on completion and its object removed', async () => {
    const c = await create(w.owner);
    const before = await quota(w.tenantId);
    const id = await upload(w.owner, target(c.id), randomBytes(100));
    const { objectKey } = (await stored(w.tenantId, target(c.id), id)) as { objectKey: string };
    await overwrite(objectKey, randomBytes(150), 'application/pdf');

    const res = await complete(w.owner, id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('upload_rejected');
    expect(await objectExists(objectKey)).toBe(false);
    expect((await read(w.owner, id)).status).toBe(404);
    expect(await quota(w.tenantId)).toEqual(before);
  });

  it('of another type is refused on completion and its object removed', async () => {
    const c = await create(w.owner);
    const id = await upload(w.owner, target(c.id), Buffer.from('hello'), 'text/plain', 'a.txt');
    const { objectKey } = (await stored(w.tenantId, target(c.id), id)) as { objectKey: string };
    await overwrite(objectKey, Buffer.from('hello'), 'application/x-msdownload');

    const res = await complete(w.owner, id);
    expect(res.status).toBe(422);
    expect(await objectExists(objectKey)).toBe(false);
  });

  it('is bound by its URL to the announced type, length and pending tag (S3 refuses others)', async () => {
    const c = await create(w.owner);
    const res = await announce(w.owner, {
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      size: 10,
      target: target(c.id),
    });
    const signed = new URL(res.body.upload.url).searchParams.get('X-Amz-SignedHeaders')?.split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-type', 'content-length', 'x-amz-tagging']));
    expect(res.body.upload.headers).toEqual({
      'content-type': 'application/pdf',
      'content-length': '10',
      'x-amz-tagging': 'state=pending',
    });
  });

  it('sent with another type (a server that does not check signed headers took it) is refused', async () => {
    const c = await create(w.owner);
    const res = await announce(w.owner, {
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      size: 10,
      target: target(c.id),
    });
    const { url, headers } = res.body.upload;
    await fetch(url, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'text/html' },
      body: Buffer.alloc(10),
    });
    const done = await complete(w.owner, res.body.id);
    expect(done.status).toBe(422);
    expect(done.body.problems).toEqual(expect.arrayContaining(['a type that is not allowed']));
  });

  it('confirmed before anything was uploaded answers 409 upload_missing and stays pending', async () => {
    const c = await create(w.owner);
    const res = await announce(w.owner, {
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      size: 10,
      target: target(c.id),
    });
    const done = await complete(w.owner, res.body.id);
    expect(done.status).toBe(409);
    expect(done.body.code).toBe('upload_missing');
    expect((await read(w.owner, res.body.id)).body).toMatchObject({ state: 'pending', download: null });
  });

  it('of a type outside the allow-list is refused before any upload, changing nothing', async () => {
    const c = await create(w.owner);
    const res = await announce(w.owner, {
      fileName: 'run.exe',
      contentType: 'application/x-msdownload',
      size: 10,
      target: target(c.id),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'body.contentType', code: 'type_not_allowed' });
  });

  it.each([
    [{ fileName: 'a.pdf', contentType: 'application/pdf', size: 0 }, 'body.size'],
    [{ fileName: 'a.pdf', contentType: 'application/pdf', size: 100 * 1024 * 1024 + 1 }, 'body.size'],
    [{ fileName: '', contentType: 'application/pdf', size: 1 }, 'body.fileName'],
    [{ fileName: 'a.pdf', contentType: 'application/pdf', size: 1, extra: 1 }, 'body'],
  ])('with bad input %j answers 400 at %s', async (body, path) => {
    const c = await create(w.owner);
    const res = await announce(w.owner, { ...body, target: target(c.id) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('to a task: seen by whoever sees the task, 404 to a peer it does not involve', async () => {
    const t = await task(w.owner, { title: '准备报价', assigneeId: w.owner.userId });
    const id = await upload(w.owner, { kind: 'task', id: t.id }, randomBytes(128));

    expect((await complete(w.owner, id)).status).toBe(200);
    expect((await read(w.owner, id)).status).toBe(200);
    expect((await read(w.peer, id)).status).toBe(404);
  });
});

describe('the storage quota', () => {
  it('lets exactly one of two racing uploads in when both would not fit', async () => {
    const t = await world();
    await setQuotaLimits(t.tenantId, { maxFiles: 100, maxBytes: 150 });
    const c = await create(t.owner);
    const ids = await Promise.all([
      upload(t.owner, target(c.id), randomBytes(100)),
      upload(t.owner, target(c.id), randomBytes(100)),
    ]);
    const keys = await Promise.all(
      ids.map(async (id) => (await stored(t.tenantId, target(c.id), id))?.objectKey),
    );

    const results = await Promise.all(ids.map((id) => complete(t.owner, id)));

    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('quota_exceeded');
    expect(await quota(t.tenantId)).toEqual({ fileCount: 1, bytes: 100 });
    const loser = results.findIndex((r) => r.status === 409);
    expect(await objectExists(keys[loser] as string)).toBe(false);
    expect((await documents(t.owner, c.id)).body.items).toHaveLength(1);
  });

  it('refuses an announcement that cannot fit, before any upload', async () => {
    const t = await world();
    await setQuotaLimits(t.tenantId, { maxFiles: 1, maxBytes: 1000 });
    const c = await create(t.owner);
    await complete(t.owner, await upload(t.owner, target(c.id), randomBytes(10)));
    const res = await announce(t.owner, {
      fileName: 'b.pdf',
      contentType: 'application/pdf',
      size: 10,
      target: target(c.id),
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('quota_exceeded');
  });
});

describe('who sees and deletes an attachment', () => {
  it('follows the customer: owner, superior, viewAll and admin see it; peer, intern, other tenant get 404', async () => {
    const c = await create(w.owner);
    const id = await upload(w.owner, target(c.id), randomBytes(10));
    await complete(w.owner, id);

    const status = async (as: World['owner']) => (await read(as, id)).status;
    expect({
      owner: await status(w.owner),
      manager: await status(w.manager),
      assistant: await status(w.assistant),
      admin: await status(w.admin),
      peer: await status(w.peer),
      intern: await status(w.intern),
      outsider: await status(w.outsider),
    }).toEqual({
      owner: 200,
      manager: 200,
      assistant: 200,
      admin: 200,
      peer: 404,
      intern: 404,
      outsider: 404,
    });
    expect((await documents(w.peer, c.id)).status).toBe(404);
    expect((await documents(w.outsider, c.id)).status).toBe(404);
  });

  it('is deleted with its object by the uploader, not by others who see it', async () => {
    const t = await world();
    const c = await create(t.owner);
    const id = await upload(t.owner, target(c.id), randomBytes(64));
    await complete(t.owner, id);
    const { objectKey } = (await stored(t.tenantId, target(c.id), id)) as { objectKey: string };

    expect((await remove(t.manager, id)).status).toBe(403);
    expect((await remove(t.peer, id)).status).toBe(404);
    expect((await remove(t.outsider, id)).status).toBe(404);
    expect((await remove(t.owner, id)).status).toBe(204);

    expect(await objectExists(objectKey)).toBe(false);
    expect((await read(t.owner, id)).status).toBe(404);
    expect(await quota(t.tenantId)).toEqual({ fileCount: 0, bytes: 0 });
  });

  it('cannot be confirmed by anyone but its uploader', async () => {
    const c = await create(w.owner);
    const id = await upload(w.owner, target(c.id), randomBytes(10));
    expect((await complete(w.manager, id)).status).toBe(403);
    expect((await complete(w.outsider, id)).status).toBe(404);
  });
});

describe('other targets', () => {
  it('takes a check-in’s photos, seen by who sees the check-in (its user and superiors)', async () => {
    const made = await checkIn(w.owner, { location: { lat: 31.23, lng: 121.47 } });
    const photo = { kind: 'checkin', id: made.body.id };
    const id = await upload(w.owner, photo, randomBytes(32), 'image/jpeg', 'IMG_0001.jpg');
    expect((await complete(w.owner, id)).status).toBe(200);

    expect((await read(w.manager, id)).status).toBe(200);
    expect((await read(w.peer, id)).status).toBe(404);
    expect(
      (await announce(w.peer, { fileName: 'x.jpg', contentType: 'image/jpeg', size: 1, target: photo }))
        .status,
    ).toBe(404);
  });

  it('takes a follow-up record’s and a contact’s files, visible with their customer', async () => {
    const c = await create(w.owner, { contacts: [{ name: '王经理' }] });
    const record = await invoke('POST /v1/customers/{id}/followups', createFollowUp, {
      as: w.owner,
      params: { id: c.id },
      body: { content: '电话沟通' },
    });
    for (const t of [
      { kind: 'followup', id: record.body.id },
      { kind: 'contact', id: c.contacts[0].id },
    ]) {
      const id = await upload(w.owner, t, randomBytes(8));
      expect((await complete(w.owner, id)).status, t.kind).toBe(200);
      expect((await read(w.assistant, id)).status, t.kind).toBe(200);
      expect((await read(w.peer, id)).status, t.kind).toBe(404);
    }
    expect(
      (
        await announce(w.owner, {
          fileName: 'a.pdf',
          contentType: 'application/pdf',
          size: 1,
          target: { kind: 'contact', id: c.id },
        })
      ).status,
    ).toBe(404);
  });
});
