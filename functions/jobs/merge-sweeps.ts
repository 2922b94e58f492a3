import { runMergeSweeps } from '#lib/customers/merge.ts';
import { background } from '#lib/tracing.ts';

/**
 * EventBridge schedule (lib/jobs.ts, every 15 minutes): finishes the merges too big for one
 * transaction whose request died before all their children reached the target.
 */
export const handler = background('merge-sweeps', async () => runMergeSweeps());
