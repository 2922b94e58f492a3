import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { DomainEvent } from '#lib/events/schemas.ts';
import { logger } from '#lib/log.ts';
import { background } from '#lib/tracing.ts';
import { fanOut } from '#lib/webhooks/delivery.ts';

/**
 * An EventBridge rule's target (lib/jobs.ts `eventConsumers.webhooks`; locally the in-process bus):
 * writes the event's deliveries, one per subscribed webhook. A failure is retried by EventBridge
 * and then lands in the rule's dead-letter queue; a repeat writes nothing twice.
 */
export const fanOutEvent = async (event: EventBridgeEvent<string, DomainEvent>, context?: Context) => {
  if (context) logger.addContext(context);
  return { deliveries: await fanOut(event.detail) };
};

export const handler = background('fan-out', fanOutEvent);
