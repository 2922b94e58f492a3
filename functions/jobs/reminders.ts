import type { Context } from 'aws-lambda';
import { runReminders } from '#lib/followups/jobs.ts';
import { background } from '#lib/tracing.ts';

/** Leaves the function this long to finish the plan in hand and report before its timeout. */
const MARGIN_MS = 30_000;

/**
 * EventBridge schedule (lib/jobs.ts, every 5 minutes): tells owners of the plans falling due. A run
 * cut short by the deadline leaves the rest on the schedule for the next one.
 */
export const handler = background('reminders', async (_event: unknown, context?: Context) =>
  runReminders(context ? { deadline: Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS } : {}),
);
