import * as z from 'zod/mini';
import { startStreamConsumers } from '#infra/local/streams.ts';
import { eventSchema } from '#lib/events/catalog.ts';
import { useLocalBus } from '#lib/events/publisher.ts';
import type { DomainEvent } from '#lib/events/schemas.ts';
import { streamConsumers } from '#lib/jobs.ts';

/**
 * The events consumer as it runs locally (DynamoDB Local's stream, lib/jobs.ts `events`), with a
 * bus that records what it is given instead of handing it on. Other test files write to the same
 * table meanwhile: their events are recorded too, and a test reads only its own tenant's.
 */
export async function recordEvents() {
  const published: DomainEvent[] = [];
  useLocalBus({ publish: async (events) => void published.push(...events) });
  const streams = startStreamConsumers({
    endpoint: process.env.DYNAMODB_ENDPOINT as string,
    tableName: process.env.TABLE_NAME as string,
    log: (line) => console.error(line),
    consumers: { events: streamConsumers.events },
    from: 'LATEST',
  });
  await streams.ready;
  return {
    stop: streams.stop,
    /** Every event of the tenant published so far (after the stream has caught up). */
    async of(tenantId: string) {
      await streams.caughtUp();
      return published.filter((e) => e.tenantId === tenantId);
    },
  };
}

/** Whether an event fits the schema of its type (what the API document's webhooks section shows). */
export function fitsSchema(event: DomainEvent): boolean {
  const schema = eventSchema(event.type);
  return !!schema && z.safeParse(schema, event).success;
}
