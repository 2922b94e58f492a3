import type { Auth } from '../../http/auth.ts';
import { NotFound } from '../../http/errors.ts';
import * as repo from './repository.ts';
import { canSee, type WorklogRecord } from './rules.ts';

/**
 * The work log if the caller sees it; NotFound otherwise. Apart from the service so that a check
 * of a work log's visibility (an attachment's target, lib/files/targets.ts) bundles only this.
 */
export async function loadVisibleWorklog(auth: Auth, id: string): Promise<WorklogRecord> {
  const w = await repo.getWorklog(auth.tenantId, id);
  if (!w || !canSee(auth, w)) throw new NotFound('work log');
  return w;
}
