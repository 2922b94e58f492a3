import type { Context } from 'aws-lambda';
import { runDateReminders } from '#lib/followups/jobs.ts';
import { background } from '#lib/tracing.ts';

/** Leaves the function this long to finish the tenant in hand and report before its timeout. */
const MARGIN_MS = 60_000;

/**
 * EventBridge schedule (lib/jobs.ts, daily at 00:30 China time): birthday, contract-expiry and
 * payment-due reminders, tenant by tenant. A run cut short resumes after the last finished tenant.
 */
export const handler = background('date-reminders', async (_event: unknown, context?: Context) =>
  runDateReminders(context ? { deadline: Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS } : {}),
);
