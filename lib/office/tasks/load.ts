import type { Auth } from '../../http/auth.ts';
import { NotFound } from '../../http/errors.ts';
import * as repo from './repository.ts';
import { canRead, type TaskRecord } from './rules.ts';

/**
 * The task if the caller may read it; NotFound otherwise. Apart from the service so that a check
 * of a task's visibility (an attachment's target, lib/files/targets.ts) bundles only this.
 */
export async function loadVisibleTask(auth: Auth, id: string): Promise<TaskRecord> {
  const t = await repo.getTask(auth.tenantId, id);
  if (!t || !canRead(auth, t)) throw new NotFound('task');
  return t;
}
