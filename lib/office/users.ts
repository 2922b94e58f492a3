import { BadRequest } from '../http/errors.ts';
import { getUsers } from '../org/repository.ts';
import type { User } from '../org/schemas.ts';

/**
 * The active users behind ids from a request body, by id; an unknown, deleted or disabled one is a
 * 400 naming the field, so nothing is written for a colleague who does not exist.
 */
export async function activeUsers(
  tenantId: string,
  fields: Array<{ path: string; ids: readonly string[] }>,
): Promise<Map<string, User>> {
  const ids = [...new Set(fields.flatMap((f) => f.ids))];
  const users = new Map((ids.length ? await getUsers(tenantId, ids) : []).map((u) => [u.id, u]));
  const errors = fields.flatMap((f) =>
    f.ids
      .map((id, i) => ({ id, i }))
      .filter(({ id }) => !users.get(id) || users.get(id)?.disabled)
      .map(({ i }) => ({
        path: f.ids.length === 1 && !f.path.endsWith(']') ? f.path : `${f.path}.${i}`,
        code: 'unknown_user',
        message: 'No active colleague has this id.',
      })),
  );
  if (errors.length) throw new BadRequest('Some users do not exist or are disabled.', errors);
  return users;
}
