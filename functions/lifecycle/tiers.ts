import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { onTierSource } from '#lib/lifecycle/tiers.ts';
import { logger } from '#lib/log.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of customers, contracts and opportunities (lib/jobs.ts
 * `customer-tiers`): the customers they concern get their tier recomputed. A record that fails is
 * reported back and delivered again; the recompute is idempotent.
 */
export const tiersChanged = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('customer-tiers', event.Records, onTierSource);
};

export const handler = background('tiers', tiersChanged);
