import { randomUUID } from 'node:crypto';
import type { Publisher } from '#lib/events/publisher.ts';
import { EVENT_SOURCE } from '#lib/events/publisher.ts';
import type { DomainEvent } from '#lib/events/schemas.ts';
import { type EventConsumerSpec, eventConsumers } from '#lib/jobs.ts';
import { lambdaContext, loadHandler } from './handlers.ts';

/**
 * What the EventBridge bus and its rules do in AWS, for the local runtime and tests: each published
 * event goes to every consumer whose `types` match, as the EventBridge event its Lambda receives.
 * A consumer that fails fails the publish, so the stream record is delivered again (in AWS,
 * EventBridge retries the target and then parks the event in the rule's dead-letter queue).
 */
export function localBus(consumers: Readonly<Record<string, EventConsumerSpec>> = eventConsumers): Publisher {
  const matches = (spec: EventConsumerSpec, type: string) =>
    spec.types.includes('*') || spec.types.includes(type);
  return {
    async publish(events: readonly DomainEvent[]) {
      for (const event of events) {
        for (const spec of Object.values(consumers)) {
          if (!matches(spec, event.type)) continue;
          const handler = await loadHandler(spec.handler);
          await handler(
            {
              version: '0',
              id: randomUUID(),
              'detail-type': event.type,
              source: EVENT_SOURCE,
              account: '000000000000',
              time: event.occurredAt,
              region: 'local',
              resources: [],
              detail: event,
            },
            lambdaContext(spec.handler),
          );
        }
      }
    },
  };
}
