import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { config } from '../config.ts';
import { traced } from '../tracing.ts';
import type { DomainEvent } from './schemas.ts';

/**
 * Where domain events go. In AWS: the EventBridge bus, whose rules hand them to each consumer
 * (lib/jobs.ts `eventConsumers`; the webhooks' fan-out is one). Locally: the in-process bus the
 * local runtime installs (infra/local/bus.ts), which invokes the same consumer handlers.
 */
export interface Publisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

/** The `source` of our events on the bus. */
export const EVENT_SOURCE = 'crm';
/** PutEvents takes at most 10 entries. */
const BATCH = 10;

interface Sender {
  send(command: PutEventsCommand): Promise<{ FailedEntryCount?: number | undefined; Entries?: unknown[] }>;
}

export function eventBridgePublisher(client: Sender, busName: string): Publisher {
  return {
    async publish(events) {
      for (let i = 0; i < events.length; i += BATCH) {
        const batch = events.slice(i, i + BATCH);
        const out = await client.send(
          new PutEventsCommand({
            Entries: batch.map((event) => ({
              EventBusName: busName,
              Source: EVENT_SOURCE,
              DetailType: event.type,
              Time: new Date(event.occurredAt),
              Detail: JSON.stringify(event),
            })),
          }),
        );
        // A partial failure fails the record: the stream delivers it again, and the consumers know
        // the events already published by their ids.
        if (out.FailedEntryCount)
          throw new Error(`EventBridge refused ${out.FailedEntryCount} of ${batch.length} events`);
      }
    },
  };
}

let local: Publisher | undefined;

/** The local runtime's bus (and tests'): installed before the events consumer runs. */
export function useLocalBus(bus: Publisher | undefined): void {
  local = bus;
}

let cached: Publisher | undefined;

export function publisher(): Publisher {
  const { RUNTIME, EVENT_BUS_NAME } = config();
  if (RUNTIME === 'local') {
    if (!local) throw new Error('No local event bus: the local runtime installs one (useLocalBus)');
    return local;
  }
  if (!EVENT_BUS_NAME) throw new Error('EVENT_BUS_NAME is required to publish events in AWS');
  cached ??= eventBridgePublisher(traced(new EventBridgeClient({})), EVENT_BUS_NAME);
  return cached;
}
