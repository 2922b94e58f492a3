import { describe, expect, it } from 'vitest';
import { handler as createUser } from '#functions/org/create-user.ts';
import { handler as deleteUser } from '#functions/org/delete-user.ts';
import { handler as getDirectory } from '#functions/org/get-directory.ts';
import { handler as getMe } from '#functions/org/get-me.ts';
import { handler as getUser } from '#functions/org/get-user.ts';
import { indexUserNames } from '#functions/org/index-user-names.ts';
import { handler as listUsers } from '#functions/org/list-users.ts';
import { handler as updateUser } from '#functions/org/update-user.ts';
import { usersPrefix } from '#lib/db/keys.ts';
import { queryAll } from '#lib/db/query.ts';
import { listUsersBelow } from '#lib/org/repository.ts';
import { invoke } from '#tests/support/api.ts';
import { newTenant } from '#tests/support/tenants.ts';
import { context, streamEvent } from '../streams/world.ts';

describe('users', () => {
  it('creates a user in a role, who can then call the API', async () => {
    const t = await newTenant();

    const res = await invoke('POST /v1/users', createUser, {
      as: t.admin,
      body: { name: '张三', phone: '13812345678', email: 'zhangsan@example.com', roleId: t.roles.rep.id },
    });
    const me = await invoke('GET /v1/me', getMe, { as: { tenantId: t.tenantId, userId: res.body.id } });

    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/users/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: '张三',
      roleId: t.roles.rep.id,
      disabled: false,
      rolePath: t.roles.rep.path,
    });
    expect(me.status).toBe(200);
  });

  it('reads one user at the location a create answers, with the ETag a PATCH needs', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const rep = await t.addUser('李四', t.roles.rep);
    const gone = await t.addUser('王五', t.roles.rep);
    await invoke('DELETE /v1/users/{id}', deleteUser, { as: t.admin, params: { id: gone.userId } });
    const get = (as: typeof t.admin, id: string) =>
      invoke('GET /v1/users/{id}', getUser, { as, params: { id } });

    const found = await get(t.admin, rep.userId);

    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: rep.userId, name: '李四', roleId: t.roles.rep.id, version: 1 });
    expect(found.headers.etag).toBe('"1"');
    expect((await get(rep, rep.userId)).status).toBe(403);
    expect((await get(other.admin, rep.userId)).status).toBe(404);
    expect((await get(t.admin, gone.userId)).status).toBe(404);
    expect((await get(t.admin, 'not-an-id')).status).toBe(400);
  });

  it('rejects bad input with field paths and creates nobody', async () => {
    const t = await newTenant();

    const res = await invoke('POST /v1/users', createUser, {
      as: t.admin,
      body: { name: '', email: 'not-an-email', roleId: 'nope' },
    });
    const list = await invoke('GET /v1/users', listUsers, { as: t.admin });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.email',
      'body.name',
      'body.roleId',
    ]);
    expect(list.body.items).toHaveLength(1);
  });

  it('refuses a role of another tenant (404) and a rep managing users (403)', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const foreign = await invoke('POST /v1/users', createUser, {
      as: t.admin,
      body: { name: '李四', roleId: other.roles.rep.id },
    });
    const forbidden = await invoke('POST /v1/users', createUser, {
      as: rep,
      body: { name: '李四', roleId: t.roles.rep.id },
    });

    expect(foreign.status).toBe(404);
    expect(forbidden.status).toBe(403);
  });

  it("answers 404 for another tenant's user id", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const stranger = await other.addUser('外人', other.roles.rep);

    const res = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: stranger.userId },
      body: { disabled: true },
      headers: { 'if-match': '"1"' },
    });

    expect(res.status).toBe(404);
  });

  it('disables a user, whose next request is refused with 401', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: rep.userId },
      body: { disabled: true },
      headers: { 'if-match': '"1"' },
    });
    const me = await invoke('GET /v1/me', getMe, { as: rep });

    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('user_disabled');
  });

  it('lets exactly one of many concurrent edits with the same ETag win', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        invoke('PATCH /v1/users/{id}', updateUser, {
          as: t.admin,
          params: { id: rep.userId },
          body: { name: `张三${i}` },
          headers: { 'if-match': '"1"' },
        }),
      ),
    );

    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(5);
  });

  it('moves a user to another role, keeping the member counts true', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: rep.userId },
      body: { roleId: t.roles.manager.id },
      headers: { 'if-match': '"1"' },
    });

    expect(res.status).toBe(200);
    expect(res.body.rolePath).toBe(t.roles.manager.path);
    const me = await invoke('GET /v1/me', getMe, { as: rep });
    expect(me.body.role).toMatchObject({ id: t.roles.manager.id, memberCount: 1 });
  });

  it('keeps an admin from locking themselves out', async () => {
    const t = await newTenant();

    const res = await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: t.admin.userId },
      body: { disabled: true },
      headers: { 'if-match': '"1"' },
    });

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('self_lockout');
  });

  it('deletes a user: their tokens stop working and they leave the directory', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);

    const res = await invoke('DELETE /v1/users/{id}', deleteUser, {
      as: t.admin,
      params: { id: rep.userId },
    });
    const me = await invoke('GET /v1/me', getMe, { as: rep });
    const again = await invoke('DELETE /v1/users/{id}', deleteUser, {
      as: t.admin,
      params: { id: rep.userId },
    });
    const directory = await invoke('GET /v1/directory', getDirectory, { as: t.admin });

    expect(res.status).toBe(204);
    expect(me.status).toBe(401);
    expect(again.status).toBe(404);
    expect(directory.body.items.map((u: { name: string }) => u.name)).not.toContain('张三');
  });

  it('finds every user below a role in one query, never peers or superiors', async () => {
    const t = await newTenant();
    const manager = await t.addUser('王经理', t.roles.manager);
    const peerManager = await t.addUser('赵经理', t.roles.manager);
    const rep = await t.addUser('张三', t.roles.rep);

    const belowManager = await listUsersBelow(t.tenantId, t.roles.manager.path);
    const belowRoot = await listUsersBelow(t.tenantId, t.roles.root.path);

    expect(belowManager.map((u) => u.id)).toEqual([rep.userId]);
    expect(belowRoot.map((u) => u.id).sort()).toEqual(
      [manager.userId, peerManager.userId, rep.userId].sort(),
    );
  });

  it('pages through users without losing or repeating anyone', async () => {
    const t = await newTenant();
    for (let i = 0; i < 7; i++) await t.addUser(`员工${i}`, t.roles.rep);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await invoke('GET /v1/users', listUsers, {
        as: t.admin,
        query: { limit: '3', ...(cursor ? { cursor } : {}) },
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((u: { id: string }) => u.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);

    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
  });
});

describe('directory', () => {
  it('finds colleagues by name, pinyin initials and phone, with role names', async () => {
    const t = await newTenant();
    await t.addUser('张三', t.roles.rep);
    await t.addUser('李四', t.roles.rep);
    await invoke('POST /v1/users', createUser, {
      as: t.admin,
      body: { name: '王五', phone: '13912345678', roleId: t.roles.rep.id },
    });
    // The user-search consumer adds the pinyin as the stream delivers the new users.
    const { pk, skPrefix } = usersPrefix(t.tenantId);
    const users = await queryAll<Record<string, unknown>>({
      tenantId: t.tenantId,
      pk,
      sk: { beginsWith: skPrefix },
    });
    await indexUserNames(streamEvent(...users.map((after) => ({ after }))), context('user-search'));

    const byPhone = await invoke('GET /v1/directory', getDirectory, {
      as: t.admin,
      query: { q: '13912345678' },
    });
    const byPinyin = await invoke('GET /v1/directory', getDirectory, { as: t.admin, query: { q: 'zs' } });
    const byName = await invoke('GET /v1/directory', getDirectory, { as: t.admin, query: { q: '李' } });

    expect(byPinyin.body.items.map((u: { name: string }) => u.name)).toEqual(['张三']);
    expect(byPinyin.body.items[0].roleName).toBe('销售员');
    expect(byPinyin.body.items[0].superiorRoleName).toBe('销售经理');
    expect(byName.body.items.map((u: { name: string }) => u.name)).toEqual(['李四']);
    expect(byPhone.body.items.map((u: { name: string }) => u.name)).toEqual(['王五']);
  });

  it('is open to every user but hides disabled colleagues', async () => {
    const t = await newTenant();
    const rep = await t.addUser('张三', t.roles.rep);
    const gone = await t.addUser('王五', t.roles.rep);
    await invoke('PATCH /v1/users/{id}', updateUser, {
      as: t.admin,
      params: { id: gone.userId },
      body: { disabled: true },
      headers: { 'if-match': '"1"' },
    });

    const res = await invoke('GET /v1/directory', getDirectory, { as: rep });

    expect(res.status).toBe(200);
    expect(res.body.items.map((u: { name: string }) => u.name).sort()).toEqual(['张三', '管理员'].sort());
  });
});
