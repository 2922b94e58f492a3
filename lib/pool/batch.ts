import type { BatchInput } from '../customers/schemas.ts';
import {
  addShares,
  BATCH_CONCURRENCY,
  deleteCustomer,
  mapLimited,
  setHot,
  transferCustomer,
} from '../customers/service.ts';
import type { Auth } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { type PreparedRelease, prepareRelease, releaseCustomer } from './service.ts';

/** One action over many customers; each id succeeds or fails on its own, with the code it would get alone. */
export async function batchCustomers(auth: Auth, input: BatchInput) {
  // The reason and the pool are checked once for all ids (400 for the whole batch).
  const release = input.action === 'release' ? await prepareRelease(auth, input) : undefined;
  const run = (id: string): Promise<unknown> => {
    switch (input.action) {
      case 'release':
        return releaseCustomer(auth, id, release as PreparedRelease);
      case 'share':
        return addShares(auth, id, input.userIds);
      case 'transfer':
        return transferCustomer(auth, id, input.userId);
      case 'delete':
        return deleteCustomer(auth, id);
      case 'hot':
        return setHot(auth, id, input.hot);
    }
  };
  const results = await mapLimited(input.ids, BATCH_CONCURRENCY, async (id) => {
    try {
      await run(id);
      return { id, status: input.action === 'delete' ? 204 : 200 };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return { id, status: error.status, code: error.code };
    }
  });
  const succeeded = results.filter((r) => r.status < 300).length;
  return { action: input.action, succeeded, failed: results.length - succeeded, results };
}
