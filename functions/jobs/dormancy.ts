import type { Context } from 'aws-lambda';
import { runDormancy } from '#lib/lifecycle/tiers.ts';
import { background } from '#lib/tracing.ts';

/** Leaves the function this long to finish the customer in hand before its timeout. */
const MARGIN_MS = 30_000;

/**
 * EventBridge schedule (lib/jobs.ts): customers with deals that have had neither a deal nor a
 * follow-up for the tenant's dormantDays become dormant (沉睡客户). A run cut short is finished by the next.
 */
export const handler = background('dormancy', async (_event: unknown, context?: Context) =>
  runDormancy(context ? { deadline: Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS } : {}),
);
