import type { DynamoDBRecord } from 'aws-lambda';
import type { FeedOf } from '../../db/keys.ts';
import { imagesOf } from '../../db/stream.ts';
import type { Auth } from '../../http/auth.ts';
import { NotFound } from '../../http/errors.ts';
import { getRole, getUser } from '../../org/repository.ts';
import { superiorOf } from '../access.ts';
import { projections } from './projections.ts';
import * as repo from './repository.ts';

/**
 * `office-activity` (a stream consumer): what a change of a follow-up, task or work log (and, once
 * wired, a check-in or an approval) did becomes an entry in its actor's feed and in the feed of every
 * role above the actor's, so a superior's page is one Query whatever the team's size.
 */
export async function onActivity(record: DynamoDBRecord): Promise<boolean> {
  const { before, after, tenantId } = imagesOf(record);
  const type = (after ?? before)?.type;
  const project = typeof type === 'string' ? projections[type] : undefined;
  if (!tenantId || !project) return false;
  const entry = project(before, after);
  if (!entry) return false;
  const actor = await getUser(tenantId, entry.actorId);
  // The actor's role now, not when they acted: an entry projected after the owner sync moved their
  // others (office-owner-sync) lands where those are.
  const rolePath = actor?.rolePath ?? entry.actorRolePath;
  if (!rolePath) return false;
  const above = rolePath.split('/').filter(Boolean).slice(0, -1);
  const { actorRolePath: _p, ...fields } = entry;
  await repo.putEntry(tenantId, { ...fields, actorName: actor?.name ?? '' }, [
    { user: entry.actorId },
    ...above.map((role) => ({ role })),
  ]);
  return true;
}

/**
 * 工作动态: the caller's own activity and everyone's below them, newest first; or one subordinate's
 * (userId), or everyone below a role in the caller's subtree (roleId).
 */
export async function feed(
  auth: Auth,
  q: { userId?: string | undefined; roleId?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const page = { limit: q.limit, cursor: q.cursor };
  if (q.userId && q.userId !== auth.userId) {
    const user = await getUser(auth.tenantId, q.userId);
    if (!user || !superiorOf(auth, user.rolePath)) throw new NotFound('user');
    return repo.feedPage(auth.tenantId, [{ user: user.id }], page);
  }
  if (q.roleId && q.roleId !== auth.roleId) {
    const role = await getRole(auth.tenantId, q.roleId);
    if (!role || !superiorOf(auth, role.path)) throw new NotFound('role');
    return repo.feedPage(auth.tenantId, [{ role: role.id }], page);
  }
  const feeds: FeedOf[] = q.userId ? [{ user: auth.userId }] : [{ role: auth.roleId }, { user: auth.userId }];
  return repo.feedPage(auth.tenantId, feeds, page);
}
