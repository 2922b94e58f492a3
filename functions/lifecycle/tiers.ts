import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { refreshTiers, tierWork } from '#lib/lifecycle/tiers.ts';
import { logger } from '#lib/log.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of customers, contracts and opportunities (lib/jobs.ts
 * `customer-tiers`): the customers they concern get their tier recomputed, each once a batch. A
 * record that fails is reported back and delivered again; the recompute is idempotent.
 */
export const tiersChanged = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  const work = tierWork(event.Records);
  return eachInOrder('customer-tiers', event.Records, (record) => refreshTiers(work.get(record) ?? []));
};

export const handler = background('tiers', tiersChanged);
