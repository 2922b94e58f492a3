import { ulid } from 'ulid';
import { now } from '../../clock.ts';
import type { Auth } from '../../http/auth.ts';
import { BadRequest, Forbidden, NotFound } from '../../http/errors.ts';
import { getRoles, getUsers, listRoles, listUsersInSubtree } from '../../org/repository.ts';
import { activeUsers } from '../users.ts';
import * as repo from './repository.ts';
import type { Announcement, Audience, CreateAnnouncementInput, UpdateAnnouncementInput } from './schemas.ts';

/** Announcements (公告): addressed to all, roles with their subtrees, or users; read receipts. */

export async function publish(auth: Auth, input: CreateAnnouncementInput): Promise<Announcement> {
  const roleIds = input.audience.roleIds ?? [];
  if (roleIds.length) {
    const found = new Set((await getRoles(auth.tenantId, roleIds)).map((r) => r.id));
    const missing = roleIds.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
    if (missing.length)
      throw new BadRequest(
        'Some roles do not exist.',
        missing.map(({ i }) => ({
          path: `body.audience.roleIds.${i}`,
          code: 'unknown_role',
          message: 'No role has this id.',
        })),
      );
  }
  await activeUsers(auth.tenantId, [{ path: 'body.audience.userIds', ids: input.audience.userIds ?? [] }]);
  const at = now().toISOString();
  const a: Announcement = {
    id: ulid(),
    title: input.title,
    content: input.content,
    audience: {
      ...(input.audience.all ? { all: true } : {}),
      ...(roleIds.length ? { roleIds } : {}),
      ...(input.audience.userIds?.length ? { userIds: input.audience.userIds } : {}),
    },
    pinned: input.pinned,
    validFrom: input.validFrom ? new Date(input.validFrom).toISOString() : at,
    validTo: input.validTo ? new Date(input.validTo).toISOString() : null,
    publisherId: auth.userId,
    publisherName: auth.userName,
    publishedAt: at,
    updatedAt: at,
    version: 1,
  };
  await repo.createAnnouncement(auth.tenantId, a);
  return a;
}

const manages = (auth: Auth, a: Announcement) => auth.isAdmin || a.publisherId === auth.userId;

/** An announcement the caller is addressed by (it counts as read), publishes or administers. */
export async function read(auth: Auth, id: string): Promise<Announcement> {
  const a = await repo.getAnnouncement(auth.tenantId, id);
  if (!a) throw new NotFound('announcement');
  const me = await repo.getRecipient(auth.tenantId, id, auth.userId);
  if (!me && !manages(auth, a)) throw new NotFound('announcement');
  if (me && !me.read) await repo.markRead(auth.tenantId, id, auth.userId, now().toISOString());
  return a;
}

async function loadManaged(auth: Auth, id: string): Promise<Announcement> {
  const a = await repo.getAnnouncement(auth.tenantId, id);
  if (!a) throw new NotFound('announcement');
  if (!manages(auth, a)) {
    if (await repo.getRecipient(auth.tenantId, id, auth.userId))
      throw new Forbidden('Only its publisher or an administrator may do this.', 'not_publisher');
    throw new NotFound('announcement');
  }
  return a;
}

export async function update(auth: Auth, id: string, expected: number, patch: UpdateAnnouncementInput) {
  const a = await loadManaged(auth, id);
  if (a.version !== expected) throw new repo.StaleAnnouncement();
  const next: Announcement = {
    ...a,
    ...patch,
    ...(patch.validFrom ? { validFrom: new Date(patch.validFrom).toISOString() } : {}),
    ...(patch.validTo !== undefined
      ? { validTo: patch.validTo ? new Date(patch.validTo).toISOString() : null }
      : {}),
    updatedAt: now().toISOString(),
    version: a.version + 1,
  };
  if (next.validTo && next.validTo <= next.validFrom)
    throw new BadRequest('validTo must be after validFrom.', [
      { path: 'body.validTo', code: 'invalid_window', message: 'validTo must be after validFrom' },
    ]);
  await repo.replaceAnnouncement(auth.tenantId, next, expected);
  return next;
}

export async function remove(auth: Auth, id: string): Promise<void> {
  await repo.deleteAnnouncement(auth.tenantId, await loadManaged(auth, id));
}

export const inbox = (auth: Auth, q: { unread: boolean; limit: number; cursor?: string | undefined }) =>
  repo.inboxPage(auth.tenantId, auth.userId, q.unread, now().toISOString(), q);

/** Who has read it and who has not: its recipients, as many reads as the audience, not the tenant. */
export async function reads(auth: Auth, id: string) {
  const a = await loadManaged(auth, id);
  const all = await repo.recipients(auth.tenantId, a.id);
  const reader = (r: repo.Recipient) => ({ userId: r.userId, name: r.name, readAt: r.readAt });
  return { read: all.filter((r) => r.read).map(reader), unread: all.filter((r) => !r.read).map(reader) };
}

/** The users an audience addresses now: everyone, the roles' subtrees, the named users (active ones). */
export async function audienceOf(tenantId: string, audience: Audience | Announcement['audience']) {
  const users = new Map<string, { id: string; name: string }>();
  const add = (list: Array<{ id: string; name: string; disabled?: boolean }>) => {
    for (const u of list) if (!u.disabled) users.set(u.id, { id: u.id, name: u.name });
  };
  if (audience.all) {
    const root = (await listRoles(tenantId)).find((r) => r.isRoot);
    if (root) add(await listUsersInSubtree(tenantId, root.path));
  }
  if (audience.roleIds?.length)
    for (const role of await getRoles(tenantId, audience.roleIds))
      add(await listUsersInSubtree(tenantId, role.path));
  if (audience.userIds?.length) add(await getUsers(tenantId, audience.userIds));
  return [...users.values()];
}
