import { background } from '#lib/tracing.ts';
import { deliverDue } from '#lib/webhooks/delivery.ts';

/**
 * EventBridge schedule (lib/jobs.ts): attempts the webhook deliveries due by now. Runs that overlap
 * split the work through leases; a delivery a crashed run held is attempted again when its lease ends.
 */
export const handler = background('webhook-deliveries', async () => deliverDue());
