import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eachInOrder } from '#lib/db/stream.ts';
import { logger } from '#lib/log.ts';
import { onOwnerChanged } from '#lib/pipeline/consumers.ts';
import { background } from '#lib/tracing.ts';

/**
 * Invoked by the table's stream with changes of user items (lib/jobs.ts `deal-owner-sync`; the local
 * runtime sends the same events): when a user's role or name changed, their leads, opportunities and
 * contracts are re-keyed to it. A record that fails is reported back and delivered again; the
 * rewrite resumes.
 */
export const ownerChanged = async (
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  return eachInOrder('deal-owner-sync', event.Records, onOwnerChanged);
};

export const handler = background('owner-changed', ownerChanged);
