import type { Context } from 'aws-lambda';
import { runReclaim } from '#lib/pool/job.ts';
import { background } from '#lib/tracing.ts';

/** Leaves the function this long to finish the customer in hand and report before its timeout. */
const MARGIN_MS = 30_000;

/**
 * EventBridge schedule (lib/jobs.ts): reclaims the customers due by now and carries on any rule
 * change still being applied. A run cut short by the deadline is finished by the next one.
 */
export const handler = background('reclaim-pool', async (_event: unknown, context?: Context) =>
  runReclaim(context ? { deadline: Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS } : {}),
);
